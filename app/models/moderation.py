"""The audit log of moderators' decisions; pseudonymous so it outlives erasure."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now
from app.extensions import db
from app.models.types import enum_column


class AuditAction(enum.Enum):
    APPROVE = "approve"
    REJECT = "reject"
    UNDO = "undo"
    REMOVE = "remove"  # a reported comment taken down
    DISMISS_REPORT = "dismiss_report"
    MARK_UNDER_16 = "mark_under_16"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    ERASE_ACCOUNT = "erase_account"
    GUARDIAN_CONFIRM = "guardian_confirm"
    GUARDIAN_DISMISS = "guardian_dismiss"
    CLAIM = "claim"
    GRANT = "grant"
    AGE_REVIEW_KEEP = "age_review_keep"  # a reader's review request: the age stays
    AGE_REVIEW_LIFT = "age_review_lift"  # a reader's review request: lifted to adult


class AuditEntry(db.Model):
    """Who decided what, when and why. Subjects are keyed hashes, never names or ids."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    moderator_pseudonym: Mapped[str | None] = mapped_column(String(64))
    subject_pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)
    comment_id: Mapped[int | None] = mapped_column(index=True)  # no FK: outlives the comment
    guardian_case_id: Mapped[int | None]
    queue: Mapped[str | None] = mapped_column(String(16))  # "under_16" | "reported" | "guardian"
    reason: Mapped[str | None] = mapped_column(String(600))  # as the author was told
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # waited seconds, counts, ...
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
    undone_at: Mapped[datetime | None]
