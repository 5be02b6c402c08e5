"""What is past its time goes: technical data, old messages, sent mail, guardians' contact
details, idle logins and finished work."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.jobs import retention
from app.jobs.schedule import PERIODIC
from app.models import (
    AgeClass,
    Comment,
    FeedbackMessage,
    GuardianCase,
    GuardianCaseState,
    LoginSession,
    OutgoingMail,
    Task,
    TaskState,
)
from app.privacy import retention as retention_batches
from tests.factories import make_comment

NOW = datetime(2030, 6, 1, 12, 0)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: NOW)
    return NOW


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_technical_data_of_old_comments_is_cleared_and_the_comment_stays(
    today, make_user, make_article
):
    reader = make_user(AgeClass.ADULT)
    article = make_article()
    old = make_comment(article, reader, "Gammel")
    new = make_comment(article, reader, "Ny")
    old.created_at, new.created_at = days_ago(31), days_ago(29)
    for comment in (old, new):
        comment.ip_prefix, comment.user_agent = "192.0.2.0/24", "Firefox/140"
    db.session.commit()

    assert retention.purge_technical_data() == 1

    old, new = db.session.get(Comment, old.id), db.session.get(Comment, new.id)
    assert (old.ip_prefix, old.user_agent) == (None, None)
    assert old.body_html == "<p>Gammel</p>"
    assert (new.ip_prefix, new.user_agent) == ("192.0.2.0/24", "Firefox/140")
    assert retention.purge_technical_data() == 0  # nothing left to do: safe to repeat


@pytest.fixture
def short_technical_retention(settings):
    settings["TECHNICAL_DATA_RETENTION_DAYS"] = 7
    return settings


def test_the_technical_data_period_is_a_setting(
    short_technical_retention, app, today, make_user, make_article
):
    comment = make_comment(make_article(), make_user(AgeClass.ADULT), "Hei")
    comment.created_at, comment.ip_prefix = days_ago(8), "192.0.2.0/24"
    db.session.commit()
    assert retention.purge_technical_data() == 1


def test_old_feedback_is_deleted(today, app):
    db.session.add_all(
        [
            FeedbackMessage(message="Gammel", email="a@example.no", created_at=days_ago(181)),
            FeedbackMessage(message="Ny", email="b@example.no", created_at=days_ago(179)),
        ]
    )
    db.session.commit()
    assert retention.purge_old_feedback() == 1
    assert [m.message for m in db.session.scalars(select(FeedbackMessage))] == ["Ny"]


def test_sent_mail_goes_after_a_week_and_unsent_mail_stays(today, app):
    def mail(sent_days_ago: float | None) -> OutgoingMail:
        return OutgoingMail(
            to_address="kari@example.no",
            subject="Hei",
            body="...",
            created_at=days_ago(30),
            sent_at=days_ago(sent_days_ago) if sent_days_ago is not None else None,
        )

    db.session.add_all([mail(8), mail(6), mail(None)])
    db.session.commit()
    assert retention.purge_sent_mail() == 1
    assert count(OutgoingMail) == 2


def test_guardian_contact_details_go_some_time_after_the_case_closes(today, app):
    def case(reference: str, closed_days_ago: float | None) -> GuardianCase:
        return GuardianCase(
            reference=reference,
            state=GuardianCaseState.DISMISSED if closed_days_ago else GuardianCaseState.OPEN,
            guardian_email=f"{reference}@example.no",
            child_name="Ida",
            article_ref="https://news.example/a/1",
            comment_refs="Idas kommentar",
            relationship_to_child="mother",
            closed_at=days_ago(closed_days_ago) if closed_days_ago else None,
        )

    db.session.add_all([case("old", 31), case("recent", 29), case("open", None)])
    db.session.commit()

    assert retention.purge_guardian_contacts() == 1
    assert retention.purge_guardian_contacts() == 0

    cases = {c.reference: c for c in db.session.scalars(select(GuardianCase))}
    old = cases["old"]
    assert (old.guardian_email, old.child_name, old.article_ref, old.comment_refs) == (
        None,
        None,
        None,
        None,
    )
    assert old.relationship_to_child is None
    assert old.contact_purged_at == NOW
    assert old.state is GuardianCaseState.DISMISSED  # the case itself, without personal data
    assert cases["recent"].guardian_email == "recent@example.no"
    assert cases["open"].guardian_email == "open@example.no"


def test_logins_unused_for_a_month_end(today, make_user):
    reader = make_user(AgeClass.ADULT)
    db.session.add_all(
        [
            LoginSession(id="a" * 64, user_id=reader.id, last_seen_at=days_ago(31)),
            LoginSession(id="b" * 64, user_id=reader.id, last_seen_at=days_ago(1)),
        ]
    )
    db.session.commit()
    assert retention.expire_idle_sessions() == 1
    assert [s.id for s in db.session.scalars(select(LoginSession))] == ["b" * 64]


def test_finished_work_records_go_after_a_week_failed_ones_stay(today, app):
    db.session.add_all(
        [
            Task(queue="default", func="x.y", state=TaskState.DONE, done_at=days_ago(8)),
            Task(queue="default", func="x.y", state=TaskState.DONE, done_at=days_ago(6)),
            Task(queue="default", func="x.y", state=TaskState.FAILED, created_at=days_ago(30)),
            Task(queue="default", func="x.y", state=TaskState.PENDING, created_at=days_ago(30)),
        ]
    )
    db.session.commit()
    assert retention.purge_done_tasks() == 1
    assert count(Task) == 3


def test_retention_works_in_batches(today, app, monkeypatch):
    monkeypatch.setattr(retention_batches, "BATCH_SIZE", 3)
    db.session.add_all(
        FeedbackMessage(message=f"Gammel {n}", created_at=days_ago(200)) for n in range(10)
    )
    db.session.commit()
    assert retention.purge_old_feedback() == 10
    assert count(FeedbackMessage) == 0


def test_every_retention_job_is_scheduled(app):
    scheduled = {p.func for p in PERIODIC}
    assert set(retention.JOBS.values()) <= scheduled


def test_operators_can_run_retention_now(today, app):
    db.session.add(FeedbackMessage(message="Gammel", created_at=days_ago(365)))
    db.session.commit()
    output = app.test_cli_runner().invoke(args=["erasure", "retention"]).output
    assert "feedback_messages: 1" in output
    assert "technical_data: 0" in output


def test_retention_logs_counts_only(today, app, caplog, monkeypatch):
    import logging

    monkeypatch.setattr(logging.getLogger("app.privacy.retention"), "disabled", False)
    caplog.set_level(logging.INFO, logger="app.privacy.retention")
    db.session.add(
        FeedbackMessage(message="Hemmelig", email="x@example.no", created_at=days_ago(365))
    )
    db.session.commit()
    retention.run_all()
    assert "retention feedback_messages: 1 row(s)" in caplog.text
    assert "Hemmelig" not in caplog.text and "x@example.no" not in caplog.text


def test_the_clock_is_the_one_tests_move(today):
    assert clock.now() == NOW
