"""Anyone can write to us; readers who may be children are never asked for an e-mail address."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AgeClass, FeedbackMessage
from tests.helpers import shown


def messages() -> list[FeedbackMessage]:
    return list(db.session.scalars(select(FeedbackMessage).order_by(FeedbackMessage.id)))


def send(client, csrf_token, **fields):
    data = {"name": "", "email": "", "message": "", "csrf_token": csrf_token(), **fields}
    return client.post("/feedback", data={k: v for k, v in data.items() if v is not None})


def test_a_visitor_writes_and_is_told_how_long_we_keep_it(client, csrf_token, app):
    form = client.get("/feedback").text
    assert 'name="email"' in form and 'name="message"' in form
    response = send(
        client, csrf_token, name="Ola", email="ola@example.no", message="Fin tjeneste!\r\nHilsen"
    )
    assert response.status_code == 303
    thanks = client.get(response.location).text
    assert f"We keep it for {app.config['FEEDBACK_RETENTION_DAYS']} days" in thanks
    (stored,) = messages()
    assert (stored.name, stored.email, stored.message) == (
        "Ola",
        "ola@example.no",
        "Fin tjeneste!\nHilsen",
    )
    assert stored.user_id is None


def test_name_and_address_are_optional(client, csrf_token):
    assert send(client, csrf_token, message="Bare en hilsen").status_code == 303
    (stored,) = messages()
    assert stored.name is None and stored.email is None


def test_a_logged_in_reader_is_known_by_their_account(client, csrf_token, login, make_user):
    reader = make_user(AgeClass.ADULT)
    login(reader)
    send(client, csrf_token, message="Hei fra meg")
    (stored,) = messages()
    assert stored.user_id == reader.id


@pytest.mark.parametrize(
    "age_class", [AgeClass.UNDER_16_PRESUMED, AgeClass.UNDER_16_CONFIRMED, AgeClass.UNKNOWN]
)
def test_a_reader_who_may_be_a_child_is_never_asked_for_an_address(
    client, csrf_token, login, make_user, age_class
):
    child = make_user(age_class)
    login(child)
    form = shown(client.get("/feedback"))
    assert (
        'name="email"' not in form
        and "e-mail" not in form.lower().split("<form")[1].split("</form>")[0]
    )
    assert 'name="name"' not in form
    response = send(client, csrf_token, name="Ida Hansen", email="ida@example.no", message="Hei!")
    assert response.status_code == 303
    (stored,) = messages()
    assert stored.email is None and stored.name is None  # sent anyway, never stored
    assert stored.user_id == child.id and stored.message == "Hei!"


@pytest.mark.parametrize(
    "fields",
    [
        {"message": ""},
        {"message": "   \r\n  "},
        {"message": "x" * 5001},
        {"message": "Hei", "email": "not-an-address"},
        {"message": "Hei", "email": "ola@example.no\r\nBcc: eve@example.com"},
        {"message": "Hei", "email": "ola@example.no, eve@example.com"},
        {"message": "Hei", "name": "Ola\r\nBcc: eve@example.com"},
        {"message": "Hei", "name": "Ola\nSubject: hi"},
        {"message": "Hei", "name": "N" * 201},
        {"message": "Hei\x00"},
        {"message": "Hei", "name": "Ola\x07"},
        {"message": None},
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(client, csrf_token, fields):
    response = send(client, csrf_token, **fields)
    assert response.status_code == 400
    assert messages() == []


def test_a_message_of_exactly_the_limit_is_fine(client, csrf_token):
    assert send(client, csrf_token, message="x" * 5000).status_code == 303


def test_without_the_csrf_token_nothing_is_stored(client):
    response = client.post("/feedback", data={"message": "Hei"})
    assert response.status_code == 400
    assert messages() == []


def test_line_breaks_never_reach_a_mail_header(client, csrf_token, mailbox, run_jobs):
    send(client, csrf_token, name="Ola\r\nBcc: eve@example.com", message="Hei")
    send(client, csrf_token, email="ola@example.no\r\nBcc: eve@example.com", message="Hei")
    send(client, csrf_token, message="Hei\r\nBcc: eve@example.com\r\nTo: eve@example.com")
    run_jobs()
    assert mailbox.received == []  # feedback is stored, never mailed
    (stored,) = messages()
    assert stored.message.startswith("Hei\nBcc:")  # kept as text, where it is harmless


@pytest.fixture
def rate_limited(settings):
    settings["RATELIMIT_ENABLED"] = True


@pytest.mark.usefixtures("rate_limited")
def test_a_flood_of_messages_is_slowed_down(client, csrf_token):
    answers = [send(client, csrf_token, message=f"Hei {n}").status_code for n in range(11)]
    assert answers == [303] * 10 + [429]
    assert db.session.scalar(select(func.count()).select_from(FeedbackMessage)) == 10
    assert client.get("/feedback").status_code == 200
