"""Erasure requests (which become receipts) and the registry of erased subjects."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now
from app.extensions import db
from app.models.types import enum_column


class ErasureTrigger(enum.Enum):
    GUARDIAN = "guardian"  # a guardian case confirmed by a moderator
    MODERATOR = "moderator"  # a moderator erased the account of a child
    MINOR_DISCOVERED = "minor_discovered"  # first classified under 16: non-comment data
    FACEBOOK = "facebook"  # Facebook's data-deletion callback
    SELF = "self"  # the reader deleted their own account
    RETENTION = "retention"
    REPLAY = "replay"  # re-applied after a backup restore


class ErasureScope(enum.Enum):
    ACCOUNT = "account"  # everything, the account included
    NON_COMMENT = "non_comment"  # every context but the reader's comments


class ErasureState(enum.Enum):
    RECEIVED = "received"
    RUNNING = "running"
    COMPLETED = "completed"
    REFUSED = "refused"


class ErasureRequest(db.Model):
    """One erasure, from request to receipt. Holds no personal data once completed."""

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # confirmation code
    trigger: Mapped[ErasureTrigger] = mapped_column(enum_column(ErasureTrigger))
    scope: Mapped[ErasureScope] = mapped_column(enum_column(ErasureScope))
    state: Mapped[ErasureState] = mapped_column(
        enum_column(ErasureState), default=ErasureState.RECEIVED
    )
    subject_id: Mapped[int | None]  # users.id while running; cleared on completion
    # Ids of the subject's rows (comments, mail, ...) found by the first run, so a re-run
    # after the account row is gone still finds job records naming them; cleared on completion.
    pending_ids: Mapped[dict[str, list[int]] | None] = mapped_column(JSON)
    subject_hash: Mapped[str | None] = mapped_column(String(64))  # HMAC of the Facebook id
    guardian_case_id: Mapped[int | None]
    refused_reason: Mapped[str | None] = mapped_column(String(200))
    counts: Mapped[dict[str, int] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now)
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_erasure_requests_subject_hash_trigger", "subject_hash", "trigger"),)


class ErasedSubject(db.Model):
    """A keyed hash of an erased person's Facebook id: re-flag on return, replay after restore."""

    __tablename__ = "erased_subjects"

    subject_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    was_minor: Mapped[bool] = mapped_column(default=False)
    scope: Mapped[ErasureScope] = mapped_column(enum_column(ErasureScope))
    first_erased_at: Mapped[datetime] = mapped_column(default=now)
    last_erased_at: Mapped[datetime] = mapped_column(default=now)
