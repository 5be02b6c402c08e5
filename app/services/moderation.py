"""The moderators' use-cases: holding, screening results, decisions."""

from __future__ import annotations

from sqlalchemy import select

from app import clock, jobs
from app.extensions import db
from app.models import Comment, CommentStatus, User


def hold_published_comments(user: User) -> int:
    """A reader who may be a child: their published comments go back to the under-16 queue.

    The caller commits; screening jobs reach RQ after that commit.
    """
    from app.jobs.moderation import screen_comment

    comments = db.session.scalars(
        select(Comment).where(
            Comment.author_id == user.id, Comment.status == CommentStatus.PUBLISHED
        )
    ).all()
    for comment in comments:
        comment.status = CommentStatus.PENDING
        comment.held_since = clock.now()
        comment.decided_at = None
        jobs.defer(jobs.MINORS, screen_comment, comment.id)
    return len(comments)
