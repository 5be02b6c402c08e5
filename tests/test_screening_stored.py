"""Issue 12: the screening job stores the desk's rendering of a held comment (its text with
the findings marked), so the desk does not parse every comment's HTML on every request; the
job does its work in one transaction, which also marks its outbox task done."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.jobs import moderation as moderation_jobs
from app.jobs.moderation import screen_comment
from app.models import AgeClass, Comment, CommentStatus, Task, TaskState
from app.services import sanitize, screening
from tests.helpers import shown
from tests.test_moderation_support import hold_comment, make_moderator

TEXT = "Ring meg på 912 34 567 <b>eller</b> skriv til ida@example.no"


@pytest.fixture
def child(make_user):
    return make_user(AgeClass.UNDER_16_PRESUMED)


def test_the_job_stores_the_text_with_its_findings_marked(child, make_article):
    comment = hold_comment(make_article(), child, TEXT)
    assert screen_comment(comment.id) == "screened"
    db.session.expire_all()
    stored = db.session.get(Comment, comment.id)
    text = sanitize.plain_text(stored.body_html)
    assert stored.screened_html == str(screening.highlight(text, stored.screening))
    assert '<mark class="finding finding-phone" title="phone">912 34 567</mark>' in (
        stored.screened_html
    )


def test_the_desk_shows_the_stored_rendering_without_parsing_again(
    client, login, child, make_article, run_jobs, monkeypatch
):
    hold_comment(make_article(), child, TEXT)
    run_jobs()
    login(make_moderator())

    def no_parsing(body_html):
        raise AssertionError("the desk parsed a screened comment again")

    monkeypatch.setattr(sanitize, "plain_text", no_parsing)
    page = shown(client.get("/moderation/minors"))
    assert '<mark class="finding finding-email" title="email">ida@example.no</mark>' in page
    assert "1 phone number" in page


def test_a_comment_screened_before_the_column_existed_is_rendered_as_before(
    client, login, child, make_article, run_jobs
):
    comment = hold_comment(make_article(), child, TEXT)
    run_jobs()
    db.session.execute(
        Comment.__table__.update().where(Comment.id == comment.id).values(screened_html=None)
    )
    db.session.commit()
    login(make_moderator())
    page = shown(client.get("/moderation/minors"))
    assert '<mark class="finding finding-phone" title="phone">912 34 567</mark>' in page


def test_an_edit_or_a_new_hold_clears_the_stored_rendering(child, make_article):
    comment = hold_comment(make_article(), child, TEXT)
    screen_comment(comment.id)
    db.session.expire_all()
    comment = db.session.get(Comment, comment.id)
    assert comment.screened_html
    comment.body_html = "<p>Noe helt annet</p>"  # an edit: the old words must not linger
    db.session.commit()
    assert db.session.get(Comment, comment.id).screened_html is None

    screen_comment(comment.id)
    db.session.expire_all()
    comment = db.session.get(Comment, comment.id)
    assert comment.screened_html and "Noe helt annet" in comment.screened_html
    comment.screening = None  # as holding does when a comment is held again
    db.session.commit()
    assert db.session.get(Comment, comment.id).screened_html is None


def test_a_comment_edited_while_its_job_ran_keeps_the_edit(child, make_article, monkeypatch):
    comment = hold_comment(make_article(), child, TEXT)
    original = sanitize.plain_text

    def edited_meanwhile(body_html):
        db.session.execute(
            Comment.__table__.update()
            .where(Comment.id == comment.id)
            .values(body_html="<p>Endret</p>")
        )
        return original(body_html)

    monkeypatch.setattr(sanitize, "plain_text", edited_meanwhile)
    assert screen_comment(comment.id) == "skipped"
    db.session.expire_all()
    stored = db.session.get(Comment, comment.id)
    assert (stored.screened_at, stored.screened_html) == (None, None)


def test_one_transaction_screens_the_comment_and_marks_its_task_done(
    child, make_article, run_jobs
):
    comment = hold_comment(make_article(), child, TEXT)
    statements: list[str] = []
    commits: list[str] = []

    in_transaction: list[bool] = []

    def statement(conn, cursor, sql, *args):
        if "tasks" in sql or "comments" in sql:
            statements.append(sql.split()[0].upper())
            in_transaction.append(not getattr(cursor.connection, "autocommit", False))

    def committed(conn):
        commits.append("COMMIT")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", committed)
    try:
        run_jobs()
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", committed)

    db.session.expire_all()
    assert db.session.get(Comment, comment.id).screened_at is not None
    (task,) = db.session.scalars(select(Task)).all()
    assert task.state is TaskState.DONE and task.done_at is not None
    if db.engine.dialect.name == "postgresql":
        # Two round trips: the read, then the write with the task's UPDATE in its WITH, each
        # the one statement it is (no BEGIN, no COMMIT).
        assert statements == ["SELECT", "WITH"], statements
        assert in_transaction == [False, False]
    else:
        # The job's budget: read the comment, write it, mark the task; one commit.
        assert statements == ["SELECT", "UPDATE", "UPDATE"], statements
        assert len(commits) == 1


def test_the_task_is_still_marked_done_by_a_job_that_commits_on_its_own(
    app, child, make_article, run_jobs
):
    """Jobs that do not use commit_with_task_done keep RQ's success callback."""
    from app import jobs

    comment = hold_comment(make_article(), child, TEXT)
    db.session.execute(Task.__table__.delete())
    jobs.defer(jobs.JobRef.to(_commits_itself, jobs.DEFAULT), comment.id)
    db.session.commit()
    run_jobs()
    (task,) = db.session.scalars(select(Task)).all()
    assert task.state is TaskState.DONE


def _commits_itself(comment_id: int) -> str:
    db.session.commit()
    return "done"


def test_warm_up_compiles_the_jobs_sql_and_writes_nothing(child, make_article):
    comment_id = hold_comment(make_article(), child, TEXT).id
    before = db.session.execute(select(Comment.screened_at, Comment.status)).all()
    writes: list[str] = []

    def committed(conn):
        writes.append("COMMIT")

    event.listen(db.engine, "commit", committed)
    try:
        moderation_jobs.warm_up()
    finally:
        event.remove(db.engine, "commit", committed)
    assert writes == []
    assert db.session.execute(select(Comment.screened_at, Comment.status)).all() == before
    assert db.session.get(Comment, comment_id).status is CommentStatus.PENDING
