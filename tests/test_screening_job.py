"""The screening job on the minors queue: finds, records, never decides."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.jobs import moderation as moderation_jobs
from app.jobs.moderation import screen_comment
from app.models import AgeClass, Comment, CommentStatus, Task, TaskState
from tests import factories
from tests.test_moderation_support import hold_comment


def test_a_held_comment_is_screened_by_the_worker_and_stays_pending(
    make_user, make_article, run_jobs
):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    comment = hold_comment(make_article(), child, "Mail meg: ida@example.no eller ring 912 34 567")
    run_jobs()
    db.session.expire_all()
    screened = db.session.get(Comment, comment.id)
    assert screened.status is CommentStatus.PENDING  # a human decides
    assert screened.screened_at is not None
    kinds = [f["kind"] for f in screened.screening]
    assert kinds == ["email", "phone"]
    first = screened.screening[0]
    assert (first["text"], first["start"]) == ("ida@example.no", 10)
    (task,) = db.session.scalars(select(Task)).all()
    assert task.state is TaskState.DONE


def test_screening_twice_gives_the_same_findings(make_user, make_article):
    comment = hold_comment(make_article(), make_user(AgeClass.UNKNOWN), "snap: ida_2011")
    assert screen_comment(comment.id) == "screened"
    first = list(db.session.get(Comment, comment.id).screening)
    assert screen_comment(comment.id) == "screened"
    assert db.session.get(Comment, comment.id).screening == first


def test_a_decided_or_erased_comment_is_skipped(make_user, make_article):
    article = make_article()
    published = factories.make_comment(article, make_user(AgeClass.ADULT), "Voksen")
    assert screen_comment(published.id) == "skipped"
    assert db.session.get(Comment, published.id).screened_at is None
    assert screen_comment(999_999) == "skipped"


def test_the_newsrooms_own_word_list_is_used(app, tmp_path, make_user, make_article):
    words = tmp_path / "ord.txt"
    words.write_text("# egne ord\nbybanen\nlunsj i dag\n", encoding="utf-8")
    app.config["SCREENING_WORDS_FILE"] = str(words)
    comment = hold_comment(
        make_article(), make_user(AgeClass.UNDER_16_PRESUMED), "Bybanen og LUNSJ  i dag, nudes"
    )
    screen_comment(comment.id)
    found = [(f["kind"], f["text"]) for f in db.session.get(Comment, comment.id).screening]
    # The configured list replaces the shipped one ("nudes" is only in the shipped list).
    assert found == [("word", "Bybanen"), ("word", "LUNSJ  i dag")]


def test_an_edited_word_list_is_read_again(app, tmp_path, make_user, make_article):
    import os

    words = tmp_path / "ord.txt"
    words.write_text("eple\n", encoding="utf-8")
    app.config["SCREENING_WORDS_FILE"] = str(words)
    assert moderation_jobs.screening_words() == frozenset({"eple"})
    words.write_text("pære\n", encoding="utf-8")
    stat = words.stat()
    os.utime(words, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert moderation_jobs.screening_words() == frozenset({"pære"})


def test_a_missing_word_list_falls_back_to_the_shipped_one(app, make_user, make_article):
    app.config["SCREENING_WORDS_FILE"] = "/nonexistent/ord.txt"
    comment = hold_comment(make_article(), make_user(AgeClass.UNDER_16_PRESUMED), "send nudes")
    assert screen_comment(comment.id) == "screened"
    kinds = [f["kind"] for f in db.session.get(Comment, comment.id).screening]
    assert kinds == ["word"]


def test_a_held_comment_without_a_hold_time_gets_one(make_user, make_article):
    comment = hold_comment(make_article(), make_user(AgeClass.UNDER_16_PRESUMED), "hei")
    comment.held_since = None
    db.session.commit()
    screen_comment(comment.id)
    stored = db.session.get(Comment, comment.id)
    assert stored.held_since == stored.created_at  # so it keeps its place in the queue
