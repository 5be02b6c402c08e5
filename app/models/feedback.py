"""Messages sent through the feedback/contact form."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now
from app.extensions import db
from app.models.types import enum_column


class FeedbackTopic(enum.Enum):
    FEEDBACK = "feedback"
    PRIVACY = "privacy"  # a question about one's data or this statement


class FeedbackMessage(db.Model):
    __tablename__ = "feedback_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    message: Mapped[str] = mapped_column(Text)
    topic: Mapped[FeedbackTopic] = mapped_column(
        enum_column(FeedbackTopic), default=FeedbackTopic.FEEDBACK
    )
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
    answered_at: Mapped[datetime | None]  # staff answered (by mail, when an address was given)
    closed_at: Mapped[datetime | None] = mapped_column(index=True)  # staff are done with it
