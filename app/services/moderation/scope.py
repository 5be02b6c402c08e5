"""The reports-only role's scope.

A reports moderator is not vetted to see children's material. They see, and act on, only
published comments that are not on a guardian hold, whose author is an adult and not a
moderator, with an open report; and people only as the author of such a comment.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, select

from app.extensions import db
from app.models import AgeClass, Comment, ModeratorGrant, Report, User
from app.services import roles
from app.services.moderation.refusals import OutOfScope

# SQL: the comment has a report nobody has resolved yet.
OPEN_REPORT = exists().where(Report.comment_id == Comment.id, Report.resolved_at.is_(None))


def vetted(moderator: User) -> bool:
    return roles.can_review_minors(moderator)


def _reports_population() -> Any:
    """SQL: comments a reports moderator may know of, in any state: not on a guardian hold,
    by an adult who is not a moderator."""
    return and_(
        Comment.guardian_hold.is_(False),
        Comment.author_id.in_(
            select(User.id).where(
                User.age_class == AgeClass.ADULT,
                User.facebook_id.not_in(select(ModeratorGrant.facebook_id)),
            )
        ),
    )


def in_reports_scope() -> Any:
    """SQL: a comment a reports moderator may see (the caller adds the open report)."""
    return and_(Comment.is_visible_to_public, _reports_population())


def reported_scope(moderator: User | None) -> Any:
    """SQL: reported comments this moderator's queue shows (nobody sees guardian-held ones)."""
    if moderator is not None and not vetted(moderator):
        return in_reports_scope()
    return Comment.is_visible_to_public


def check_person_scope(moderator: User, user: User) -> None:
    """Raise OutOfScope unless this moderator may decide about this reader: never about a
    moderator; a reports moderator only about the author of a comment in their queue."""
    if roles.is_moderator(user):
        raise OutOfScope(user.id)
    if vetted(moderator):
        return
    in_queue = db.session.scalar(
        select(Comment.id)
        .where(Comment.author_id == user.id, in_reports_scope(), OPEN_REPORT)
        .limit(1)
    )
    if in_queue is None:
        raise OutOfScope(user.id)


def check_comment_scope(moderator: User, comment_id: int) -> None:
    """Raise OutOfScope when a reports moderator may not know this comment: not an adult's,
    or on a guardian hold. (Whether it is still published with an open report is the
    decision's own condition: a repeat answers "already decided".)"""
    if vetted(moderator):
        return
    found = db.session.scalar(
        select(Comment.id).where(Comment.id == comment_id, _reports_population())
    )
    if found is None:
        raise OutOfScope(comment_id)
