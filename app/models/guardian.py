"""Guardians' requests to remove a child's data."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now
from app.extensions import db
from app.models.types import enum_column


class GuardianCaseState(enum.Enum):
    UNCONFIRMED = "unconfirmed"  # waiting for the guardian to click the e-mailed link
    OPEN = "open"  # confirmed by the guardian; the child's comments are on hold
    ERASED = "erased"  # a moderator confirmed; the erasure engine ran
    DISMISSED = "dismissed"  # a moderator dismissed it; comments restored
    EXPIRED = "expired"  # never confirmed by the guardian


class GuardianCase(db.Model):
    __tablename__ = "guardian_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[GuardianCaseState] = mapped_column(
        enum_column(GuardianCaseState), default=GuardianCaseState.UNCONFIRMED
    )
    # What the guardian told us; erased with the case's contact details.
    child_name: Mapped[str | None] = mapped_column(String(200))
    article_ref: Mapped[str | None] = mapped_column(String(2000))
    comment_refs: Mapped[str | None] = mapped_column(Text)
    relationship_to_child: Mapped[str | None] = mapped_column(String(100))
    guardian_email: Mapped[str | None] = mapped_column(String(320))
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    held_comment_ids: Mapped[list[int] | None] = mapped_column(JSON)
    dismissal_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=now)
    confirmed_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    contact_purged_at: Mapped[datetime | None]
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
