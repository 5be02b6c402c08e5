"""Readers, their age signals, their login sessions and moderator grants."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import now
from app.extensions import db
from app.models.types import enum_column


class AgeClass(enum.Enum):
    """What we believe about a reader's age; everything but ADULT is pre-moderated."""

    ADULT = "adult"
    UNKNOWN = "unknown"
    UNDER_16_PRESUMED = "under_16_presumed"  # from Facebook's 13-17 bucket or self-declared
    UNDER_16_CONFIRMED = "under_16_confirmed"  # a moderator or a guardian case said so

    @property
    def is_minor(self) -> bool:
        return self in (AgeClass.UNDER_16_PRESUMED, AgeClass.UNDER_16_CONFIRMED)


class SignalSource(enum.Enum):
    FACEBOOK = "facebook"
    SELF_DECLARED = "self_declared"
    MODERATOR = "moderator"
    GUARDIAN = "guardian"
    ERASURE_REGISTRY = "erasure_registry"  # a returning reader whose data was erased as a child


class AgeVerdict(enum.Enum):
    UNDER = "under"  # under MINOR_AGE
    ADULT = "adult"  # MINOR_AGE or older
    UNKNOWN = "unknown"


class ModeratorScope(enum.Enum):
    """A full moderator is vetted to see children's comments; a reports moderator is not."""

    FULL = "full"
    REPORTS = "reports"


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    facebook_id: Mapped[str] = mapped_column(String(64), unique=True)  # app-scoped id
    display_name: Mapped[str] = mapped_column(String(80))
    age_class: Mapped[AgeClass] = mapped_column(enum_column(AgeClass), default=AgeClass.UNKNOWN)
    minor_since: Mapped[datetime | None]  # first classified under 16
    suspended_at: Mapped[datetime | None]
    privacy_version_seen: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_login_at: Mapped[datetime | None]

    signals: Mapped[list[AgeSignal]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="AgeSignal.id"
    )
    sessions: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Flask-Login's user protocol.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    # A suspended reader may not comment, but keeps every right over their own data.
    is_active = True

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_premoderated(self) -> bool:
        return self.age_class is not AgeClass.ADULT

    def __repr__(self) -> str:  # no personal data in reprs: they end up in logs
        return f"<User {self.id} {self.age_class.value}>"


class AgeSignal(db.Model):
    """One observation of a reader's age; the age rule combines them (app/services/age.py)."""

    __tablename__ = "age_signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[SignalSource] = mapped_column(enum_column(SignalSource))
    verdict: Mapped[AgeVerdict] = mapped_column(enum_column(AgeVerdict))
    detail: Mapped[str | None] = mapped_column(String(64))  # e.g. "13-17", never free text
    recorded_at: Mapped[datetime] = mapped_column(default=now)

    user: Mapped[User] = relationship(back_populates="signals")


class LoginSession(db.Model):
    """A server-side login, so every session of a person can be ended at once."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_seen_at: Mapped[datetime] = mapped_column(default=now)

    user: Mapped[User] = relationship(back_populates="sessions")


class ModeratorGrant(db.Model):
    """A moderator role, keyed by Facebook id so it can be granted before the first login."""

    __tablename__ = "moderator_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    facebook_id: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[ModeratorScope] = mapped_column(
        enum_column(ModeratorScope), default=ModeratorScope.FULL
    )
    granted_at: Mapped[datetime] = mapped_column(default=now)
