"""A moderator's claim on a held comment: open for CLAIM_SECONDS, then anyone's again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import or_

from app.models import Comment, User


def claim_duration() -> timedelta:
    return timedelta(seconds=current_app.config["CLAIM_SECONDS"])


def claim_open(comment: Comment, now: datetime) -> bool:
    return (
        comment.claimed_by_id is not None
        and comment.claimed_at is not None
        and comment.claimed_at > now - claim_duration()
    )


def free_or_mine(moderator: User, now: datetime) -> Any:
    """SQL: nobody else holds an open claim on the comment."""
    return or_(
        Comment.claimed_by_id.is_(None),
        Comment.claimed_by_id == moderator.id,
        Comment.claimed_at.is_(None),
        Comment.claimed_at <= now - claim_duration(),
    )
