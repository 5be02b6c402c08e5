"""Readers: logging in with a Facebook profile, the age question, reacting to age changes."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import AgeClass, AgeVerdict, Comment, ErasedSubject, SignalSource, User
from app.services import age, erasure, holding, page_cache, sanitize
from app.services.facebook_profile import FacebookProfile
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


def reclassify_all(batch: int = 500) -> int:
    """Apply the age rule again to every reader with signals (after the rule changed):
    a reader it now finds may be a child is held, pseudonymised and cleaned up as on any
    other transition. Returns how many readers changed class. Safe to run again."""
    changed = 0
    last_id = 0
    while True:
        users = db.session.scalars(
            select(User).where(User.id > last_id).order_by(User.id).limit(batch)
        ).all()
        if not users:
            return changed
        last_id = users[-1].id
        for user in users:
            after = age.classify(user.signals)
            if after is user.age_class:
                continue
            transition = age.Transition(
                before=user.age_class,
                after=after,
                first_time_minor=after.is_minor and user.minor_since is None,
            )
            user.age_class = after
            if transition.first_time_minor:
                user.minor_since = clock.now()
            db.session.flush()
            react_to_age_change(user, transition)
            db.session.commit()
            changed += 1
            current_app.logger.info("reader %s reclassified", user.id)


def refresh_pages_of(user: User, after_commit: bool = False) -> None:
    """Drop the cached thread pages of every article the reader commented on (their name
    or their comments changed). With ``after_commit`` also once more after the caller's
    commit, so a page rendered in between is not kept."""
    article_ids = set(
        db.session.scalars(select(Comment.article_id).where(Comment.author_id == user.id))
    )
    page_cache.invalidate_pages(article_ids, again_after_commit=after_commit)


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
    """A reader who becomes (or may be) a child: their name becomes a pseudonym, their
    published comments are held for review, and, the first time, what we hold about them
    outside comments is erased. The caller commits; cached pages go before and after.
    """
    if not transition.became_minor:
        return
    user.display_name = pseudonymous_name()  # the real name goes now, everywhere it shows
    refresh_pages_of(user, after_commit=True)
    holding.hold_published_comments(user)
    if transition.first_time_minor:
        erasure.erase_outside_comments(user)
    current_app.logger.info("reader %s is now pre-moderated", user.id)
