"""The audit log: who decided what, when, with people named only by pseudonym.

Every service that records a staff decision (the moderation desk, guardian cases, age
reviews, readers' messages) writes it through :func:`record`, so an entry never names a
person but by keyed hash and outlives the erasure of its subject.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import AuditAction, AuditEntry, User
from app.services import pseudonyms

# Queue names as the audit log records them (AuditEntry.queue).
UNDER_16 = "under_16"
REPORTED = "reported"
GUARDIAN = "guardian"
AGE_REVIEW = "age_review"
MESSAGES = "messages"


def record(
    action: AuditAction,
    moderator: User,
    *,
    subject_id: int | None = None,
    comment_id: int | None = None,
    guardian_case_id: int | None = None,
    queue: str | None = None,
    reason: str | None = None,
    reason_code: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits); people only by
    pseudonym."""
    entry = AuditEntry(
        action=action,
        moderator_id=moderator.id,
        moderator_pseudonym=pseudonyms.pseudonym("user", moderator.id),
        subject_pseudonym=None if subject_id is None else pseudonyms.pseudonym("user", subject_id),
        comment_id=comment_id,
        guardian_case_id=guardian_case_id,
        queue=queue,
        reason=reason,
        reason_code=reason_code,
        details=details,
        created_at=at or clock.now(),
    )
    db.session.add(entry)
    return entry


def page(
    action: AuditAction | None = None, before_id: int | None = None, limit: int | None = None
) -> tuple[list[AuditEntry], int | None]:
    """Audit entries, newest first, optionally of one action; returns (entries, next before)."""
    limit = limit or current_app.config["MODERATION_PAGE_SIZE"]  # a page, like the queues
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit + 1)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    entries = list(db.session.scalars(stmt))
    if len(entries) > limit:
        entries = entries[:limit]
        return entries, entries[-1].id
    return entries, None
