"""The age rule, in one place.

Signals come from Facebook's ``age_range`` (read at every login), the reader's own answer,
a moderator, a guardian case, and the erasure registry. They are combined in the order they
came (:func:`classify`):

- Under 16 is sticky. Once any under-age signal is on record, only Facebook's adult bucket
  (18+, and at least ``MINOR_AGE``) lifts it, and only when it was a presumption from
  Facebook (the 13-17 bucket, a ``max`` below ``MINOR_AGE``). A finding (a moderator, a
  guardian case, the erasure registry) and the reader's own "I am under 16" are never
  lifted by Facebook: only a moderator reviewing the classification can lift them
  (:data:`SignalSource.MODERATOR` with an adult verdict, audit-logged by the desk).
- An unknown signal (the reader declined ``user_age_range``) changes nothing.
- The reader's own answer counts only while nothing at all is known; it lifts nothing.
- The question is asked only while no under-age or adult signal is on record, and once.

Under age and unknown age both mean pre-moderation. The threshold is ``MINOR_AGE``
(configuration), never a literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from app import clock
from app.models import AgeClass, AgeSignal, AgeVerdict, SignalSource, User

# Sources whose under-age verdict is a finding, not a presumption: Facebook's 18+ bucket
# lifts a presumed flag, never a confirmed one.
CONFIRMING_SOURCES = {SignalSource.MODERATOR, SignalSource.GUARDIAN, SignalSource.ERASURE_REGISTRY}
# Facebook's adult bucket starts here: only a bucket whose lower bound is at least this
# (and at least MINOR_AGE) lifts a presumption. Facebook's buckets are 13-17, 18-20, 21+.
FACEBOOK_ADULT_BUCKET_MIN = 18
_BUCKET_MIN = re.compile(r"^(\d{1,3})[-+]")


def minor_age() -> int:
    return int(current_app.config["MINOR_AGE"])


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def verdict_from_age_range(age_range: Any, threshold: int) -> tuple[AgeVerdict, str | None]:
    """Read Facebook's ``age_range`` ({min?, max?}).

    A bucket is adult only when everyone in it is at least ``threshold`` (``min`` is). A
    bucket that may hold someone younger is under age: ``{min: 13, max: 17}``, any ``max``
    below the threshold, and a ``max`` without a ``min`` (it says nothing of how young).
    No usable bound at all (the reader declined the permission) is unknown.
    """
    if not isinstance(age_range, Mapping):
        return AgeVerdict.UNKNOWN, None
    low, high = age_range.get("min"), age_range.get("max")
    low = low if _whole(low) else None
    high = high if _whole(high) else None
    if low is None and high is None:
        return AgeVerdict.UNKNOWN, None
    if low is None:
        assert high is not None  # both unset returned above
        return AgeVerdict.UNDER, f"under {high + 1}"
    detail = f"{low}-{high}" if high is not None else f"{low}+"
    if low >= threshold and (high is None or high >= threshold):
        return AgeVerdict.ADULT, detail
    return AgeVerdict.UNDER, detail


def _lifts_presumption(signal: AgeSignal) -> bool:
    """Facebook's adult bucket (18+): the one signal that lifts a Facebook presumption."""
    if signal.source is not SignalSource.FACEBOOK or signal.verdict is not AgeVerdict.ADULT:
        return False
    match = _BUCKET_MIN.match(signal.detail or "")
    return match is not None and int(match.group(1)) >= FACEBOOK_ADULT_BUCKET_MIN


def classify(signals: Iterable[AgeSignal]) -> AgeClass:
    """Combine every signal in the order they came, under the sticky rule (module doc)."""
    state = AgeClass.UNKNOWN
    liftable = False  # the current under-age state rests on Facebook presumptions only
    for signal in sorted(signals, key=lambda s: (s.recorded_at, s.id or 0)):
        if signal.verdict is AgeVerdict.UNKNOWN:
            continue
        if signal.verdict is AgeVerdict.UNDER:
            if signal.source in CONFIRMING_SOURCES:
                state, liftable = AgeClass.UNDER_16_CONFIRMED, False
            elif state is AgeClass.UNDER_16_CONFIRMED:
                pass
            elif state is AgeClass.UNDER_16_PRESUMED:
                liftable = liftable and signal.source is SignalSource.FACEBOOK
            else:
                state = AgeClass.UNDER_16_PRESUMED
                liftable = signal.source is SignalSource.FACEBOOK
            continue
        # An adult verdict.
        if signal.source is SignalSource.MODERATOR:
            state, liftable = AgeClass.ADULT, False  # a moderator's explicit review
        elif state is AgeClass.UNKNOWN:
            state = AgeClass.ADULT  # nothing known yet: Facebook or the reader's own answer
        elif state is AgeClass.UNDER_16_PRESUMED and liftable and _lifts_presumption(signal):
            state, liftable = AgeClass.ADULT, False
    return state


def needs_premoderation(user: User) -> bool:
    """Under age and unknown age both wait for a moderator."""
    return user.age_class is not AgeClass.ADULT


def needs_age_question(user: User) -> bool:
    """Ask "Are you 16 or older?" only while nothing at all is on record, and only once."""
    return user.age_class is AgeClass.UNKNOWN and not any(
        s.source is SignalSource.SELF_DECLARED or s.verdict is not AgeVerdict.UNKNOWN
        for s in user.signals
    )


@dataclass(frozen=True)
class Transition:
    before: AgeClass
    after: AgeClass
    first_time_minor: bool

    @property
    def became_minor(self) -> bool:
        return self.after.is_minor and not self.before.is_minor


def record_signal(
    user: User, source: SignalSource, verdict: AgeVerdict, detail: str | None = None
) -> Transition:
    """Add a signal and re-classify the reader (the caller commits and reacts)."""
    before = user.age_class
    user.signals.append(
        AgeSignal(source=source, verdict=verdict, detail=detail, recorded_at=clock.now())
    )
    user.age_class = classify(user.signals)
    first_time = user.age_class.is_minor and user.minor_since is None
    if first_time:
        user.minor_since = clock.now()
    return Transition(before=before, after=user.age_class, first_time_minor=first_time)
