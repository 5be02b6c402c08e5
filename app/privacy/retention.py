"""Retention: the batches that delete what is past its time (see app/privacy/map.py). The
periodic jobs in app/jobs/retention.py call these.

Each batch job works in batches, commits each batch, is safe to run again at any moment, and
logs a receipt-like line with counts only. Periods come from the settings
(``TECHNICAL_DATA_RETENTION_DAYS``, ``FEEDBACK_RETENTION_DAYS``, ``SENT_MAIL_RETENTION_DAYS``,
``GUARDIAN_CONTACT_RETENTION_DAYS``) or the privacy map's fixed periods.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update

from app import clock
from app.extensions import db
from app.models import (
    AuditEntry,
    Comment,
    FeedbackMessage,
    GuardianCase,
    LoginSession,
    OutgoingMail,
    Task,
    TaskState,
)
from app.privacy import batches
from app.privacy.map import DONE_TASK_DAYS, SESSION_IDLE_DAYS
from app.services import facebook_callbacks, guardian
from app.services import mail as mail_service

log = logging.getLogger(__name__)

BATCH_SIZE = 1000


def _days_ago(days: int) -> datetime:
    return clock.now() - timedelta(days=days)


def _setting_days(name: str) -> datetime:
    return _days_ago(int(current_app.config[name]))


def _in_batches(model: Any, condition: Any, act: Callable[[list[Any]], Any]) -> int:
    """Apply ``act`` to the ids matching ``condition``, a batch per commit; count them."""
    total = 0
    for ids in batches.batches_of_ids(model, condition, BATCH_SIZE):
        act(ids)
        db.session.commit()
        total += len(ids)
    return total


def _receipt(name: str, count: int) -> int:
    log.info("retention %s: %s row(s)", name, count)
    return count


def purge_technical_data() -> int:
    """Clear the IP prefix and user agent of comments older than the technical-data period."""
    condition = (Comment.created_at < _setting_days("TECHNICAL_DATA_RETENTION_DAYS")) & or_(
        Comment.ip_prefix.is_not(None), Comment.user_agent.is_not(None)
    )

    def clear(ids: list[int]) -> None:
        db.session.execute(
            update(Comment)
            .where(Comment.id.in_(ids))
            .values(ip_prefix=None, user_agent=None)
            .execution_options(synchronize_session=False)
        )

    return _receipt("technical_data", _in_batches(Comment, condition, clear))


def purge_old_feedback() -> int:
    """Delete contact-form messages older than the feedback period."""
    condition = FeedbackMessage.created_at < _setting_days("FEEDBACK_RETENTION_DAYS")
    return _receipt(
        "feedback_messages", _in_batches(FeedbackMessage, condition, _deleter(FeedbackMessage))
    )


def purge_sent_mail() -> int:
    """Delete sent e-mail (and its local copy) older than the sent-mail period."""
    condition = OutgoingMail.sent_at < _setting_days("SENT_MAIL_RETENTION_DAYS")

    def remove(ids: list[int]) -> None:
        mail_service.delete_local_copies(ids)
        _deleter(OutgoingMail)(ids)

    return _receipt("outgoing_mail", _in_batches(OutgoingMail, condition, remove))


def purge_guardian_contacts() -> int:
    """Forget a closed guardian case's contact details, what it said about the child, and
    the mail sent to the guardian (the guardian service's own purge, so both agree)."""
    condition = (
        GuardianCase.closed_at < _setting_days("GUARDIAN_CONTACT_RETENTION_DAYS")
    ) & GuardianCase.contact_purged_at.is_(None)

    def purge(ids: list[int]) -> None:
        for case in db.session.scalars(select(GuardianCase).where(GuardianCase.id.in_(ids))):
            guardian.purge_contact_details(case)

    return _receipt("guardian_contacts", _in_batches(GuardianCase, condition, purge))


def purge_moderator_notes() -> int:
    """Clear the moderators' own words in audit entries older than the note period; the
    decision and its preset reason code stay as the moderation record."""
    condition = (
        AuditEntry.created_at < _setting_days("AUDIT_NOTE_RETENTION_DAYS")
    ) & AuditEntry.reason.is_not(None)

    def clear(ids: list[int]) -> None:
        db.session.execute(
            update(AuditEntry)
            .where(AuditEntry.id.in_(ids))
            .values(reason=None)
            .execution_options(synchronize_session=False)
        )

    return _receipt("moderator_notes", _in_batches(AuditEntry, condition, clear))


def forget_stale_facebook_callbacks() -> int:
    """Forget accepted Facebook callbacks once they are stale (refused as such anyway)."""
    return _receipt("seen_signed_requests", facebook_callbacks.forget_stale())


def expire_idle_sessions() -> int:
    """End logins unused for longer than the idle period."""
    condition = LoginSession.last_seen_at < _days_ago(SESSION_IDLE_DAYS)
    return _receipt("login_sessions", _in_batches(LoginSession, condition, _deleter(LoginSession)))


def purge_done_tasks() -> int:
    """Delete finished outbox rows after a week (failed ones stay for operators)."""
    condition = (Task.state == TaskState.DONE) & (Task.done_at < _days_ago(DONE_TASK_DAYS))
    return _receipt("tasks", _in_batches(Task, condition, _deleter(Task)))


def _deleter(model: Any) -> Callable[[list[Any]], None]:
    def remove(ids: list[Any]) -> None:
        batches.delete_ids(model, ids)

    return remove
