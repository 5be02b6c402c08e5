"""Reading the reported queue: published comments with open reports, oldest report first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.models import Comment, Report, User
from app.services import sanitize
from app.services.keyset import Position
from app.services.moderation.queue import AuthorHistory, author_histories
from app.services.moderation.scope import reported_scope, vetted


@dataclass
class ReportedItem:
    comment: Comment
    reports: list[Report]
    first_reported_at: datetime
    history: AuthorHistory
    now: datetime

    @property
    def waited_seconds(self) -> int:
        return max(0, int((self.now - self.first_reported_at).total_seconds()))

    @property
    def text(self) -> str:
        return sanitize.plain_text(self.comment.body_html)

    @property
    def reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for report in self.reports:
            counts[report.reason.value] = counts.get(report.reason.value, 0) + 1
        return counts


@dataclass
class ReportedPage:
    items: list[ReportedItem]
    next_cursor: Position | None


def reported_queue(
    after: Position | None = None, limit: int | None = None, moderator: User | None = None
) -> ReportedPage:
    """Published comments with open reports, grouped per comment, oldest report first;
    ``after`` is the (first report's time, comment id) of the last one shown.

    Never a comment on a guardian hold; a reports-only moderator sees adults' comments only,
    and of their authors' history only what the reported queue decided (removals).
    """
    limit = limit or current_app.config["MODERATION_PAGE_SIZE"]
    first = func.min(Report.created_at)
    stmt = (
        select(Report.comment_id, first.label("first_reported"))
        .join(Comment, Comment.id == Report.comment_id)
        .where(Report.resolved_at.is_(None), reported_scope(moderator))
        .group_by(Report.comment_id)
        .order_by(first, Report.comment_id)
        .limit(limit + 1)
    )
    if after is not None:
        stmt = stmt.having(
            or_(
                first > after.at,
                and_(first == after.at, Report.comment_id > after.id),
            )
        )
    rows = db.session.execute(stmt).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = Position(rows[-1][1], rows[-1][0])
    ids = [comment_id for comment_id, _ in rows]
    comments = {
        c.id: c
        for c in db.session.scalars(
            select(Comment)
            .where(Comment.id.in_(ids))
            .options(selectinload(Comment.article), selectinload(Comment.author))
        )
    }
    reports: dict[int, list[Report]] = {}
    for report in db.session.scalars(
        select(Report)
        .where(Report.comment_id.in_(ids), Report.resolved_at.is_(None))
        .order_by(Report.created_at, Report.id)
    ):
        reports.setdefault(report.comment_id, []).append(report)
    histories = author_histories(
        {c.author_id for c in comments.values() if c.author_id is not None}
    )
    if moderator is not None and not vetted(moderator):
        # The under-16 queue's decisions (and their reasons) are children's material.
        histories = {
            author: AuthorHistory(removed=history.removed) for author, history in histories.items()
        }
    now = clock.now()
    items = [
        ReportedItem(
            comment=comments[comment_id],
            reports=reports.get(comment_id, []),
            first_reported_at=first_reported,
            history=histories.get(comments[comment_id].author_id, AuthorHistory()),
            now=now,
        )
        for comment_id, first_reported in rows
        if comment_id in comments
    ]
    return ReportedPage(items=items, next_cursor=next_cursor)
