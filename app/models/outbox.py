"""The transactional outbox: work recorded in the same commit as the rows it reads."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now
from app.extensions import db
from app.models.types import enum_column


class TaskState(enum.Enum):
    PENDING = "pending"  # recorded; its RQ job may or may not exist yet
    DONE = "done"
    FAILED = "failed"  # gave up after every retry and sweep; shown to operators


class Task(db.Model):
    """One job to run: queue, function path and id arguments (never personal data)."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    queue: Mapped[str] = mapped_column(String(16))
    func: Mapped[str] = mapped_column(String(200))
    # JSONB on PostgreSQL: plain json has no equality operator (finding a comment's task).
    args: Mapped[list[Any]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=list
    )
    state: Mapped[TaskState] = mapped_column(enum_column(TaskState), default=TaskState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)  # times it was handed to RQ
    created_at: Mapped[datetime] = mapped_column(default=now)
    enqueued_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))  # exception class only

    __table_args__ = (Index("ix_tasks_state_created", "state", "created_at"),)

    @property
    def job_id(self) -> str:
        return f"task-{self.id}"
