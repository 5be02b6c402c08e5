"""The feedback/contact form's messages: stored, read by staff, deleted after retention.

Messages are not mailed anywhere, so nothing a visitor types can reach a mail header. The
retention job of the erasure engine deletes them after FEEDBACK_RETENTION_DAYS.
"""

from __future__ import annotations

import logging

from app.extensions import db
from app.models import FeedbackMessage, User
from app.services import age, mail

log = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 200


def asks_for_contact_details(user: User | None) -> bool:
    """Readers who may be children are never asked for an e-mail address (or a name)."""
    return user is None or not age.needs_premoderation(user)


def submit(user: User | None, message: str, name: str = "", email: str = "") -> FeedbackMessage:
    """Store a message; a reader who may be a child leaves no name or address with it."""
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
    )
    db.session.add(row)
    db.session.commit()
    log.info("feedback message %s received", row.id)
    return row
