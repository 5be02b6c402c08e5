"""Issue 7, invariant 2: after an erasure nothing of the person remains anywhere — also the
moderators' words about them, their rate-limit counters, the traces a tombstone could keep,
and job records made while a killed erasure waited for its re-run. Meanwhile nothing of
theirs is public.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock, jobs
from app.extensions import db
from app.jobs import erasure as erasure_job
from app.jobs import retention
from app.models import (
    AgeClass,
    AuditAction,
    AuditEntry,
    Comment,
    CommentStatus,
    ErasedSubject,
    ErasureRequest,
    ErasureState,
    ErasureTrigger,
    GuardianCase,
    GuardianCaseState,
    User,
)
from app.privacy import engine
from app.services import erasure, guardian, moderation, pseudonyms
from tests.factories import make_comment
from tests.helpers import token_of
from tests.test_erasure import database_hits, delete_account, enqueue_failing_job, redis_hits
from tests.test_moderation_support import make_moderator

NAME = "Sofie Lindqvist"
FACEBOOK_ID = "770000000005151"
NOTE = "Sofie, ikke skriv at du bor i Storgata 12"


@pytest.fixture
def child(make_user):
    return make_user(AgeClass.UNDER_16_PRESUMED, name=NAME, facebook_id=FACEBOOK_ID)


def everything_public(client, article) -> str:
    """What anyone sees: the thread page, the widget, the API listing and the feed."""
    return " ".join(
        client.get(path).text
        for path in (
            f"/articles/{article.key}",
            f"/embed/{article.key}",
            f"/api/v1/articles/{article.key}/comments",
            f"/articles/{article.key}/feed.atom",
        )
    )


# -- the moderators' words about a person are that person's data ---------------------------------


def test_a_moderators_note_quoting_the_child_goes_with_her_and_the_preset_reason_stays(
    child, make_article, run_jobs
):
    mona = make_moderator()
    comment = make_comment(make_article(), child, "Jeg bor i Storgata 12")
    moderation.reject(mona, comment.id, f"Personal information: {NOTE}", "personal_info")
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.reason_code == "personal_info" and NOTE in entry.reason

    erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    run_jobs()

    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.reason_code, entry.reason) == (
        AuditAction.REJECT,
        "personal_info",
        None,
    )
    assert database_hits(NOTE, "Storgata", NAME) == []
    done = db.session.scalars(select(ErasureRequest)).one()
    assert done.counts["moderator_notes"] == 1


def test_notes_about_other_readers_are_left_alone(child, make_user, make_article, run_jobs):
    mona = make_moderator()
    other = make_user(AgeClass.UNDER_16_PRESUMED)
    theirs = make_comment(make_article(), other, "Noe annet")
    moderation.reject(mona, theirs.id, "Other: ikke del skolen din", "other")
    erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    run_jobs()
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.reason == "Other: ikke del skolen din"


def test_a_dismissal_reason_naming_the_child_goes_when_she_is_erased(
    child, make_article, run_jobs
):
    mona = make_moderator()
    case = GuardianCase(
        reference="G-AAAA-BBBB",
        state=GuardianCaseState.OPEN,
        guardian_email="mor@example.no",
        subject_id=child.id,
        confirmed_at=clock.now(),
    )
    db.session.add(case)
    db.session.commit()
    guardian.dismiss_case(case, mona, f"Vi fant ingen kommentarer fra {NAME}")
    run_jobs()  # the mail telling the guardian why is sent

    erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    run_jobs()

    case = db.session.get(GuardianCase, case.id)
    assert case.state is GuardianCaseState.DISMISSED and case.dismissal_reason is None
    assert database_hits(NAME) == []
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.GUARDIAN_DISMISS)
    ).one()
    assert entry.reason is None and entry.guardian_case_id == case.id


def test_retention_clears_old_notes_and_keeps_the_decision(child, make_article, settings, app):
    mona = make_moderator()
    comment = make_comment(make_article(), child, "Hei")
    moderation.reject(mona, comment.id, f"Other: {NOTE}", "other")
    entry = db.session.scalars(select(AuditEntry)).one()
    entry.created_at = clock.now() - timedelta(days=app.config["AUDIT_NOTE_RETENTION_DAYS"] + 1)
    db.session.commit()

    assert retention.purge_moderator_notes() == 1
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.reason is None and entry.reason_code == "other"


def test_purging_a_guardians_contact_details_takes_the_dismissal_reason_too(child, app):
    mona = make_moderator()
    case = GuardianCase(
        reference="G-CCCC-DDDD",
        state=GuardianCaseState.OPEN,
        guardian_email="mor@example.no",
        subject_id=child.id,
        confirmed_at=clock.now(),
    )
    db.session.add(case)
    db.session.commit()
    guardian.dismiss_case(case, mona, f"Ingen treff på {NAME}")
    case.closed_at = clock.now() - timedelta(days=app.config["GUARDIAN_CONTACT_RETENTION_DAYS"] + 1)
    db.session.commit()

    retention.purge_guardian_contacts()
    assert database_hits("Ingen treff på") == []


# -- hidden at once, and while a killed worker waits for its re-run --------------------------------


def test_her_comments_are_hidden_the_moment_the_erasure_is_asked_for(
    client, child, make_article, run_jobs
):
    article = make_article()
    published = [
        make_comment(article, child, f"Sofies tekst {n}", CommentStatus.PUBLISHED)
        for n in range(3)
    ]
    assert "Sofies tekst 2" in everything_public(client, article)  # and now in the page cache

    erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()  # no worker has run yet

    assert "Sofies tekst" not in everything_public(client, article)
    assert all(db.session.get(Comment, c.id).guardian_hold for c in published)


def test_a_worker_killed_mid_erasure_leaves_nothing_of_hers_public(
    client, child, make_user, make_article, monkeypatch
):
    article = make_article()
    other = make_user(AgeClass.ADULT)
    mine = [
        make_comment(article, child, f"Sofie nr {n}", CommentStatus.PUBLISHED) for n in range(8)
    ]
    make_comment(article, other, "Et svar", parent=mine[0])
    request = erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    # The job's own first transaction hides again (e.g. a comment approved since the trigger).
    db.session.get(Comment, mine[5].id).guardian_hold = False
    db.session.commit()

    def killed(*_: object) -> None:
        raise SystemExit("worker killed")

    monkeypatch.setattr(engine, "_batch_committed", killed)
    with pytest.raises(SystemExit):
        erasure_job.erase_person(request.id, batch_size=2)
    db.session.rollback()

    assert db.session.scalar(select(func.count()).where(Comment.author_id == child.id)) == 8
    page = everything_public(client, article)
    assert "Sofie nr" not in page
    assert "Et svar" in page  # other readers lose nothing


def test_a_re_run_after_her_account_went_still_purges_jobs_recorded_in_between(
    child, make_article, monkeypatch, run_jobs
):
    article = make_article()
    comment_id = make_comment(article, child, "Sofies siste ord").id
    request = erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    jobs.queue(jobs.ERASURE).empty()  # this test plays the worker (and, later, its re-run)
    child_id = child.id

    def killed_once_the_account_is_gone() -> None:
        if db.session.get(User, child_id) is None:
            raise SystemExit("worker killed")

    monkeypatch.setattr(engine, "_batch_committed", killed_once_the_account_is_gone)
    with pytest.raises(SystemExit):
        erasure_job.erase_person(request.id)
    db.session.rollback()
    monkeypatch.setattr(engine, "_batch_committed", lambda: None)

    # In the gap, jobs naming her rows fail and RQ keeps their records.
    jobs.queue(jobs.DEFAULT).enqueue_call(
        "tests.test_erasure_invariants.explode_for_reader", args=[child_id]
    )
    enqueue_failing_job(comment_id)
    run_jobs()
    assert len(failed_job_ids()) == 2

    assert erasure_job.erase_person(request.id) == "completed"
    assert failed_job_ids() == []
    done = db.session.get(ErasureRequest, request.id)
    assert done.pending_ids is None and done.subject_id is None  # the receipt keeps no ids
    assert redis_hits("Sofies siste ord") == []


def explode_for_reader(user_id: int) -> None:
    """A job about a reader that fails (RQ keeps its record)."""
    raise RuntimeError(f"could not handle reader {user_id}")


def failed_job_ids() -> list[str]:
    from rq.registry import FailedJobRegistry

    return FailedJobRegistry(queue=jobs.queue(jobs.DEFAULT)).get_job_ids()


# -- tombstones, and unknown Facebook ids ----------------------------------------------------------


def test_a_tombstone_tells_nothing_of_how_its_author_was_treated(
    child, make_user, make_article, run_jobs
):
    article = make_article()
    held = make_comment(article, child, "Sofie spør", CommentStatus.PUBLISHED)
    held.held_since = held.decided_at = held.published_at = held.edited_at = clock.now()
    db.session.commit()
    make_comment(article, make_user(AgeClass.ADULT), "Svar til Sofie", parent=held)

    erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    run_jobs()

    tombstone = db.session.get(Comment, held.id)
    assert tombstone.status is CommentStatus.ERASED
    assert (tombstone.held_since, tombstone.decided_at) == (None, None)
    assert (tombstone.published_at, tombstone.edited_at, tombstone.guardian_hold) == (
        None,
        None,
        False,
    )
    assert tombstone.created_at is not None  # the thread's order


def test_a_comment_its_author_deletes_keeps_no_moderation_traces_either(
    client, login, make_user, make_article
):
    article = make_article()
    author = make_user(AgeClass.UNDER_16_PRESUMED)
    held = make_comment(article, author, "Jeg angrer", CommentStatus.PUBLISHED)
    held.held_since = held.decided_at = clock.now() - timedelta(days=30)
    db.session.commit()
    make_comment(article, make_user(AgeClass.ADULT), "Et svar", parent=held)
    login(author)

    client.post(f"/comments/{held.id}/delete", data={"csrf_token": token_of(client)})

    tombstone = db.session.get(Comment, held.id)
    assert tombstone.status is CommentStatus.DELETED and tombstone.body_html == ""
    assert (tombstone.held_since, tombstone.decided_at, tombstone.published_at) == (None,) * 3


def test_a_facebook_callback_for_an_id_we_never_had_leaves_no_registry_entry(app, run_jobs):
    request = erasure.request_erasure(
        None, ErasureTrigger.FACEBOOK, facebook_id="770000000000404"
    )
    db.session.commit()
    run_jobs()
    assert db.session.get(ErasureRequest, request.id).state is ErasureState.COMPLETED
    assert db.session.scalar(select(func.count()).select_from(ErasedSubject)) == 0


def test_a_known_reader_erased_through_facebook_is_registered(child, run_jobs):
    erasure.request_erasure(None, ErasureTrigger.FACEBOOK, facebook_id=FACEBOOK_ID)
    db.session.commit()
    run_jobs()
    entry = db.session.get(ErasedSubject, pseudonyms.subject_hash(FACEBOOK_ID))
    assert entry is not None and entry.was_minor


# -- rate-limit counters ---------------------------------------------------------------------------


@pytest.fixture
def rate_limited(settings):
    settings["RATELIMIT_ENABLED"] = True
    return settings


def limiter_keys() -> list[str]:
    from app.extensions import limiter

    storage = limiter.storage
    if hasattr(storage, "get_connection"):
        return [k.decode() for k in storage.get_connection().scan_iter(match="LIMITS:*")]
    return [*storage.storage, *storage.events]


def test_rate_limit_counters_hold_keyed_hashes_and_go_with_the_reader(
    rate_limited, app, client, login, make_user, make_article, run_jobs
):
    article = make_article()
    reader = make_user(AgeClass.ADULT, name=NAME, facebook_id=FACEBOOK_ID)
    client.environ_base["REMOTE_ADDR"] = "203.0.113.45"
    client.get("/feedback")
    client.post("/feedback", data={"message": "Hei", "csrf_token": token_of(client)})
    login(reader)
    for n in range(3):
        client.post(
            f"/articles/{article.key}/comments",
            data={"body": f"Sofies innlegg {n}", "csrf_token": token_of(client)},
        )
    keys = limiter_keys()
    assert keys, "the limiter counted"
    assert not [k for k in keys if "203.0.113.45" in k or f"user:{reader.id}" in k]
    mine = pseudonyms.pseudonym("user", reader.id)
    assert [k for k in keys if mine in k]

    delete_account(reader)
    run_jobs()

    assert not [k for k in limiter_keys() if mine in k]
    assert db.session.scalars(select(ErasureRequest)).one().counts["rate_limits"] >= 1


def test_a_childs_report_reaches_the_moderators_without_her_words(
    client, login, child, make_user, make_article
):
    from app.models import Report

    comment = make_comment(make_article(), make_user(AgeClass.ADULT), "Noe stygt")
    login(child)
    client.post(
        f"/comments/{comment.id}/report",
        data={
            "reason": "abuse",
            "note": "Jeg heter Sofie og går i 7B",
            "csrf_token": token_of(client),
        },
    )
    (report,) = db.session.scalars(select(Report)).all()
    assert report.reason.value == "abuse" and report.note is None
    assert database_hits("går i 7B") == []
