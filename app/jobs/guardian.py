"""Guardian cases' housekeeping, on the ``default`` queue."""

from __future__ import annotations

import logging

from app.services import guardian

log = logging.getLogger(__name__)


def expire_unconfirmed_cases() -> int:
    """Periodic: close requests never confirmed within a week and delete their contact details.
    Safe to run any number of times."""
    expired = guardian.expire_unconfirmed()
    if expired:
        log.info("expired %s unconfirmed guardian case(s)", expired)
    return expired


def raise_overdue_alarm() -> int:
    """Periodic: log an alarm (a count, no names) while guardian cases wait past their time."""
    overdue = guardian.count_overdue()
    if overdue:
        log.warning("ALARM: %s guardian case(s) undecided for over the overdue limit", overdue)
    return overdue
