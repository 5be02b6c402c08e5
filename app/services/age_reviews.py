"""A reader asks a moderator to review their age classification (from /me).

The request and the decision are age signals, so they sit in the reader's history next to
what they answer, and the age rule (app/services/age.py) stays the one place that decides:

- the request is the reader's own word (``SELF_DECLARED``, verdict unknown): it lifts
  nothing by itself;
- "keep" is a moderator's signal with verdict unknown: nothing changes;
- "lift" is a moderator's adult signal, the only thing that lifts a finding (a moderator's
  mark, a guardian case, the erasure registry) or the reader's own "I am under 16".

Only full (vetted) moderators decide; lifting a finding needs the moderator to say so
explicitly. Every decision is audit-logged with pseudonyms and no free text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import AgeClass, AgeSignal, AgeVerdict, AuditAction, SignalSource, User
from app.services import age, audit, moderation, readers

log = logging.getLogger(__name__)

REQUESTED = "review-requested"
KEPT = "review-kept"
LIFTED = "review-lifted"
COOLDOWN_DAYS = 30  # after a decision, before the reader may ask again
QUEUE = audit.AGE_REVIEW


class ReviewRefused(Exception):
    """Nothing to review, or not now; nothing changed."""


class FindingNotAcknowledged(ReviewRefused):
    """Lifting a finding needs the moderator to say explicitly that they lift one."""


@dataclass(frozen=True)
class ReviewRequest:
    user: User
    requested_at: datetime

    @property
    def is_finding(self) -> bool:
        return self.user.age_class is AgeClass.UNDER_16_CONFIRMED

    @property
    def sources(self) -> list[str]:
        """Where the under-age signals came from (no details: they are the reader's data)."""
        return sorted({s.source.value for s in self.user.signals if s.verdict is AgeVerdict.UNDER})


def _review_signals(user: User) -> list[AgeSignal]:
    return [s for s in user.signals if s.detail in (REQUESTED, KEPT, LIFTED)]


def open_request_at(user: User) -> datetime | None:
    """When the reader asked, if their request waits for a moderator."""
    signals = _review_signals(user)
    if signals and signals[-1].detail == REQUESTED:
        return signals[-1].recorded_at
    return None


def may_request(user: User) -> bool:
    """A pre-moderated reader whose age is on record (not one still to answer the
    question), with no open request and no decision in the last COOLDOWN_DAYS."""
    if not age.needs_premoderation(user) or age.needs_age_question(user):
        return False
    signals = _review_signals(user)
    if not signals:
        return True
    last = signals[-1]
    return last.detail != REQUESTED and last.recorded_at <= clock.now() - timedelta(
        days=COOLDOWN_DAYS
    )


def request_review(user: User) -> None:
    """The reader asks for a review; it lands on the full moderators' desk."""
    if not may_request(user):
        raise ReviewRefused(user.id)
    age.record_signal(user, SignalSource.SELF_DECLARED, AgeVerdict.UNKNOWN, REQUESTED)
    db.session.commit()
    log.info("reader %s asked for an age review", user.id)


def open_requests(limit: int = 200) -> list[ReviewRequest]:
    """Requests waiting for a moderator, oldest first."""
    users = db.session.scalars(
        select(User)
        .join(AgeSignal, AgeSignal.user_id == User.id)
        .where(AgeSignal.detail == REQUESTED)
        .distinct()
    ).all()
    waiting = []
    for user in users:
        at = open_request_at(user)
        if at is not None:
            waiting.append(ReviewRequest(user, at))
    waiting.sort(key=lambda r: (r.requested_at, r.user.id))
    return waiting[:limit]


def keep(moderator: User, user: User) -> None:
    """The classification stands; the reader sees that a moderator looked."""
    _decide(moderator, user, AuditAction.AGE_REVIEW_KEEP, AgeVerdict.UNKNOWN, KEPT)


def lift(moderator: User, user: User, finding_acknowledged: bool = False) -> None:
    """The reader is old enough: they are published unchecked from now on.

    A finding (a moderator, a guardian case, the erasure registry) is lifted only when the
    moderator says explicitly that they lift one (``finding_acknowledged``).
    """
    if user.age_class is AgeClass.UNDER_16_CONFIRMED and not finding_acknowledged:
        raise FindingNotAcknowledged(user.id)
    _decide(moderator, user, AuditAction.AGE_REVIEW_LIFT, AgeVerdict.ADULT, LIFTED)


def _decide(
    moderator: User, user: User, action: AuditAction, verdict: AgeVerdict, detail: str
) -> None:
    if open_request_at(user) is None:
        raise ReviewRefused(user.id)
    moderation.check_person_scope(moderator, user)
    before = user.age_class
    transition = age.record_signal(user, SignalSource.MODERATOR, verdict, detail)
    db.session.flush()
    readers.react_to_age_change(user, transition)
    audit.record(
        action,
        moderator,
        subject_id=user.id,
        queue=QUEUE,
        details={"before": before.value, "after": user.age_class.value},
    )
    db.session.commit()
    log.info("age review of reader %s: %s by moderator %s", user.id, detail, moderator.id)
