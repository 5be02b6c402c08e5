"""Comments and readers' reports about them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ColumnElement, ForeignKey, Index, String, Text, and_, event, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import now
from app.extensions import db
from app.models.article import Article
from app.models.types import enum_column
from app.models.user import User


class CommentStatus(enum.Enum):
    PENDING = "pending"  # waiting for a moderator; visible to its author only
    PUBLISHED = "published"
    REJECTED = "rejected"  # visible to its author only, with the reason
    DELETED = "deleted"  # by its author; a tombstone while replies hang under it
    REMOVED = "removed"  # by a moderator after a report
    ERASED = "erased"  # author-less tombstone left by the erasure engine

    @property
    def is_tombstone(self) -> bool:
        return self in (CommentStatus.DELETED, CommentStatus.REMOVED, CommentStatus.ERASED)


# What a tombstone (deleted by its author, or erased) is emptied of: it keeps its id,
# thread, parent and created_at (the thread's order), nothing that tells how its author was
# treated (held, decided, screened, edited) or where from.
TOMBSTONE: dict[str, Any] = {
    "body_html": "",
    "screening": None,
    "screened_at": None,
    "screened_html": None,
    "ip_prefix": None,
    "user_agent": None,
    "rejection_reason": None,
    "guardian_hold": False,
    "claimed_by_id": None,
    "claimed_at": None,
    "held_since": None,
    "decided_at": None,
    "published_at": None,
    "edited_at": None,
}


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    body_html: Mapped[str] = mapped_column(Text)  # sanitised on write (services/sanitize.py)
    status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus))
    created_at: Mapped[datetime] = mapped_column(default=now)
    edited_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    held_since: Mapped[datetime | None]  # when it (last) entered the under-16 queue
    decided_at: Mapped[datetime | None]
    # A preset reason plus the moderator's own words (up to 500 characters); shown to the author.
    rejection_reason: Mapped[str | None] = mapped_column(String(600))
    # Hidden from everyone else while a guardian's case is open or an erasure of its author runs.
    guardian_hold: Mapped[bool] = mapped_column(default=False)
    screening: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    screened_at: Mapped[datetime | None]
    # The text as the screening job scanned it, findings marked (HTML, from
    # screening.highlight): the desk shows it without parsing the comment again. Cleared
    # whenever the body or the screening is (see the listeners below).
    screened_html: Mapped[str | None] = mapped_column(Text)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    # Technical data kept for abuse handling, deleted after TECHNICAL_DATA_RETENTION_DAYS.
    ip_prefix: Mapped[str | None] = mapped_column(String(64))  # truncated at write time
    user_agent: Mapped[str | None] = mapped_column(String(300))

    article: Mapped[Article] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    parent: Mapped[Comment | None] = relationship(remote_side=[id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])

    __table_args__ = (
        Index("ix_comments_article_status_created", "article_id", "status", "created_at"),
        Index("ix_comments_status_held_since", "status", "held_since"),
        Index("ix_comments_author_created", "author_id", "created_at"),
        # Whether a reader has written in a thread (their first page may then differ from
        # the anonymous one): one probe, whatever the thread's size or the reader's history.
        Index("ix_comments_author_article", "author_id", "article_id"),
        # A thread's top-level comments in display order (its first page, whatever its size).
        Index(
            "ix_comments_article_roots",
            "article_id",
            "created_at",
            "id",
            postgresql_where=text("parent_id IS NULL"),
            sqlite_where=text("parent_id IS NULL"),
        ),
    )

    @hybrid_property
    def is_visible_to_public(self) -> bool:
        """A public comment: everyone may read it (see :func:`is_public`)."""
        return is_public(self.status, self.guardian_hold)

    @is_visible_to_public.inplace.expression
    @classmethod
    def _is_visible_to_public_sql(cls) -> ColumnElement[bool]:
        """The same, as SQL: ``Comment.is_visible_to_public`` in a WHERE clause."""
        return and_(cls.status == PUBLIC_STATUS, cls.guardian_hold.is_(False))

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.status.value}>"


@event.listens_for(Comment.body_html, "set")
@event.listens_for(Comment.screening, "set")
def _screened_html_goes_with_its_source(
    target: Comment, value: Any, old: Any, initiator: Any
) -> None:
    """A new body (an edit) or a screening cleared (held again) makes the stored rendering
    stale; it goes at once, so no word of an edited-away text stays behind."""
    if value != old and (value is None or initiator.key == "body_html"):
        target.screened_html = None


# A public comment, the one definition: published, and not on a guardian hold. Python reads it
# through is_public() (a row or a skeleton tuple), SQL through Comment.is_visible_to_public.
PUBLIC_STATUS = CommentStatus.PUBLISHED


def is_public(status: CommentStatus, guardian_hold: bool) -> bool:
    """Whether everyone may read a comment in this state."""
    return status is PUBLIC_STATUS and not guardian_hold


class ReportReason(enum.Enum):
    ABUSE = "abuse"
    SPAM = "spam"
    PERSONAL_INFO = "personal_info"
    UNDER_16 = "under_16"  # "I think the author is a child"
    OTHER = "other"


class Report(db.Model):
    """A reader's report of a published comment, for the moderators' Reported queue."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=now)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolution: Mapped[str | None] = mapped_column(String(32))

    comment: Mapped[Comment] = relationship()
