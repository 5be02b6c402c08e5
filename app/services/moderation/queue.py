"""Reading the under-16 queue: held comments with their context and their author's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from flask import current_app
from markupsafe import Markup
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.models import Comment, CommentStatus, User
from app.services import pseudonyms, sanitize, screening
from app.services.keyset import Position
from app.services.moderation.claims import claim_duration, claim_open

RECENT_REASONS = 3  # rejection reasons shown per author


@dataclass
class AuthorHistory:
    """What moderators decided about an author's earlier comments."""

    approved: int = 0
    rejected: int = 0
    removed: int = 0
    recent_reasons: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.approved or self.rejected or self.removed)


@dataclass
class QueueItem:
    """One held comment as the desk shows it."""

    comment: Comment
    history: AuthorHistory
    now: datetime

    @property
    def waited_seconds(self) -> int:
        since = self.comment.held_since or self.comment.created_at
        return max(0, int((self.now - since).total_seconds()))

    @property
    def screened(self) -> bool:
        return self.comment.screened_at is not None

    @cached_property
    def findings(self) -> dict[str, int]:
        return screening.summary(self.comment.screening or [])

    @cached_property
    def highlighted(self) -> Markup:
        """The comment as plain text with the screening findings marked.

        The text is made exactly as the screening job made it, so the positions fit; the
        job stores its rendering (``screened_html``, cleared when the text changes), so the
        desk parses only a comment screened before that column existed.
        """
        if self.comment.screened_html is not None:
            return Markup(self.comment.screened_html)  # noqa: S704 - screening.highlight's
        text = sanitize.plain_text(self.comment.body_html)
        return screening.highlight(text, self.comment.screening or [])

    @cached_property
    def parent_text(self) -> str | None:
        """The comment replied to, as context (tags stripped: no positions needed here)."""
        parent = self.comment.parent
        if parent is None:
            return None
        return Markup(parent.body_html).striptags()  # noqa: S704 - only its text is kept

    def claimed_by_other(self, moderator: User) -> bool:
        return claim_open(self.comment, self.now) and self.comment.claimed_by_id != moderator.id

    def claimed_by_me(self, moderator: User) -> bool:
        return claim_open(self.comment, self.now) and self.comment.claimed_by_id == moderator.id

    @property
    def claim_until(self) -> datetime | None:
        if self.comment.claimed_at is None:
            return None
        return self.comment.claimed_at + claim_duration()

    @property
    def claimant_pseudonym(self) -> str | None:
        claimant = self.comment.claimed_by_id
        return None if claimant is None else pseudonyms.pseudonym("user", claimant)


@dataclass
class QueuePage:
    items: list[QueueItem]
    next_cursor: Position | None
    total: int


def minors_queue(after: Position | None = None, limit: int | None = None) -> QueuePage:
    """Held comments, oldest first, one keyset page (index ix_comments_status_held_since):
    ``after`` is the (held_since, id) of the last comment shown."""
    limit = limit or current_app.config["MODERATION_PAGE_SIZE"]
    stmt = (
        select(Comment)
        .where(Comment.status == CommentStatus.PENDING)
        .order_by(Comment.held_since, Comment.id)
        .limit(limit + 1)
        .options(
            selectinload(Comment.article),
            selectinload(Comment.parent),
            selectinload(Comment.author),
        )
    )
    if after is not None:
        # ">=" bounds the index range; the OR only breaks ties on the same instant.
        stmt = stmt.where(
            Comment.held_since >= after.at,
            or_(Comment.held_since > after.at, Comment.id > after.id),
        )
    comments = list(db.session.scalars(stmt))
    next_cursor = None
    if len(comments) > limit:
        comments = comments[:limit]
        last = comments[-1]
        if last.held_since is not None:
            next_cursor = Position(last.held_since, last.id)
    total = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.status == CommentStatus.PENDING)
    )
    return QueuePage(items=_as_items(comments), next_cursor=next_cursor, total=total or 0)


def queue_item(comment_id: int) -> QueueItem | None:
    """One comment of the under-16 queue (decided or not) with its context, or None."""
    comment = db.session.scalar(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(selectinload(Comment.article), selectinload(Comment.parent))
    )
    if comment is None or comment.held_since is None or comment.status is CommentStatus.ERASED:
        return None
    return _as_items([comment])[0]


def _as_items(comments: Sequence[Comment]) -> list[QueueItem]:
    histories = author_histories({c.author_id for c in comments if c.author_id is not None})
    now = clock.now()
    return [
        QueueItem(comment=c, history=histories.get(c.author_id, AuthorHistory()), now=now)
        for c in comments
    ]


def author_histories(author_ids: set[int]) -> dict[int | None, AuthorHistory]:
    """Approved/rejected/removed counts and the last few rejection reasons, in one query."""
    if not author_ids:
        return {}
    # A moderator decided: held comments get decided_at, removals resolve reports.
    decided = case(
        (or_(Comment.decided_at.is_not(None), Comment.status == CommentStatus.REMOVED), 1),
        else_=0,
    )
    partition = (Comment.author_id, Comment.status, decided)
    ranked = (
        select(
            Comment.author_id,
            Comment.status,
            Comment.rejection_reason,
            decided.label("decided"),
            func.count().over(partition_by=partition).label("status_count"),
            func.row_number()
            .over(partition_by=partition, order_by=(Comment.decided_at.desc(), Comment.id.desc()))
            .label("rank"),
        )
        # Only the author filter here, so that the database walks ix_comments_author_created
        # for these few authors instead of every decided comment.
        .where(Comment.author_id.in_(author_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(
            ranked.c.author_id, ranked.c.status, ranked.c.rejection_reason, ranked.c.status_count
        ).where(
            ranked.c.decided == 1,
            ranked.c.rank <= RECENT_REASONS,
            ranked.c.status.in_(
                (CommentStatus.PUBLISHED, CommentStatus.REJECTED, CommentStatus.REMOVED)
            ),
        )
    )
    histories: dict[int | None, AuthorHistory] = {}  # author-less comments look up None
    for author_id, status, reason, count in rows:
        history = histories.setdefault(author_id, AuthorHistory())
        if status is CommentStatus.PUBLISHED:
            history.approved = count
        elif status is CommentStatus.REJECTED:
            history.rejected = count
            if reason:
                history.recent_reasons.append(reason)
        else:
            history.removed = count
    return histories
