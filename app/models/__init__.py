"""The data model: one module per concept. Statuses are Enums, never magic values."""

from app.models.article import Article
from app.models.comment import Comment, CommentStatus, Report, ReportReason
from app.models.erasure import (
    ErasedSubject,
    ErasureRequest,
    ErasureScope,
    ErasureState,
    ErasureTrigger,
)
from app.models.facebook import SeenSignedRequest
from app.models.feedback import FeedbackMessage, FeedbackTopic
from app.models.guardian import GuardianCase, GuardianCaseState
from app.models.mail import OutgoingMail
from app.models.moderation import AuditAction, AuditEntry
from app.models.outbox import Task, TaskState
from app.models.subscription import ReplySubscription
from app.models.user import (
    AgeClass,
    AgeSignal,
    AgeVerdict,
    LoginSession,
    ModeratorGrant,
    ModeratorScope,
    SignalSource,
    User,
)

__all__ = [
    "AgeClass",
    "AgeSignal",
    "AgeVerdict",
    "Article",
    "AuditAction",
    "AuditEntry",
    "Comment",
    "CommentStatus",
    "ErasedSubject",
    "ErasureRequest",
    "ErasureScope",
    "ErasureState",
    "ErasureTrigger",
    "FeedbackMessage",
    "FeedbackTopic",
    "GuardianCase",
    "GuardianCaseState",
    "LoginSession",
    "ModeratorGrant",
    "ModeratorScope",
    "OutgoingMail",
    "Report",
    "ReportReason",
    "ReplySubscription",
    "SeenSignedRequest",
    "SignalSource",
    "Task",
    "TaskState",
    "User",
]
