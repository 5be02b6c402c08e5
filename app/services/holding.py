"""Holding: a reader who becomes (or may be) a child has their published comments taken
back into the under-16 queue. Called by the readers service when an age signal arrives;
a module of its own so that service and the moderation desk both sit above it."""

from __future__ import annotations

from sqlalchemy import select

from app import clock, jobs
from app.extensions import db
from app.models import Comment, CommentStatus, User
from app.services import page_cache


def hold_published_comments(user: User) -> int:
    """A reader who may be a child: their published comments go back to the under-16 queue.

    The caller commits; screening jobs reach RQ after that commit.
    """
    comments = db.session.scalars(
        select(Comment).where(
            Comment.author_id == user.id, Comment.status == CommentStatus.PUBLISHED
        )
    ).all()
    now = clock.now()
    for comment in comments:
        comment.status = CommentStatus.PENDING
        comment.held_since = now
        comment.decided_at = None
        comment.screening = None
        comment.screened_at = None
        jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    # Now, and again once the caller commits: a page rendered in between is not kept.
    page_cache.invalidate_pages({c.article_id for c in comments}, again_after_commit=True)
    return len(comments)
