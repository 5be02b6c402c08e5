"""A reader's rights over their own data: see it, correct it, delete it (the /me use-cases)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Article,
    Comment,
    CommentStatus,
    ErasureRequest,
    FeedbackMessage,
    OutgoingMail,
    ReplySubscription,
    User,
)
from app.services import age, erasure, readers, sanitize, sessions

log = logging.getLogger(__name__)

RECENT_COMMENTS = 100  # shown on /me; the export holds them all


class InvalidName(ValueError):
    """A display name that is empty, too long, or holds characters we do not allow."""


class NameLocked(InvalidName):
    """A reader who is, or may be, under 16 keeps the pseudonym we gave them."""


def clean_name(raw: str) -> str:
    """The display name a reader asked for, or InvalidName."""
    limit = int(current_app.config["DISPLAY_NAME_MAX_LENGTH"])
    if not isinstance(raw, str) or sanitize.has_forbidden_characters(raw):
        raise InvalidName(_("That name contains characters we do not allow."))
    name = sanitize.clean_display_name(raw, max_length=limit + 1)
    if not name:
        raise InvalidName(_("Please type a name."))
    if len(name) > limit:
        raise InvalidName(_("A name is at most %(limit)s characters.", limit=limit))
    return name


def rename(user: User, raw: str) -> User:
    """Correct the display name shown with the reader's comments; every cached thread
    page that shows it is dropped at once.

    Readers who are, or may be, under 16 keep their pseudonym: a name they chose would
    reach the public without a moderator (it shows on every approved comment).
    """
    if age.needs_premoderation(user):
        raise NameLocked(
            _(
                "Your display name is chosen for you while your comments are read by a "
                "moderator, so that nothing you write shows who you are."
            )
        )
    name = clean_name(raw)
    if name == user.display_name:
        return user
    user.display_name = name
    db.session.commit()
    readers.refresh_pages_of(user)
    log.info("reader %s changed their display name", user.id)
    return user


def acknowledge_privacy(user: User) -> None:
    """The reader has seen the current privacy statement."""
    user.privacy_version_seen = int(current_app.config["PRIVACY_POLICY_VERSION"])
    db.session.commit()


def privacy_notice_due(user: User) -> bool:
    """Only a change since the reader last saw the statement (joining counts as seeing it).

    Readers from before this was recorded count as having seen the first version.
    """
    seen = user.privacy_version_seen or 1
    return seen < int(current_app.config["PRIVACY_POLICY_VERSION"])


def end_every_session(user: User) -> int:
    """Log the reader out on every device, this one included."""
    ended = sessions.end_all_sessions(user.id)
    db.session.commit()
    return ended


def delete_account(user: User) -> ErasureRequest:
    """Erase the reader's account and everything with it; returns the receipt to follow."""
    return erasure.delete_own_account(user)


@dataclass(frozen=True)
class MyComment:
    id: int
    article_title: str
    article_key: str
    body_html: str
    status: CommentStatus
    created_at: object
    rejection_reason: str | None


@dataclass(frozen=True)
class Overview:
    """What /me shows besides the privacy map's counts."""

    comments: list[MyComment]
    comment_total: int
    sessions: int
    feedback: list[FeedbackMessage]
    subscription: ReplySubscription | None
    mail: list[OutgoingMail]


def overview(user: User) -> Overview:
    rows = db.session.execute(
        select(Comment, Article.title, Article.key)
        .join(Article, Comment.article_id == Article.id)
        .where(Comment.author_id == user.id)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(RECENT_COMMENTS)
    ).all()
    comments = [
        MyComment(c.id, title, key, c.body_html, c.status, c.created_at, c.rejection_reason)
        for c, title, key in rows
    ]
    total = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.author_id == user.id)
    )
    return Overview(
        comments=comments,
        comment_total=int(total or 0),
        sessions=len(user.sessions),
        feedback=list(
            db.session.scalars(
                select(FeedbackMessage)
                .where(FeedbackMessage.user_id == user.id)
                .order_by(FeedbackMessage.id)
            )
        ),
        subscription=db.session.scalar(
            select(ReplySubscription).where(ReplySubscription.user_id == user.id)
        ),
        mail=list(
            db.session.scalars(
                select(OutgoingMail)
                .where(OutgoingMail.user_id == user.id)
                .order_by(OutgoingMail.id)
            )
        ),
    )
