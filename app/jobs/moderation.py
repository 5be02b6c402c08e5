"""Jobs on the ``minors`` queue."""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from flask import current_app
from sqlalchemy import Update, func, select, update

from app import clock, jobs
from app.extensions import db
from app.models import Comment, CommentStatus
from app.services import sanitize, screening

log = logging.getLogger(__name__)


def screen_comment(comment_id: int) -> str:
    """Flag contact details and listed words in a held comment; a human decides. Safe to rerun.

    It never publishes: the comment stays pending, now with its findings (and the text with
    them marked, for the desk), in the desk's under-16 queue. One read and one write, which
    also marks the job's outbox task done; on PostgreSQL each is the one statement it is,
    outside a transaction (no BEGIN or COMMIT round trips).
    """
    _without_transaction()
    row = db.session.execute(_READ.where(Comment.id == comment_id)).one_or_none()
    if row is None or row.status is not CommentStatus.PENDING:
        return "skipped"
    text = sanitize.plain_text(row.body_html)
    findings = screening.scan(text, screening_words())
    written = jobs.commit_with_task_done(
        _store(
            comment_id,
            row.body_html,
            [finding.to_dict() for finding in findings],
            str(screening.highlight(text, findings)),
        )
    )
    return "screened" if written else "skipped"


_READ = select(Comment.status, Comment.body_html)


def _without_transaction() -> None:
    """PostgreSQL: run this job's statements without BEGIN and COMMIT.

    The read sees what was committed when it began, in a transaction or not; the write is
    guarded by what was read (still held, same text) and is one statement, so it is atomic
    on its own. The connection goes back to the pool, which restores transactions, when the
    job's app context ends.
    """
    session = db.session()
    if not session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _store(comment_id: int, body_html: str, findings: list[dict], html: str) -> Update:
    """The write of the screening, if the comment is still held with this text (an edit or a
    decision meanwhile wins)."""
    return (
        update(Comment)
        .where(
            Comment.id == comment_id,
            Comment.status == CommentStatus.PENDING,
            Comment.body_html == body_html,
        )
        .values(
            screening=findings,
            screened_html=html,
            screened_at=clock.now(),
            # the queue is ordered by it; never let one drop out
            held_since=func.coalesce(Comment.held_since, Comment.created_at),
        )
        .execution_options(synchronize_session=False)
    )


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
    its work horse: import the HTML tree builder, compile the patterns and the word list,
    and compile the job's SQL (run once for a comment that does not exist, in a transaction
    rolled back: nothing is written). Forked horses inherit all of it (SQLAlchemy's compiled
    statements live on the engine, which outlives the connections closed before a fork).
    Needs the app context; touches no Redis.
    """
    text = sanitize.plain_text(sanitize.clean_comment("Ring 912 34 567, skriv til a@b.no"))
    screening.highlight(text, screening.scan(text, screening_words()))
    try:
        db.session.execute(_READ.where(Comment.id == -1)).one_or_none()
        store = _store(-1, "", [], "")
        db.session.execute(store)
        db.session.execute(jobs.task_done_statement(-1))
        if db.engine.dialect.name == "postgresql":  # the job's one write, as it sends it
            db.session.execute(store.add_cte(jobs.task_done_statement(-1).cte("task_done")))
    except Exception as exc:  # noqa: BLE001 - the database is away: the jobs compile it later
        log.warning("screening warm-up without the database (%s)", type(exc).__name__)
    finally:
        db.session.rollback()
        db.session.remove()
