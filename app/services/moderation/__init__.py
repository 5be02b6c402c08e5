"""The moderators' use-cases: holding, the queues, decisions and the audit log.

Every decision is a conditional UPDATE (``... WHERE status = 'pending'``) whose row count
says whether this moderator made it: two moderators deciding at once yield one decision,
and deciding an already decided (or erased) comment changes nothing and raises
:class:`AlreadyDecided`. Each decision writes an :class:`~app.models.AuditEntry` that names
people only by pseudonym, so the log outlives the erasure of the author.

One module per part of the desk; callers use the names re-exported here:

- ``refusals``: why a decision was not made; ``scope``: what a reports-only moderator sees;
- ``queue``: the under-16 queue as the desk reads it; ``claims``: a moderator's claim on it;
- ``overview``: the counts; ``reports``: the reported queue as the desk reads it;
- ``held``: decisions on held comments; ``removals``: decisions on reported comments;
- ``people``: decisions about people. Every decision is written to the audit log
  (:mod:`app.services.audit`).
"""

from app.services.audit import REPORTED, UNDER_16
from app.services.moderation.held import (
    BULK_LIMIT,
    BulkResult,
    approve,
    bulk_decide,
    claim,
    reject,
    undo,
    undoable_decision,
)
from app.services.moderation.overview import Overview, overview
from app.services.moderation.people import (
    erase_account,
    mark_under_16,
    suspend,
    suspended_readers,
    unsuspend,
)
from app.services.moderation.queue import (
    AuthorHistory,
    QueueItem,
    QueuePage,
    author_histories,
    minors_queue,
    queue_item,
)
from app.services.moderation.refusals import (
    AlreadyDecided,
    AuthorBeingErased,
    ClaimedByOther,
    DecisionRefused,
    NotAllowed,
    OutOfScope,
    UndoUnavailable,
)
from app.services.moderation.removals import dismiss_reports, remove_reported
from app.services.moderation.reports import (
    ReportedItem,
    ReportedPage,
    reported_queue,
)
from app.services.moderation.scope import check_person_scope

__all__ = [
    "BULK_LIMIT",
    "REPORTED",
    "UNDER_16",
    "AlreadyDecided",
    "AuthorBeingErased",
    "AuthorHistory",
    "BulkResult",
    "ClaimedByOther",
    "DecisionRefused",
    "NotAllowed",
    "OutOfScope",
    "Overview",
    "QueueItem",
    "QueuePage",
    "ReportedItem",
    "ReportedPage",
    "UndoUnavailable",
    "approve",
    "author_histories",
    "bulk_decide",
    "check_person_scope",
    "claim",
    "dismiss_reports",
    "erase_account",
    "mark_under_16",
    "minors_queue",
    "overview",
    "queue_item",
    "reject",
    "remove_reported",
    "reported_queue",
    "suspend",
    "suspended_readers",
    "undo",
    "undoable_decision",
    "unsuspend",
]
