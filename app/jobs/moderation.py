"""Jobs on the ``minors`` queue."""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from flask import current_app

from app import clock
from app.extensions import db
from app.models import Comment, CommentStatus
from app.services import sanitize, screening

log = logging.getLogger(__name__)


def screen_comment(comment_id: int) -> str:
    """Flag contact details and listed words in a held comment; a human decides. Safe to rerun.

    It never publishes: the comment stays pending, now with its findings, in the desk's
    under-16 queue.
    """
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.status is not CommentStatus.PENDING:
        return "skipped"
    findings = screening.scan(sanitize.plain_text(comment.body_html), screening_words())
    comment.screening = [finding.to_dict() for finding in findings]
    comment.screened_at = clock.now()
    if comment.held_since is None:  # the queue is ordered by it; never let one drop out
        comment.held_since = comment.created_at
    db.session.commit()
    return "screened"


def screening_words() -> frozenset[str] | None:
    """The newsroom's word list (SCREENING_WORDS_FILE), re-read when the file changes.

    None means the list that ships with Kommentar. An unreadable file is logged and the
    shipped list used: screening only points things out, and a human still decides.
    """
    path = current_app.config.get("SCREENING_WORDS_FILE")
    if not path:
        return None
    try:
        version = os.stat(path).st_mtime_ns
        return _load_words(path, version)
    except (OSError, UnicodeDecodeError) as exc:
        log.error("screening word list unreadable (%s); using the default list", type(exc).__name__)
        return None


@lru_cache(maxsize=4)
def _load_words(path: str, version: int) -> frozenset[str]:
    return screening.load_words(path)


def warm_up() -> None:
    """Do once, in a worker before it forks, what each screening job would otherwise redo in
    its work horse: import the HTML tree builder, compile the patterns and the word list.
    Forked horses inherit all of it. Touches no database and no Redis (needs the app context).
    """
    text = sanitize.plain_text(sanitize.clean_comment("Ring 912 34 567, skriv til a@b.no"))
    screening.scan(text, screening_words())
