"""The periodic retention jobs. Their dotted paths are what the scheduler hands to RQ, so
they stay here; the batches they run live in app/privacy/retention.py."""

from __future__ import annotations

from collections.abc import Callable

from app.privacy import retention


def purge_technical_data() -> int:
    """Clear the IP prefix and user agent of comments older than the technical-data period."""
    return retention.purge_technical_data()


def purge_old_feedback() -> int:
    """Delete contact-form messages older than the feedback period."""
    return retention.purge_old_feedback()


def purge_sent_mail() -> int:
    """Delete sent e-mail (and its local copy) older than the sent-mail period."""
    return retention.purge_sent_mail()


def purge_guardian_contacts() -> int:
    """Forget closed guardian cases' contact details once their period has passed."""
    return retention.purge_guardian_contacts()


def purge_moderator_notes() -> int:
    """Clear the moderators' own words in audit entries older than the note period."""
    return retention.purge_moderator_notes()


def forget_stale_facebook_callbacks() -> int:
    """Forget accepted Facebook callbacks once they are stale."""
    return retention.forget_stale_facebook_callbacks()


def expire_idle_sessions() -> int:
    """End logins unused for longer than the idle period."""
    return retention.expire_idle_sessions()


def purge_done_tasks() -> int:
    """Delete finished outbox rows after a week (failed ones stay for operators)."""
    return retention.purge_done_tasks()


JOBS: dict[str, Callable[[], int]] = {
    "technical_data": purge_technical_data,
    "feedback_messages": purge_old_feedback,
    "outgoing_mail": purge_sent_mail,
    "guardian_contacts": purge_guardian_contacts,
    "moderator_notes": purge_moderator_notes,
    "seen_signed_requests": forget_stale_facebook_callbacks,
    "login_sessions": expire_idle_sessions,
    "tasks": purge_done_tasks,
}


def run_all() -> dict[str, int]:
    """Every retention job now, in this process (``flask --app wsgi erasure retention``)."""
    return {name: job() for name, job in JOBS.items()}
