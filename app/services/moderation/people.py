"""Decisions about people: a child found, an account erased, a reader suspended."""

from __future__ import annotations

from sqlalchemy import select, update

from app import clock
from app.extensions import db
from app.models import (
    AgeClass,
    AgeVerdict,
    AuditAction,
    Comment,
    ErasureRequest,
    ErasureScope,
    ErasureTrigger,
    Report,
    SignalSource,
    User,
)
from app.services import age, audit, erasure, readers, roles
from app.services.moderation.refusals import AlreadyDecided, NotAllowed, OutOfScope
from app.services.moderation.scope import check_person_scope, vetted


def mark_under_16(
    moderator: User, user: User, comment_id: int | None = None, queue: str | None = None
) -> None:
    """A moderator finds the author is a child: pre-moderate them, hold their published
    comments, and erase what we hold about them outside comments."""
    check_person_scope(moderator, user)
    if user.age_class is AgeClass.UNDER_16_CONFIRMED:
        raise AlreadyDecided(user.id)
    now = clock.now()
    transition = age.record_signal(user, SignalSource.MODERATOR, AgeVerdict.UNDER)
    db.session.flush()
    readers.react_to_age_change(user, transition)
    # Their comments are no longer public, so reports on them are settled.
    db.session.execute(
        update(Report)
        .where(
            Report.resolved_at.is_(None),
            Report.comment_id.in_(select(Comment.id).where(Comment.author_id == user.id)),
        )
        .values(resolved_at=now, resolution="author_under_16")
        .execution_options(synchronize_session=False)
    )
    audit.record(
        AuditAction.MARK_UNDER_16,
        moderator,
        subject_id=user.id,
        comment_id=comment_id,
        queue=queue,
        details={"before": transition.before.value, "first_time": transition.first_time_minor},
        at=now,
    )
    db.session.commit()


def erase_account(moderator: User, user: User, comment_id: int | None = None) -> ErasureRequest:
    """A moderator found a child: erase the whole account now (comments become tombstones
    where others replied). The erasure job runs on the ``erasure`` queue after commit."""
    if roles.is_moderator(user):
        raise NotAllowed(user.id)  # a colleague leaves through an operator, not the desk
    request = erasure.request_erasure(user, ErasureTrigger.MODERATOR, ErasureScope.ACCOUNT)
    audit.record(
        AuditAction.ERASE_ACCOUNT,
        moderator,
        subject_id=user.id,
        comment_id=comment_id,
        queue=audit.UNDER_16,
        details={"erasure": request.code},
        at=clock.now(),
    )
    db.session.commit()
    return request


def suspend(moderator: User, user: User, comment_id: int | None = None) -> None:
    """Stop an adult from commenting; they keep every right over their own data."""
    check_person_scope(moderator, user)
    if user.age_class is not AgeClass.ADULT:
        raise NotAllowed(user.id)
    _set_suspension(moderator, user, comment_id, suspended=True)


def unsuspend(moderator: User, user: User, comment_id: int | None = None) -> None:
    """Let a suspended reader comment again (any moderator: it only gives back a right)."""
    if roles.is_moderator(user):
        raise OutOfScope(user.id)
    _set_suspension(moderator, user, comment_id, suspended=False)


def _set_suspension(moderator: User, user: User, comment_id: int | None, suspended: bool) -> None:
    now = clock.now()
    condition = User.suspended_at.is_(None) if suspended else User.suspended_at.is_not(None)
    result = db.session.execute(
        update(User)
        .where(User.id == user.id, condition)
        .values(suspended_at=now if suspended else None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        db.session.rollback()
        raise AlreadyDecided(user.id)
    audit.record(
        AuditAction.SUSPEND if suspended else AuditAction.UNSUSPEND,
        moderator,
        subject_id=user.id,
        comment_id=comment_id,
        queue=audit.REPORTED if comment_id is not None else None,
        at=now,
    )
    db.session.commit()
    db.session.refresh(user)


def suspended_readers(limit: int = 200, moderator: User | None = None) -> list[User]:
    """Suspended readers, most recently suspended first (adults only for a reports
    moderator: a reader found to be a child since is not theirs to see)."""
    stmt = select(User).where(User.suspended_at.is_not(None))
    if moderator is not None and not vetted(moderator):
        stmt = stmt.where(User.age_class == AgeClass.ADULT)
    return list(db.session.scalars(stmt.order_by(User.suspended_at.desc()).limit(limit)))
