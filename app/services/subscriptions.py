"""E-mail notification of replies: adults only, opt-in, confirmed by e-mail.

A reader who may be a child is never asked for an address. A notification says only that
"a reader replied" and links to the thread: no reply text and no name ever goes into mail,
so nothing a child wrote can leave through it.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import delete, select

from app import clock, jobs
from app.extensions import db
from app.models import Comment, OutgoingMail, ReplySubscription, User
from app.services import age, mail, pseudonyms

log = logging.getLogger(__name__)

MAX_TOKEN_LENGTH = 100


class NotForMinors(Exception):
    """Readers who may be under age cannot subscribe (we never ask them for an address)."""


def can_subscribe(user: User) -> bool:
    return not age.needs_premoderation(user)


def subscription_of(user: User) -> ReplySubscription | None:
    return db.session.scalar(select(ReplySubscription).where(ReplySubscription.user_id == user.id))


def subscribe(user: User, email: str) -> ReplySubscription:
    """Start (or restart, with a new address) a subscription and mail the confirmation link."""
    if not can_subscribe(user):
        raise NotForMinors(user.id)
    email = email.strip()
    if not mail.valid_address(email):
        raise ValueError("not a valid e-mail address")
    if not mail.may_mail(email):
        raise mail.TooMuchMail()
    token = secrets.token_urlsafe(32)
    row = subscription_of(user)
    if row is None:
        row = ReplySubscription(user_id=user.id, email=email)
        db.session.add(row)
    row.email = email
    row.confirmed_at = None  # a new address must be confirmed again
    row.confirm_token_hash = pseudonyms.token_hash(token)
    subject, body = mail.render(
        "subscription_confirm.txt", link=mail.public_url(f"/notifications/confirm/{token}")
    )
    mail.queue_mail(email, subject, body, user_id=user.id)
    db.session.commit()
    log.info("reader %s asked for reply notifications", user.id)
    return row


def subscription_for_token(token: str) -> ReplySubscription | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalar(
        select(ReplySubscription).where(
            ReplySubscription.confirm_token_hash == pseudonyms.token_hash(token)
        )
    )


def confirm(row: ReplySubscription) -> bool:
    """The reader opened the mailed link and pressed the button. False: not allowed (any more)."""
    user = db.session.get(User, row.user_id)
    if user is None or not can_subscribe(user):
        db.session.delete(row)  # a reader who may be a child keeps no address with us
        db.session.commit()
        return False
    if row.confirmed_at is None:
        row.confirmed_at = clock.now()
        row.confirm_token_hash = None  # single use: the link in access logs is useless now
        db.session.commit()
        log.info("reader %s confirmed reply notifications", user.id)
    return True


def unsubscribe(user: User) -> bool:
    """Stop notifications and forget the address. False if there was nothing to stop."""
    result = db.session.execute(
        delete(ReplySubscription).where(ReplySubscription.user_id == user.id)
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]  # a CursorResult


def comment_published(comment: Comment, parent: Comment | None = None) -> None:
    """Call when a reply becomes public (an adult posts one, a moderator approves one).

    Records the notification job in the caller's transaction (no commit); cheap for the
    common case of a parent author without a subscription. ``parent``: the comment replied
    to, when the caller has it loaded already (its author is not read again).
    """
    if comment.parent_id is None:
        return
    if parent is not None and parent.id == comment.parent_id:
        parent_author = parent.author_id
    else:
        parent_author = db.session.scalar(
            select(Comment.author_id).where(Comment.id == comment.parent_id)
        )
    if parent_author is None or parent_author == comment.author_id:
        return
    subscribed = db.session.scalar(
        select(ReplySubscription.id).where(
            ReplySubscription.user_id == parent_author,
            ReplySubscription.confirmed_at.is_not(None),
        )
    )
    if subscribed is None:
        return
    db.session.flush()  # the job needs the reply's id
    jobs.defer(jobs.NOTIFY_REPLY_SUBSCRIBERS, comment.id)


def notify_parent_author(comment: Comment) -> bool:
    """Queue the mail telling the parent comment's author that someone replied (the job's
    work; the caller commits). False when nobody is to be told."""
    if not comment.is_visible_to_public or comment.parent_id is None:
        return False
    parent = db.session.get(Comment, comment.parent_id)
    if parent is None or parent.author_id is None or parent.author_id == comment.author_id:
        return False
    subscriber = db.session.get(User, parent.author_id)
    row = subscription_of(subscriber) if subscriber is not None else None
    if subscriber is None or row is None or row.confirmed_at is None:
        return False
    if not can_subscribe(subscriber):
        return False
    link = mail.public_url(f"/articles/{comment.article.key}#comment-{comment.id}")
    if _already_told(subscriber.id, link) or not mail.may_mail(row.email):
        return False  # told already, or enough mail this hour: the page shows the rest
    subject, body = mail.render(
        "reply_notification.txt",
        article_title=" ".join(comment.article.title.split()),  # one line, whatever is stored
        link=link,
        settings_link=mail.public_url("/notifications"),
    )
    mail.queue_mail(row.email, subject, body, user_id=subscriber.id)
    return True


def _already_told(user_id: int, link: str) -> bool:
    """A retried job must not mail twice: the link names the reply, so look for it."""
    return (
        db.session.scalar(
            select(OutgoingMail.id)
            .where(
                OutgoingMail.user_id == user_id,
                OutgoingMail.body.contains(link + "\n", autoescape=True),
            )
            .limit(1)
        )
        is not None
    )
