"""The feedback/contact form's messages: stored, read and answered by staff on the desk,
closed, and deleted after retention.

Messages are never forwarded by mail, so nothing a visitor types can reach a mail header;
staff answer by a mail of their own to the address given (checked like every address). The
retention job deletes messages after FEEDBACK_RETENTION_DAYS. A reader known to be under 16
cannot leave one at all: "anything they send later outside comments is not kept".
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app import clock
from app.extensions import db
from app.models import AuditAction, FeedbackMessage, FeedbackTopic, User
from app.services import age, audit, mail

log = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 200


def asks_for_contact_details(user: User | None) -> bool:
    """Readers who may be children are never asked for an e-mail address (or a name)."""
    return user is None or not age.needs_premoderation(user)


ANSWER_MAX_LENGTH = 5000


class NotKept(Exception):
    """The sender is known to be under 16: we keep nothing they send outside comments."""


class AlreadyClosed(Exception):
    """The message was closed (or deleted) meanwhile; nothing changed."""


def keeps_messages_from(user: User | None) -> bool:
    """A reader known to be under 16 cannot leave a message: it would not be kept."""
    return user is None or not user.age_class.is_minor


def submit(
    user: User | None,
    message: str,
    name: str = "",
    email: str = "",
    topic: FeedbackTopic = FeedbackTopic.FEEDBACK,
) -> FeedbackMessage:
    """Store a message; a reader who may be a child leaves no name or address with it, and
    one known to be under 16 leaves nothing (NotKept)."""
    if not keeps_messages_from(user):
        raise NotKept()
    message = message.replace("\r\n", "\n").strip()
    name, email = name.strip(), email.strip()
    if not message or len(message) > MESSAGE_MAX_LENGTH:
        raise ValueError("a message is 1-5000 characters")
    if not asks_for_contact_details(user):
        name, email = "", ""
    if email and not mail.valid_address(email):
        raise ValueError("not a valid e-mail address")
    if mail.has_line_break(name) or len(name) > NAME_MAX_LENGTH:
        raise ValueError("a name is one line")
    row = FeedbackMessage(
        user_id=user.id if user is not None else None,
        name=name or None,
        email=email or None,
        message=message,
        topic=topic,
    )
    db.session.add(row)
    db.session.commit()
    log.info("feedback message %s received", row.id)
    return row


# -- the desk: staff read, answer and close -------------------------------------------------


def open_messages(limit: int = 200) -> list[FeedbackMessage]:
    """Messages staff have not closed, oldest first (privacy questions before feedback)."""
    return list(
        db.session.scalars(
            select(FeedbackMessage)
            .where(FeedbackMessage.closed_at.is_(None))
            .order_by(FeedbackMessage.topic.desc(), FeedbackMessage.created_at, FeedbackMessage.id)
            .limit(limit)
        )
    )


def deleted_on(message: FeedbackMessage) -> datetime:
    """When retention deletes the message: answer it before then."""
    return message.created_at + timedelta(days=current_app.config["FEEDBACK_RETENTION_DAYS"])


def answer(message: FeedbackMessage, staff: User, text: str, close: bool = True) -> None:
    """Answer by mail to the address the sender gave (ValueError without one), and close."""
    text = text.replace("\r\n", "\n").strip()
    if not text or len(text) > ANSWER_MAX_LENGTH:
        raise ValueError("an answer is 1-5000 characters")
    if not message.email:
        raise ValueError("the sender gave no address")
    if message.closed_at is not None:
        raise AlreadyClosed(message.id)
    now = clock.now()
    subject, body = mail.render("feedback_answer.txt", answer=text, topic=message.topic.value)
    # Tied to the sender's account (when logged in), so erasing them erases the answer too.
    mail.queue_mail(message.email, subject, body, user_id=message.user_id)
    message.answered_at = now
    if close:
        message.closed_at = now
    _record(AuditAction.MESSAGE_ANSWER, message, staff, now)
    db.session.commit()
    log.info("feedback message %s answered by moderator %s", message.id, staff.id)


def close(message: FeedbackMessage, staff: User) -> None:
    """Done with a message (answered elsewhere, or nothing to answer). Safe to repeat."""
    now = clock.now()
    result = db.session.execute(
        update(FeedbackMessage)
        .where(FeedbackMessage.id == message.id, FeedbackMessage.closed_at.is_(None))
        .values(closed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        raise AlreadyClosed(message.id)
    _record(AuditAction.MESSAGE_CLOSE, message, staff, now)
    db.session.commit()
    db.session.refresh(message)


def _record(action: AuditAction, message: FeedbackMessage, staff: User, at: datetime) -> None:
    """Who handled which message, when: the sender only as a pseudonym, no words at all."""
    audit.record(
        action,
        staff,
        subject_id=message.user_id,
        queue=audit.MESSAGES,
        details={"message": message.id, "topic": message.topic.value},
        at=at,
    )
