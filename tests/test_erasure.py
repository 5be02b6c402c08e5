"""A reader deletes their account: nothing of theirs is left anywhere, nobody else loses a thing.

The searches here read every table of the schema and every Redis key (job payloads,
failed-job records and the page cache included), so a new table or cache cannot hide data.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import zlib
from typing import Any

import pytest
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.jobs import erasure as erasure_job
from app.jobs import outbox
from app.models import (
    AgeClass,
    AgeSignal,
    AuditAction,
    AuditEntry,
    Comment,
    CommentStatus,
    ErasedSubject,
    ErasureRequest,
    ErasureScope,
    ErasureState,
    ErasureTrigger,
    FeedbackMessage,
    LoginSession,
    ModeratorGrant,
    OutgoingMail,
    ReplySubscription,
    Report,
    ReportReason,
    Task,
    User,
)
from app.privacy import engine
from app.services import erasure, pseudonyms, sanitize
from tests.factories import make_comment
from tests.helpers import shown

NAME = "Astrid Vingebakken"
FACEBOOK_ID = "770000000004242"


# -- searching everywhere ----------------------------------------------------------------------


def _as_text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def database_hits(*needles: str) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every value in every table that contains a needle."""
    hits = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if value is None:
                    continue
                text = _as_text(value)
                hits.extend((table.name, column, n) for n in needles if n in text)
    return hits


def _redis_values(conn, key: bytes) -> list[bytes]:
    kind = conn.type(key).decode()
    if kind == "string":
        return [conn.get(key)]
    if kind == "hash":
        return [part for item in conn.hgetall(key).items() for part in item]
    if kind == "list":
        return conn.lrange(key, 0, -1)
    if kind == "set":
        return list(conn.smembers(key))
    if kind == "zset":
        return conn.zrange(key, 0, -1)
    if kind == "stream":
        return [part for _, fields in conn.xrange(key) for item in fields.items() for part in item]
    return []


def _readable(raw: Any) -> str:
    """The value as text, and as RQ's compressed (and base64-encoded) forms unpacked."""
    if not isinstance(raw, bytes):
        return str(raw)
    texts = [raw.decode("utf-8", "replace")]
    for unpack in (zlib.decompress, lambda b: zlib.decompress(base64.b64decode(b))):
        with contextlib.suppress(zlib.error, binascii.Error, ValueError):
            texts.append(unpack(raw).decode("utf-8", "replace"))
    return " ".join(texts)


def redis_hits(*needles: str) -> list[tuple[str, str]]:
    """(key, needle) for every Redis key whose name or contents contain a needle."""
    conn = jobs.connection()
    hits = []
    for key in conn.scan_iter(count=1000):
        text = _readable(key) + " ".join(_readable(v) for v in _redis_values(conn, key))
        hits.extend((key.decode(), n) for n in needles if n in text)
    return hits


# -- story helpers ---------------------------------------------------------------------------


def explode(comment_id: int) -> None:
    """A job that fails with the comment's text in its exception (RQ keeps that)."""
    comment = db.session.get(Comment, comment_id)
    raise RuntimeError(f"could not handle: {sanitize.plain_text(comment.body_html)}")


def enqueue_failing_job(comment_id: int) -> None:
    jobs.queue(jobs.DEFAULT).enqueue_call("tests.test_erasure.explode", args=[comment_id])


def failed_jobs_about(comment_id: int) -> list[str]:
    """Ids of failed-job records in Redis whose arguments name this comment."""
    from rq.registry import FailedJobRegistry

    queue = jobs.queue(jobs.DEFAULT)
    registry = FailedJobRegistry(queue=queue)
    found = []
    for job_id in registry.get_job_ids():
        job = queue.fetch_job(job_id)
        if job is not None and job.args == [comment_id]:
            found.append(job_id)
    return found


def delete_account(user: User) -> ErasureRequest:
    request = erasure.request_erasure(user, ErasureTrigger.SELF)
    db.session.commit()
    return request


def receipt(code: str) -> ErasureRequest:
    return db.session.scalar(select(ErasureRequest).where(ErasureRequest.code == code))


@pytest.fixture
def reader(make_user):
    return make_user(AgeClass.ADULT, name=NAME, facebook_id=FACEBOOK_ID)


@pytest.fixture
def conversation(reader, make_user, make_article):
    """The reader's comments: one with a reply by someone else, one alone, one pending."""
    other = make_user(AgeClass.ADULT, name="Bjørn Ødegård")
    article = make_article()
    answered = make_comment(article, reader, "Astrids første tanke om bybanen")
    reply = make_comment(article, other, "Bjørns svar til Astrid", parent=answered)
    alone = make_comment(article, reader, "Astrids andre tanke uten svar")
    waiting = make_comment(article, reader, "Astrids ventende tanke", status=CommentStatus.PENDING)
    answered.ip_prefix, answered.user_agent = "192.0.2.0/24", "AstridBrowser/1.0"
    answered.screening = [{"kind": "word", "start": 0, "end": 6, "text": "Astrids"}]
    db.session.add(
        Report(
            comment=alone,
            reporter_id=other.id,
            reason=ReportReason.OTHER,
            note="Astrid skriver mye",
        )
    )
    db.session.add(
        Report(
            comment=reply, reporter_id=reader.id, reason=ReportReason.SPAM, note="Astrids rapport"
        )
    )
    db.session.add(
        FeedbackMessage(
            user_id=reader.id, name=NAME, email="astrid@example.no", message="Astrids melding"
        )
    )
    db.session.add(ReplySubscription(user_id=reader.id, email="astrid@example.no"))
    db.session.add(
        OutgoingMail(
            user_id=reader.id,
            to_address="astrid@example.no",
            subject="Svar til Astrid",
            body="Astrids e-post",
        )
    )
    db.session.commit()
    return {
        "article": article,
        "other": other,
        "answered": answered.id,
        "reply": reply.id,
        "alone": alone.id,
        "waiting": waiting.id,
        "texts": [
            "Astrids første tanke",
            "Astrids andre tanke",
            "Astrids ventende tanke",
            "Astrids rapport",
            "Astrids melding",
            "Astrids e-post",
            "astrid@example.no",
            "AstridBrowser",
        ],
    }


# -- the stories -----------------------------------------------------------------------------


def test_deleted_reader_leaves_nothing_but_the_receipt_in_any_table(reader, conversation, run_jobs):
    code = delete_account(reader).code
    run_jobs()

    hits = database_hits(NAME, FACEBOOK_ID, *conversation["texts"])
    assert hits == []
    done = receipt(code)
    assert done.state is ErasureState.COMPLETED
    assert done.subject_id is None
    assert done.subject_hash == pseudonyms.subject_hash(FACEBOOK_ID)  # keyed, not the id
    assert done.counts["users"] == 1
    assert done.counts["comments_deleted"] == 2  # the lonely one and the pending one
    assert done.counts["comments_tombstoned"] == 1
    assert done.counts["feedback_messages"] == 1
    assert done.counts["reply_subscriptions"] == 1
    assert done.counts["outgoing_mail"] == 1
    assert done.counts["reports"] == 2  # theirs, and another reader's about their comment
    assert db.session.get(ErasedSubject, done.subject_hash) is not None


def test_replies_by_others_stay_under_an_author_less_tombstone(
    reader, conversation, run_jobs, client
):
    delete_account(reader)
    run_jobs()

    tombstone = db.session.get(Comment, conversation["answered"])
    assert tombstone.status is CommentStatus.ERASED
    assert tombstone.author_id is None
    assert tombstone.body_html == ""
    assert tombstone.ip_prefix is None and tombstone.user_agent is None
    assert tombstone.screening is None
    reply = db.session.get(Comment, conversation["reply"])
    assert reply.parent_id == tombstone.id
    assert reply.author_id == conversation["other"].id
    assert db.session.get(Comment, conversation["alone"]) is None
    assert db.session.get(Comment, conversation["waiting"]) is None

    page = shown(client.get(f"/articles/{conversation['article'].key}"))
    assert "Bjørns svar til Astrid" in page
    assert NAME not in page and "Astrids første tanke" not in page


def test_every_session_of_the_reader_ends_at_once(reader, client, app, login, csrf_token):
    phone = app.test_client()
    login(reader)
    login(reader, via=phone)
    assert phone.get("/me").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 2

    response = client.post("/me/delete", data={"confirm": "y", "csrf_token": csrf_token()})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    # The phone is logged out before the erasure job has even run.
    assert phone.get("/me").status_code == 302
    assert "Log in with Facebook" in phone.get("/privacy").text


def test_redis_keeps_nothing_of_theirs_not_even_a_failed_job(
    reader, conversation, run_jobs, client
):
    article = conversation["article"]
    client.get(f"/articles/{article.key}")  # an anonymous rendering lands in the page cache
    enqueue_failing_job(conversation["alone"])
    run_jobs()
    assert failed_jobs_about(conversation["alone"]), "RQ keeps the failed job's record"
    assert redis_hits("Astrids første tanke"), "the page cache holds the thread"

    delete_account(reader)
    run_jobs()

    assert failed_jobs_about(conversation["alone"]) == []
    assert redis_hits(NAME, FACEBOOK_ID, *conversation["texts"]) == []
    done = db.session.scalars(select(ErasureRequest)).one()
    assert done.counts["queued_jobs"] >= 1
    assert done.counts["cached_pages"] >= 1


def test_jobs_and_tasks_of_other_readers_are_left_alone(reader, conversation, run_jobs, make_user):
    enqueue_failing_job(conversation["reply"])
    run_jobs()
    assert failed_jobs_about(conversation["reply"])
    delete_account(reader)
    run_jobs()
    assert failed_jobs_about(conversation["reply"]), "someone else's failed job is not ours"


def test_queued_screening_work_for_their_comments_goes_with_them(reader, make_article, run_jobs):

    comment = make_comment(make_article(), reader, "Astrids kø", status=CommentStatus.PENDING)
    jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.commit()  # queued, not yet worked
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1

    delete_account(reader)
    erasure_job.erase_person(db.session.scalars(select(ErasureRequest.id)).one())

    tasks = db.session.scalars(select(Task)).all()
    assert [t.func for t in tasks] == ["app.jobs.erasure.erase_person"]
    assert redis_hits("Astrids kø") == []
    assert len(jobs.queue(jobs.MINORS)) == 0


@pytest.fixture
def app_logs(caplog, monkeypatch):
    """Every app logger, heard (Alembic's logging setup silences loggers that exist when the
    migrations run)."""
    for name, logger in logging.root.manager.loggerDict.items():
        if name.startswith("app") and isinstance(logger, logging.Logger):
            monkeypatch.setattr(logger, "disabled", False)
    caplog.set_level(logging.DEBUG)
    return caplog


def test_the_erasure_logs_ids_and_counts_only(reader, conversation, run_jobs, app_logs):
    delete_account(reader)
    run_jobs()
    logged = app_logs.text
    assert "completed" in logged
    for needle in (NAME, FACEBOOK_ID, *conversation["texts"]):
        assert needle not in logged


def test_audit_entries_stay_pseudonymous(reader, conversation, run_jobs):
    db.session.add(
        AuditEntry(
            action=AuditAction.APPROVE,
            subject_pseudonym=pseudonyms.pseudonym("user", reader.id),
            comment_id=conversation["alone"],
        )
    )
    db.session.commit()
    delete_account(reader)
    run_jobs()
    (entry,) = db.session.scalars(select(AuditEntry)).all()
    assert entry.subject_pseudonym.startswith("u-")
    assert entry.comment_id == conversation["alone"]


def test_a_moderator_who_leaves_loses_the_role_and_their_claims(make_user, make_article, run_jobs):
    moderator = make_user(AgeClass.ADULT, name="Mona Moderator")
    db.session.add(ModeratorGrant(facebook_id=moderator.facebook_id))
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    held = make_comment(make_article(), child, "Hei")
    held.claimed_by_id = moderator.id
    db.session.add(
        AuditEntry(
            action=AuditAction.CLAIM,
            moderator_id=moderator.id,
            moderator_pseudonym=pseudonyms.pseudonym("user", moderator.id),
        )
    )
    db.session.commit()

    delete_account(moderator)
    run_jobs()

    assert db.session.scalar(select(func.count()).select_from(ModeratorGrant)) == 0
    assert db.session.get(Comment, held.id).claimed_by_id is None
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.moderator_id is None and entry.moderator_pseudonym.startswith("u-")
    assert database_hits("Mona Moderator") == []


# -- idempotence and crashes -----------------------------------------------------------------


def test_two_identical_requests_are_one_erasure_with_one_code(reader, conversation, run_jobs):
    first = erasure.request_erasure(reader, ErasureTrigger.SELF)
    second = erasure.request_erasure(reader, ErasureTrigger.SELF)
    db.session.commit()
    assert first.id == second.id
    run_jobs()
    # Asked again once everything is gone (Facebook retries, say): the same receipt.
    third = erasure.request_erasure(None, ErasureTrigger.SELF, facebook_id=FACEBOOK_ID)
    assert third.id == first.id
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 1
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1


def test_running_a_completed_erasure_again_changes_nothing(reader, conversation, run_jobs):
    request_id = delete_account(reader).id
    run_jobs()
    before = dict(db.session.get(ErasureRequest, request_id).counts)
    completed_at = db.session.get(ErasureRequest, request_id).completed_at

    assert erasure_job.erase_person(request_id) == "already completed"
    after = db.session.get(ErasureRequest, request_id)
    assert after.counts == before
    assert after.completed_at == completed_at


def test_a_worker_killed_mid_way_is_finished_by_the_next_run(
    reader, make_user, make_article, monkeypatch
):
    other = make_user(AgeClass.ADULT)
    article = make_article()
    mine = [make_comment(article, reader, f"Astrid nummer {n}") for n in range(12)]
    for parent in mine[:3]:
        make_comment(article, other, "Svar", parent=parent)
    request = delete_account(reader)

    committed = 0

    def crash_after_some_batches() -> None:
        nonlocal committed
        committed += 1
        if committed == 4:
            raise SystemExit("worker killed")

    monkeypatch.setattr(engine, "_batch_committed", crash_after_some_batches)
    with pytest.raises(SystemExit):
        erasure_job.erase_person(request.id, batch_size=2)
    db.session.rollback()
    halfway = db.session.get(ErasureRequest, request.id)
    assert halfway.state is ErasureState.RUNNING
    assert 0 < db.session.scalar(select(func.count()).where(Comment.author_id == reader.id)) < 12

    monkeypatch.setattr(engine, "_batch_committed", lambda: None)
    assert erasure_job.erase_person(request.id, batch_size=2) == "completed"

    done = db.session.get(ErasureRequest, request.id)
    assert done.state is ErasureState.COMPLETED
    assert done.counts["comments_deleted"] == 9
    assert done.counts["comments_tombstoned"] == 3
    assert database_hits("Astrid nummer", NAME, FACEBOOK_ID) == []
    assert db.session.scalar(select(func.count()).where(Comment.parent_id.is_not(None))) == 3


def test_a_lost_erasure_job_is_picked_up_by_the_sweeper(reader, conversation, run_jobs):
    request = delete_account(reader)
    jobs.queue(jobs.ERASURE).empty()  # Redis restarted: the job is gone, the task row is not
    run_jobs()
    assert db.session.get(ErasureRequest, request.id).state is ErasureState.RECEIVED
    assert outbox.sweep() == 1
    run_jobs()
    assert db.session.get(ErasureRequest, request.id).state is ErasureState.COMPLETED


def test_replies_of_their_own_under_their_own_comment_leave_no_empty_tombstone(
    reader, make_article, run_jobs
):
    article = make_article()
    first = make_comment(article, reader, "Astrid starter")
    make_comment(article, reader, "Astrid svarer seg selv", parent=first)
    delete_account(reader)
    run_jobs()
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


# -- a child first discovered, a returning child -------------------------------------------


TEEN_ID = "100000000000013"  # the fake Facebook's "teen" persona (13-17)


def test_child_discovered_loses_everything_but_comments_which_wait(
    make_user, make_article, login, run_jobs
):
    # Facebook first reported an adult; now it reports the 13-17 bucket.
    child = make_user(AgeClass.ADULT, name="Ida", facebook_id=TEEN_ID)
    other = make_user(AgeClass.ADULT)
    article = make_article()
    make_comment(article, child, "Idas kommentar")
    db.session.add_all(
        [
            FeedbackMessage(
                user_id=child.id, name="Ida", email="ida@example.no", message="Idas melding"
            ),
            ReplySubscription(user_id=child.id, email="ida@example.no"),
            OutgoingMail(
                user_id=child.id, to_address="ida@example.no", subject="Hei Ida", body="Idas e-post"
            ),
            FeedbackMessage(user_id=other.id, message="Noen andres melding"),
        ]
    )
    db.session.commit()

    login("teen")
    run_jobs()

    child = db.session.scalar(select(User).where(User.facebook_id == TEEN_ID))
    assert child.age_class is AgeClass.UNDER_16_PRESUMED
    assert database_hits("ida@example.no", "Idas melding", "Idas e-post") == []
    comment = db.session.scalars(select(Comment).where(Comment.author_id == child.id)).one()
    assert comment.status is CommentStatus.PENDING  # kept, and waiting for a moderator
    assert db.session.scalar(select(func.count()).select_from(FeedbackMessage)) == 1
    done = db.session.scalars(select(ErasureRequest)).one()
    assert (done.trigger, done.scope) == (ErasureTrigger.MINOR_DISCOVERED, ErasureScope.NON_COMMENT)
    assert done.state is ErasureState.COMPLETED
    assert done.counts == {"feedback_messages": 1, "reply_subscriptions": 1, "outgoing_mail": 1}


def test_erase_outside_comments_keeps_the_account_and_sessions(make_user, make_article, run_jobs):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    db.session.add(LoginSession(id="x" * 64, user_id=child.id))
    db.session.commit()
    erasure.erase_outside_comments(child)
    db.session.commit()
    run_jobs()
    assert db.session.get(User, child.id) is not None
    assert db.session.get(LoginSession, "x" * 64) is not None
    assert db.session.scalars(select(AgeSignal)).all()


def test_a_child_who_comes_back_after_erasure_is_flagged_under_16_again(
    make_user, run_jobs, login, facebook
):
    from app.devtools.fake_facebook import Persona

    child = make_user(AgeClass.UNDER_16_PRESUMED, facebook_id="770000000001313")
    delete_account(child)
    run_jobs()
    assert db.session.get(ErasedSubject, pseudonyms.subject_hash("770000000001313")).was_minor

    # They come back with a Facebook account that now says 21+.
    facebook.state.add_persona(Persona("returning", "770000000001313", "Ida", {"min": 21}))
    login("returning")
    back = db.session.scalar(select(User).where(User.facebook_id == "770000000001313"))
    assert back.age_class is AgeClass.UNDER_16_CONFIRMED
    assert any(s.source.value == "erasure_registry" for s in back.signals)


def test_an_adult_who_comes_back_is_not_flagged(make_user, run_jobs, login, facebook):
    from app.devtools.fake_facebook import Persona

    adult = make_user(AgeClass.ADULT, facebook_id="770000000002121")
    delete_account(adult)
    run_jobs()
    facebook.state.add_persona(Persona("adult-again", "770000000002121", "Kari", {"min": 21}))
    login("adult-again")
    back = db.session.scalar(select(User).where(User.facebook_id == "770000000002121"))
    assert back.age_class is AgeClass.ADULT


def test_a_returning_reader_can_delete_their_new_account_too(make_user, make_article, run_jobs):
    first = make_user(AgeClass.ADULT, facebook_id="770000000003131")
    first_code = delete_account(first).code
    run_jobs()
    again = make_user(AgeClass.ADULT, facebook_id="770000000003131", name="Kari Igjen")
    make_comment(make_article(), again, "Karis nye kommentar")
    second_code = delete_account(again).code
    run_jobs()
    assert second_code != first_code
    assert database_hits("Kari Igjen", "Karis nye kommentar") == []


# -- refusal, guardian link ------------------------------------------------------------------


def test_a_request_that_names_no_one_is_refused_with_a_reason(app, run_jobs):
    request = erasure.request_erasure(None, ErasureTrigger.MODERATOR)
    db.session.commit()
    run_jobs()
    refused = db.session.get(ErasureRequest, request.id)
    assert refused.state is ErasureState.REFUSED
    assert refused.refused_reason


def test_guardian_cases_lose_their_link_to_the_erased_child(make_user, make_article, run_jobs):
    from app.models import GuardianCase, GuardianCaseState

    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4711")
    case = GuardianCase(
        reference="G-TEST",
        state=GuardianCaseState.OPEN,
        child_name="Ida Barn",
        comment_refs="Idas kommentar om skolen",
        guardian_email="mor@example.no",
        subject_id=child.id,
        held_comment_ids=[1, 2],
    )
    db.session.add(case)
    db.session.commit()
    erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    run_jobs()
    case = db.session.get(GuardianCase, case.id)
    assert case.subject_id is None and case.held_comment_ids is None
    assert database_hits("Ida Barn", "Idas kommentar om skolen") == []
    assert case.guardian_email == "mor@example.no"  # theirs: kept to tell them, then retention
