"""Decisions on reported comments: take one down, or dismiss its reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from app import clock
from app.extensions import db
from app.models import AuditAction, Comment, CommentStatus, Report, User
from app.services import audit, page_cache
from app.services.moderation.held import reload
from app.services.moderation.refusals import AlreadyDecided
from app.services.moderation.scope import OPEN_REPORT, check_comment_scope


def _resolve_reports(comment_id: int, resolution: str, now: datetime) -> int:
    result = db.session.execute(
        update(Report)
        .where(Report.comment_id == comment_id, Report.resolved_at.is_(None))
        .values(resolved_at=now, resolution=resolution)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult


def remove_reported(moderator: User, comment_id: int) -> Comment:
    """Take down a reported comment (a tombstone stays for its replies); reports resolved."""
    check_comment_scope(moderator, comment_id)
    now = clock.now()
    result = db.session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == CommentStatus.PUBLISHED, OPEN_REPORT)
        .values(status=CommentStatus.REMOVED)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        raise AlreadyDecided(comment_id)
    resolved = _resolve_reports(comment_id, "removed", now)
    comment = reload(comment_id)
    assert comment is not None
    audit.record(
        AuditAction.REMOVE,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=audit.REPORTED,
        details={"reports": resolved},
        at=now,
    )
    db.session.commit()
    page_cache.invalidate(comment.article_id)
    return comment


def dismiss_reports(moderator: User, comment_id: int) -> int:
    """Close a comment's open reports; the comment stays. Returns how many were closed."""
    check_comment_scope(moderator, comment_id)
    now = clock.now()
    comment = reload(comment_id)
    if comment is None:
        raise AlreadyDecided(comment_id)
    resolved = _resolve_reports(comment_id, "dismissed", now)
    if not resolved:
        db.session.rollback()
        raise AlreadyDecided(comment_id)
    audit.record(
        AuditAction.DISMISS_REPORT,
        moderator,
        subject_id=comment.author_id,
        comment_id=comment_id,
        queue=audit.REPORTED,
        details={"reports": resolved},
        at=now,
    )
    db.session.commit()
    return resolved
