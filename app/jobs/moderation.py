"""Jobs on the ``minors`` queue."""

from __future__ import annotations

from app import clock
from app.extensions import db
from app.models import Comment, CommentStatus
from app.services import sanitize, screening


def screen_comment(comment_id: int) -> str:
    """Flag contact details and listed words in a held comment; a human decides. Safe to rerun."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.status is not CommentStatus.PENDING:
        return "skipped"
    findings = screening.scan(sanitize.plain_text(comment.body_html))
    comment.screening = [finding.to_dict() for finding in findings]
    comment.screened_at = clock.now()
    db.session.commit()
    return "screened"
