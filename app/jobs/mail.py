"""Sending the outbox, on the ``default`` queue."""

from __future__ import annotations

import logging
import smtplib

from app import clock
from app.extensions import db
from app.models import OutgoingMail
from app.services import mail as mail_service

log = logging.getLogger(__name__)


def send_mail(mail_id: int) -> str:
    """Send one outbox message. Safe to repeat: a sent (or erased) message is skipped.

    An SMTP or network failure is recorded (its class name only) and raised, so that RQ
    retries with backoff and the sweeper picks it up if every retry failed.
    """
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None:
        return "gone"  # erased before it was sent
    if mail.sent_at is not None:
        return "already sent"
    mail.attempts += 1
    try:
        mail_service.deliver(mail)
    except ValueError:
        # A malformed address or header can never succeed: keep it unsent, do not retry.
        mail.last_error = "InvalidMessage"
        db.session.commit()
        log.warning("mail %s refused as malformed", mail_id)
        return "refused"
    except (smtplib.SMTPException, OSError) as exc:
        mail.last_error = type(exc).__name__[:200]
        db.session.commit()
        log.warning("mail %s not sent (%s); will retry", mail_id, type(exc).__name__)
        raise
    mail.sent_at = clock.now()
    mail.last_error = None
    db.session.commit()
    log.info("mail %s sent", mail_id)
    return "sent"
