"""Readers: logging in with a Facebook profile, the age question, reacting to age changes."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import select

from app import clock
from app.auth.facebook import FacebookProfile
from app.extensions import db
from app.models import AgeClass, AgeVerdict, ErasedSubject, SignalSource, User
from app.services import age, sanitize
from app.services.pseudonyms import subject_hash


class AlreadyAnswered(Exception):
    """The reader has answered the age question; an under-age answer cannot be undone."""


def pseudonymous_name() -> str:
    """The display name a reader who may be a child gets: no real name is ever stored."""
    return f"Reader {secrets.randbelow(9000) + 1000}"


def log_in_with_facebook(profile: FacebookProfile) -> User:
    """Find or create the reader and re-evaluate their age from this login's signals."""
    user = db.session.scalar(select(User).where(User.facebook_id == profile.facebook_id))
    verdict, detail = age.verdict_from_age_range(profile.age_range, age.minor_age())
    if user is None:
        user = User(
            facebook_id=profile.facebook_id,
            age_class=AgeClass.UNKNOWN,
            display_name="",
            # Joining shows the current statement: only later versions are news to them.
            privacy_version_seen=int(current_app.config["PRIVACY_POLICY_VERSION"]),
        )
        db.session.add(user)
    transitions = []
    last_facebook = next(
        (s for s in reversed(user.signals) if s.source is SignalSource.FACEBOOK), None
    )
    if last_facebook is None or (last_facebook.verdict, last_facebook.detail) != (verdict, detail):
        transitions.append(age.record_signal(user, SignalSource.FACEBOOK, verdict, detail))
    if _was_erased_as_child(profile.facebook_id) and not any(
        s.source is SignalSource.ERASURE_REGISTRY for s in user.signals
    ):
        transitions.append(
            age.record_signal(user, SignalSource.ERASURE_REGISTRY, AgeVerdict.UNDER, "returning")
        )
    if not user.display_name:
        adult_name = sanitize.clean_display_name(profile.name)
        user.display_name = (
            adult_name if user.age_class is AgeClass.ADULT and adult_name else pseudonymous_name()
        )
    user.last_login_at = clock.now()
    db.session.flush()
    for transition in transitions:
        react_to_age_change(user, transition)
    db.session.commit()
    return user


def _was_erased_as_child(facebook_id: str) -> bool:
    entry = db.session.get(ErasedSubject, subject_hash(facebook_id))
    return entry is not None and entry.was_minor


def declare_age(user: User, is_adult: bool) -> User:
    """Record the reader's own answer to "Are you {MINOR_AGE} or older?"; asked once."""
    if not age.needs_age_question(user):
        raise AlreadyAnswered
    verdict = AgeVerdict.ADULT if is_adult else AgeVerdict.UNDER
    transition = age.record_signal(user, SignalSource.SELF_DECLARED, verdict, None)
    db.session.flush()
    react_to_age_change(user, transition)
    db.session.commit()
    return user


def react_to_age_change(user: User, transition: age.Transition) -> None:
    """A reader who becomes (or may be) a child: hold their published comments for review,
    and, the first time, erase what we hold about them outside comments. The caller commits.
    """
    if not transition.became_minor:
        return
    from app.services import moderation

    moderation.hold_published_comments(user)
    if transition.first_time_minor:
        from app.services import erasure

        erasure.erase_outside_comments(user)
    current_app.logger.info("reader %s is now pre-moderated", user.id)
