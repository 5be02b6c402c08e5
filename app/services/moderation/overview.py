"""The desk's overview: how much waits in each queue, and for how long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.models import Comment, CommentStatus, Report, User
from app.services.moderation.scope import reported_scope


@dataclass
class Overview:
    pending: int
    unscreened: int
    oldest_held_since: datetime | None
    reported: int
    oldest_report_at: datetime | None
    now: datetime

    @property
    def oldest_wait_seconds(self) -> int | None:
        if self.oldest_held_since is None:
            return None
        return max(0, int((self.now - self.oldest_held_since).total_seconds()))

    @property
    def oldest_report_wait_seconds(self) -> int | None:
        if self.oldest_report_at is None:
            return None
        return max(0, int((self.now - self.oldest_report_at).total_seconds()))


def overview(moderator: User | None = None) -> Overview:
    """Counts and the oldest waiting time of each queue (the reported queue as this
    moderator sees it)."""
    pending, unscreened, oldest = db.session.execute(
        select(
            func.count(),
            func.count().filter(Comment.screened_at.is_(None)),
            func.min(Comment.held_since),
        ).where(Comment.status == CommentStatus.PENDING)
    ).one()
    reported, oldest_report = db.session.execute(
        select(func.count(func.distinct(Report.comment_id)), func.min(Report.created_at))
        .join(Comment, Comment.id == Report.comment_id)
        .where(Report.resolved_at.is_(None), reported_scope(moderator))
    ).one()
    return Overview(
        pending=pending,
        unscreened=unscreened,
        oldest_held_since=oldest,
        reported=reported,
        oldest_report_at=oldest_report,
        now=clock.now(),
    )
