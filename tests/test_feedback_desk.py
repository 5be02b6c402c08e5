"""Issue 7: the contact channel works both ways. Staff read feedback and privacy questions on
the desk, answer by mail when an address was given, and close them; every step is audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import (
    AgeClass,
    AuditAction,
    AuditEntry,
    ErasureTrigger,
    FeedbackMessage,
    FeedbackTopic,
    ModeratorScope,
    OutgoingMail,
)
from app.services import erasure
from tests.helpers import shown, token_of
from tests.test_erasure import database_hits
from tests.test_moderation_support import desk_post, make_moderator

QUESTION = "Hvilke data har dere om meg, og hvor lenge?"


def write(browser, message: str, **fields):
    data = {"message": message, "csrf_token": token_of(browser), **fields}
    return browser.post("/feedback", data=data)


def test_staff_read_a_privacy_question_answer_it_by_mail_and_close_it(
    app, client, login, mailbox, run_jobs
):
    visitor = app.test_client()
    write(visitor, "Fin tjeneste!", email="ola@example.no")
    write(visitor, QUESTION, email="kari@example.no", name="Kari", topic="privacy")
    staff = make_moderator()
    login(staff)

    inbox = client.get("/moderation/messages/").text
    assert "Privacy question" in inbox and "Fin tjeneste!" in inbox
    assert inbox.index("Privacy question") < inbox.index("Fin tjeneste!")  # privacy first
    question = db.session.scalars(
        select(FeedbackMessage).where(FeedbackMessage.topic == FeedbackTopic.PRIVACY)
    ).one()
    page = client.get(f"/moderation/messages/{question.id}").text
    assert QUESTION in page and "Deleted on" in page

    answered = desk_post(
        client,
        f"/moderation/messages/{question.id}/answer",
        {"answer": "Vi har bare meldingen din, og sletter den etter 180 dager.", "close": "y"},
    )
    assert answered.status_code == 303
    run_jobs()

    mail = mailbox.last_to("kari@example.no")
    assert "Vi har bare meldingen din" in mail.body
    assert QUESTION not in mail.body  # we never repeat what a visitor typed
    question = db.session.get(FeedbackMessage, question.id)
    assert question.answered_at is not None and question.closed_at is not None
    assert QUESTION not in shown(client.get("/moderation/messages/"))  # closed: off the list
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.MESSAGE_ANSWER)
    ).one()
    assert entry.moderator_id == staff.id and entry.reason is None
    assert entry.details["message"] == question.id


def test_a_message_without_an_address_can_only_be_closed(app, client, login):
    write(app.test_client(), "Knappen virker ikke")
    message = db.session.scalars(select(FeedbackMessage)).one()
    login(make_moderator())
    page = shown(client.get(f"/moderation/messages/{message.id}"))
    assert "no one to answer" in page and "/answer" not in page

    refused = desk_post(client, f"/moderation/messages/{message.id}/answer", {"answer": "Takk"})
    assert refused.status_code == 400
    assert db.session.get(FeedbackMessage, message.id).answered_at is None

    assert desk_post(client, f"/moderation/messages/{message.id}/close").status_code == 303
    assert desk_post(client, f"/moderation/messages/{message.id}/close").status_code == 303
    closes = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.MESSAGE_CLOSE)
    ).all()
    assert len(closes) == 1  # closing twice is one close
    assert db.session.get(FeedbackMessage, message.id).closed_at is not None


def test_only_vetted_staff_read_messages(app, client, login, make_user):
    write(app.test_client(), QUESTION, topic="privacy")
    message = db.session.scalars(select(FeedbackMessage)).one()
    login(make_moderator(ModeratorScope.REPORTS, name="Rolf"))
    for path in ("/moderation/messages/", f"/moderation/messages/{message.id}"):
        assert client.get(path).status_code == 403
    assert desk_post(client, f"/moderation/messages/{message.id}/close").status_code == 403
    login(make_user(AgeClass.ADULT))
    assert client.get("/moderation/messages/").status_code == 403
    assert db.session.get(FeedbackMessage, message.id).closed_at is None


def test_bad_input_on_the_desk_is_a_clear_4xx(client, login):
    login(make_moderator())
    assert client.get("/moderation/messages/99999").status_code == 404
    assert client.get("/moderation/messages/99999999999999").status_code == 404
    answer = desk_post(client, "/moderation/messages/99999/answer", {"answer": "x"})
    assert answer.status_code == 404
    assert client.post("/moderation/messages/1/close").status_code in (400, 404)


def test_an_answer_to_a_reader_goes_when_the_reader_is_erased(
    app, client, login, make_user, run_jobs
):
    reader = make_user(AgeClass.ADULT, name="Ola Svarsen")
    reader_browser = app.test_client()
    login(reader, via=reader_browser)
    write(reader_browser, "Hva lagrer dere?", email="ola.svarsen@example.no", topic="privacy")
    message = db.session.scalars(select(FeedbackMessage)).one()
    login(make_moderator())
    desk_post(client, f"/moderation/messages/{message.id}/answer", {"answer": "Svar til Ola"})
    assert db.session.scalars(select(OutgoingMail)).one().user_id == reader.id

    erasure.request_erasure(reader, ErasureTrigger.SELF)
    db.session.commit()
    run_jobs()
    assert database_hits("ola.svarsen@example.no", "Svar til Ola", "Hva lagrer dere?") == []
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.MESSAGE_ANSWER)
    ).one()
    assert re.fullmatch(r"u-[0-9a-f]{16}", entry.subject_pseudonym)
