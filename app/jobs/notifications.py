"""Reply notifications, on the ``default`` queue."""

from __future__ import annotations

from app.extensions import db
from app.models import Comment
from app.services import subscriptions


def notify_reply_subscribers(comment_id: int) -> str:
    """Tell the parent comment's author (if subscribed) that someone replied. Safe to rerun:
    a reply that is gone, hidden or already notified about sends nothing."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        return "gone"
    if not subscriptions.notify_parent_author(comment):
        db.session.rollback()
        return "nobody to tell"
    db.session.commit()
    return "queued"
