"""Decisions on held comments: claim, approve, reject, undo, and the same in bulk.

Every decision is a conditional UPDATE (``... WHERE status = 'pending'``) whose row count
says whether this moderator made it; see the package's docstring.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from app import clock
from app.extensions import db
from app.models import AuditAction, AuditEntry, Comment, CommentStatus, User
from app.services import audit, erasure_guard, page_cache, screening, subscriptions
from app.services.moderation.claims import claim_duration, claim_open, free_or_mine
from app.services.moderation.refusals import (
    AlreadyDecided,
    AuthorBeingErased,
    ClaimedByOther,
    DecisionRefused,
    UndoUnavailable,
)

log = logging.getLogger(__name__)

BULK_LIMIT = 200  # ids in one bulk decision
_DECISIONS = (AuditAction.APPROVE, AuditAction.REJECT)


def reload(comment_id: int) -> Comment | None:
    return db.session.scalar(
        select(Comment).where(Comment.id == comment_id).execution_options(populate_existing=True)
    )


def _refusal(comment_id: int, now: datetime) -> DecisionRefused:
    """Why a conditional update touched no row."""
    db.session.rollback()
    comment = reload(comment_id)
    if comment is None or comment.status is not CommentStatus.PENDING:
        return AlreadyDecided(comment_id)
    if claim_open(comment, now) and comment.claimed_at is not None:
        return ClaimedByOther(comment.claimed_at + claim_duration())
    return AlreadyDecided(comment_id)  # decided and undone in between: let them look again


def _decide(
    moderator: User,
    comment_id: int,
    status: CommentStatus,
    reason: str | None,
    reason_code: str | None = None,
) -> Comment:
    if status is CommentStatus.PUBLISHED:
        held = db.session.get(Comment, comment_id)
        if held is not None and not erasure_guard.may_publish(held):
            raise AuthorBeingErased(comment_id)
    now = clock.now()
    values: dict[str, Any] = {
        "status": status,
        "decided_at": now,
        "rejection_reason": reason,
        "claimed_by_id": None,
        "claimed_at": None,
    }
    if status is CommentStatus.PUBLISHED:
        values["published_at"] = now
    result = db.session.execute(
        update(Comment)
        .where(
            Comment.id == comment_id,
            Comment.status == CommentStatus.PENDING,
            free_or_mine(moderator, now),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        raise _refusal(comment_id, now)
    comment = reload(comment_id)
    assert comment is not None
    held_since = comment.held_since or comment.created_at
    audit.record(
        AuditAction.APPROVE if status is CommentStatus.PUBLISHED else AuditAction.REJECT,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment.id,
        queue=audit.UNDER_16,
        reason=reason,
        reason_code=reason_code,
        details={
            "waited_seconds": max(0, int((now - held_since).total_seconds())),
            "screened": comment.screened_at is not None,
            "findings": screening.summary(comment.screening or []),
        },
        at=now,
    )
    if status is CommentStatus.PUBLISHED:
        subscriptions.comment_published(comment)
    db.session.commit()
    if status is CommentStatus.PUBLISHED:
        page_cache.invalidate(comment.article_id)
    log.info("comment %s %s by moderator %s", comment.id, status.value, moderator.id)
    return comment


def approve(moderator: User, comment_id: int) -> Comment:
    """Publish a held comment. Raises AlreadyDecided or ClaimedByOther; then nothing changed."""
    return _decide(moderator, comment_id, CommentStatus.PUBLISHED, None)


def reject(
    moderator: User, comment_id: int, reason: str, reason_code: str | None = None
) -> Comment:
    """Reject a held comment with the reason its author will see.

    ``reason_code`` is the preset reason chosen: the audit log keeps it for good, while the
    text (which may quote the child) goes when its subject is erased or after retention.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("a rejection needs a reason")
    return _decide(moderator, comment_id, CommentStatus.REJECTED, reason[:600], reason_code)


def claim(moderator: User, comment_id: int) -> Comment:
    """Take a held comment for CLAIM_SECONDS so other moderators leave it alone."""
    now = clock.now()
    result = db.session.execute(
        update(Comment)
        .where(
            Comment.id == comment_id,
            Comment.status == CommentStatus.PENDING,
            free_or_mine(moderator, now),
        )
        .values(claimed_by_id=moderator.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        raise _refusal(comment_id, now)
    comment = reload(comment_id)
    assert comment is not None
    audit.record(
        AuditAction.CLAIM,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=audit.UNDER_16,
        details={"claim_seconds": current_app.config["CLAIM_SECONDS"]},
        at=now,
    )
    db.session.commit()
    return comment


def undoable_decision(moderator: User, comment_id: int | None = None) -> AuditEntry | None:
    """This moderator's latest approval or rejection still inside UNDO_SECONDS, if any."""
    now = clock.now()
    stmt = (
        select(AuditEntry)
        .where(
            AuditEntry.moderator_id == moderator.id,
            AuditEntry.action.in_(_DECISIONS),
            AuditEntry.undone_at.is_(None),
            AuditEntry.created_at >= now - timedelta(seconds=current_app.config["UNDO_SECONDS"]),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if comment_id is not None:
        stmt = stmt.where(AuditEntry.comment_id == comment_id)
    return db.session.scalar(stmt)


def undo(moderator: User, comment_id: int) -> Comment:
    """Take back one's own decision within UNDO_SECONDS: the comment is held again.

    The comment goes back to its place in the queue, claimed by the same moderator.
    """
    entry = undoable_decision(moderator, comment_id)
    if entry is None:
        raise UndoUnavailable(comment_id)
    now = clock.now()
    decided = (
        CommentStatus.PUBLISHED if entry.action is AuditAction.APPROVE else CommentStatus.REJECTED
    )
    marked = db.session.execute(
        update(AuditEntry)
        .where(AuditEntry.id == entry.id, AuditEntry.undone_at.is_(None))
        .values(undone_at=now)
        .execution_options(synchronize_session=False)
    )
    reverted = db.session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == decided)
        .values(
            status=CommentStatus.PENDING,
            decided_at=None,
            rejection_reason=None,
            published_at=None,
            claimed_by_id=moderator.id,
            claimed_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1 or reverted.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        raise UndoUnavailable(comment_id)
    comment = reload(comment_id)
    assert comment is not None
    audit.record(
        AuditAction.UNDO,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=audit.UNDER_16,
        details={"undid": entry.action.value, "audit_entry": entry.id},
        at=now,
    )
    db.session.commit()
    if decided is CommentStatus.PUBLISHED:
        page_cache.invalidate(comment.article_id)
    return comment


@dataclass
class BulkResult:
    decided: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


def bulk_decide(
    moderator: User,
    comment_ids: Iterable[int],
    reason: str | None,
    reason_code: str | None = None,
) -> BulkResult:
    """Approve (``reason`` None) or reject each comment on its own, under the same rules."""
    result = BulkResult()
    for comment_id in dict.fromkeys(comment_ids):  # once each, in the order given
        try:
            if reason is None:
                approve(moderator, comment_id)
            else:
                reject(moderator, comment_id, reason, reason_code)
        except DecisionRefused:
            result.skipped.append(comment_id)
        else:
            result.decided.append(comment_id)
    return result
