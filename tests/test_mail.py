"""Mail leaves through a real SMTP server, one recipient at a time, with headers nobody can
forge; without MAIL_URL a developer reads it locally."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from app import create_app, jobs
from app.extensions import db
from app.jobs import outbox as task_outbox
from app.jobs.mail import send_mail
from app.models import OutgoingMail
from app.services import mail

GUARDIAN = "kari.nordmann@example.no"


def outbox() -> list[OutgoingMail]:
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def test_queued_mail_reaches_the_smtp_server_after_commit(mailbox, app, run_jobs):
    queued = mail.queue_mail(GUARDIAN, "Hello from Kommentar", "Line one.\nLine two.\n")
    run_jobs()
    assert mailbox.received == []  # nothing leaves before the transaction commits
    db.session.commit()
    run_jobs()
    (received,) = mailbox.received
    assert received.rcpt_tos == [GUARDIAN]
    assert received.mail_from == "noreply@kommentar.local"
    assert received.subject == "Hello from Kommentar"
    assert str(received.message["To"]) == GUARDIAN
    assert received.body == "Line one.\nLine two.\n"
    assert db.session.get(OutgoingMail, queued.id).sent_at is not None


def test_a_sent_mail_is_never_sent_again(mailbox, app, run_jobs):
    queued = mail.queue_mail(GUARDIAN, "Once", "Only once.")
    db.session.commit()
    run_jobs()
    assert send_mail(queued.id) == "already sent"
    assert len(mailbox.received) == 1


@pytest.mark.parametrize(
    "address",
    [
        "kari@example.no\r\nBcc: eve@example.com",
        "kari@example.no\nBcc: eve@example.com",
        "kari@example.no, eve@example.com",
        "Kari <kari@example.no>",
        "kari@example.no>, <eve@example.com",
        '"kari"@example.no',
        "kari nordmann@example.no",
        "kari@localhost",
        "kari@[127.0.0.1]",
        "kåri@example.no",
        "",
        "a" * 250 + "@example.no",
    ],
)
def test_anything_but_one_plain_address_is_refused(app, address):
    assert not mail.valid_address(address)
    with pytest.raises(ValueError):
        mail.queue_mail(address, "Subject", "Body")
    db.session.rollback()
    assert outbox() == []


@pytest.mark.parametrize(
    "address", ["kari@example.no", "kari.nordmann+news@mail.example.co.uk", "o'brien@example.ie"]
)
def test_ordinary_addresses_are_accepted(app, address):
    assert mail.valid_address(address)


@pytest.mark.parametrize(
    "subject", ["Hi\r\nBcc: eve@example.com", "Hi\nBcc: eve@example.com", "Hi\rX: y", " ", ""]
)
def test_a_subject_with_a_line_break_is_refused(app, subject):
    with pytest.raises(ValueError):
        mail.queue_mail(GUARDIAN, subject, "Body")
    db.session.rollback()
    assert outbox() == []


def test_a_forged_row_adds_no_header_or_recipient(mailbox, app, run_jobs):
    """Even a row written around queue_mail cannot smuggle a header: the email API refuses."""
    db.session.add(
        OutgoingMail(to_address=GUARDIAN, subject="Hi\r\nBcc: eve@example.com", body="x")
    )
    db.session.flush()
    row = outbox()[0]
    jobs.defer(jobs.SEND_MAIL, row.id)
    db.session.commit()
    run_jobs()
    assert mailbox.received == []
    row = db.session.get(OutgoingMail, row.id)
    assert row.sent_at is None and row.last_error == "InvalidMessage"


def test_body_text_cannot_become_a_header(mailbox, app, run_jobs):
    mail.queue_mail(GUARDIAN, "Hi", "\r\nBcc: eve@example.com\r\n\r\nhello")
    db.session.commit()
    run_jobs()
    (received,) = mailbox.received
    assert received.rcpt_tos == [GUARDIAN]
    assert received.message["Bcc"] is None
    assert "Bcc: eve@example.com" in received.body  # harmless text in the body


def test_smtp_failure_is_retried_and_recovers(settings, app, run_jobs, mailbox):
    working_url = app.config["MAIL_URL"]
    app.config["MAIL_URL"] = "smtp://127.0.0.1:9"  # nothing listens on the discard port
    queued = mail.queue_mail(GUARDIAN, "Retry me", "Body")
    db.session.commit()
    run_jobs()
    row = db.session.get(OutgoingMail, queued.id)
    assert row.sent_at is None
    assert row.attempts == 1 + len(settings["JOB_RETRY_INTERVALS"])  # RQ retried
    assert row.last_error == "ConnectionRefusedError"  # the class only, never a message
    app.config["MAIL_URL"] = working_url  # the server is back: the sweeper hands it over
    task_outbox.sweep()
    run_jobs()
    assert db.session.get(OutgoingMail, queued.id).sent_at is not None
    assert [m.subject for m in mailbox.received] == ["Retry me"]


def test_addresses_never_reach_the_logs(mailbox, app, run_jobs, caplog):
    # Alembic's fileConfig (the test database's migration) disables loggers made before it.
    for name, logger in logging.root.manager.loggerDict.items():
        if name.startswith("app") and isinstance(logger, logging.Logger):
            logger.disabled = False
    caplog.set_level(logging.DEBUG)
    mail.queue_mail(GUARDIAN, "Private", "Body")
    db.session.commit()
    run_jobs()
    assert mailbox.received
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # not the server's
    assert any(r.name == "app.jobs.mail" for r in ours)
    assert all("kari" not in r.getMessage().lower() for r in ours)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:8025", ("127.0.0.1", 8025, "plain", None, None)),
        ("smtps://mail.example.no", ("mail.example.no", 465, "ssl", None, None)),
        (
            "smtp+starttls://user%40x:p%3Ass@mail.example.no:2525",
            ("mail.example.no", 2525, "starttls", "user@x", "p:ss"),
        ),
    ],
)
def test_mail_url_forms(url, expected):
    parsed = mail.parse_mail_url(url)
    assert (parsed.host, parsed.port, parsed.security, parsed.username, parsed.password) == expected


def test_a_mail_url_that_is_not_smtp_is_refused():
    with pytest.raises(ValueError):
        mail.parse_mail_url("http://mail.example.no")


# -- development: the local mail folder and /_dev/mail -------------------------------------------


@pytest.fixture
def dev_app(settings, tmp_path):
    """The app as a newcomer runs it: APP_ENV=development, no MAIL_URL."""
    dev = create_app(
        {**settings, "APP_ENV": "development", "MAIL_URL": None, "MAIL_DIR": str(tmp_path / "mail")}
    )
    with dev.app_context():
        yield dev
        db.session.remove()
        db.engine.dispose()


def test_without_mail_url_a_newcomer_reads_the_mail_in_the_browser(dev_app, tmp_path):
    queued = mail.queue_mail(
        GUARDIAN, "Please confirm", "Open http://localhost/guardian/confirm/abc\n"
    )
    db.session.commit()
    assert send_mail(queued.id) == "sent"
    assert (tmp_path / "mail" / f"{queued.id}.eml").is_file()
    browser = dev_app.test_client()
    inbox = browser.get("/_dev/mail/")
    assert inbox.status_code == 200
    assert "Please confirm" in inbox.text
    message = browser.get(f"/_dev/mail/{queued.id}")
    assert '<a href="http://localhost/guardian/confirm/abc">' in message.text
    assert browser.get("/_dev/mail/999").status_code == 404


def test_the_local_mailbox_answers_only_this_machine(dev_app):
    browser = dev_app.test_client()
    response = browser.get("/_dev/mail/", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 404


def test_the_local_mailbox_does_not_exist_outside_development(client):
    assert client.get("/_dev/mail/").status_code == 404


def test_erasure_removes_local_copies(dev_app, tmp_path):
    queued = mail.queue_mail(GUARDIAN, "Bye", "Body")
    db.session.commit()
    send_mail(queued.id)
    assert mail.delete_local_copies([queued.id, 12345]) == 1
    assert not (tmp_path / "mail" / f"{queued.id}.eml").exists()
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 1
