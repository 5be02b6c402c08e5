"""The age rule, in one place.

Signals come from Facebook's ``age_range`` (read at every login), the reader's own answer,
a moderator, a guardian case, and the erasure registry. Newest wins within a source; any
under-age signal beats an adult-looking one. Under age and unknown age both mean
pre-moderation. The threshold is ``MINOR_AGE`` (default 16), never a literal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from app import clock
from app.models import AgeClass, AgeSignal, AgeVerdict, SignalSource, User

# Sources whose under-age verdict is a finding, not a presumption: Facebook's 18+ bucket
# lifts a presumed flag, never a confirmed one.
CONFIRMING_SOURCES = {SignalSource.MODERATOR, SignalSource.GUARDIAN, SignalSource.ERASURE_REGISTRY}


def minor_age() -> int:
    return int(current_app.config["MINOR_AGE"])


def verdict_from_age_range(age_range: Any, threshold: int) -> tuple[AgeVerdict, str | None]:
    """Read Facebook's ``age_range`` ({min, max?}); a bucket that may hold a child is "under"."""
    if not isinstance(age_range, Mapping):
        return AgeVerdict.UNKNOWN, None
    low, high = age_range.get("min"), age_range.get("max")
    if not isinstance(low, int) or isinstance(low, bool):
        return AgeVerdict.UNKNOWN, None
    detail = f"{low}-{high}" if isinstance(high, int) else f"{low}+"
    if low >= threshold:
        return AgeVerdict.ADULT, detail
    return AgeVerdict.UNDER, detail


def classify(signals: Iterable[AgeSignal]) -> AgeClass:
    """Combine signals: the newest per source, then under-age beats adult beats unknown."""
    latest: dict[SignalSource, AgeSignal] = {}
    for signal in sorted(signals, key=lambda s: (s.recorded_at, s.id or 0)):
        latest[signal.source] = signal
    under = [s for s in latest.values() if s.verdict is AgeVerdict.UNDER]
    if any(s.source in CONFIRMING_SOURCES for s in under):
        return AgeClass.UNDER_16_CONFIRMED
    if under:
        return AgeClass.UNDER_16_PRESUMED
    if any(s.verdict is AgeVerdict.ADULT for s in latest.values()):
        return AgeClass.ADULT
    return AgeClass.UNKNOWN


def needs_premoderation(user: User) -> bool:
    """Under age and unknown age both wait for a moderator."""
    return user.age_class is not AgeClass.ADULT


def needs_age_question(user: User) -> bool:
    """Ask "Are you 16 or older?" only while nothing is known, and only once."""
    return user.age_class is AgeClass.UNKNOWN and not any(
        s.source is SignalSource.SELF_DECLARED for s in user.signals
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
