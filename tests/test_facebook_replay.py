"""Issue 7: a captured Facebook callback cannot be used again.

A ``signed_request`` must be fresh (``issued_at`` within a day, not in the future), and each
accepted one is remembered (as a keyed hash) until it is stale: sent again, it changes nothing.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.devtools.fake_facebook import make_signed_request
from app.extensions import db
from app.jobs import retention
from app.models import AgeClass, ErasureRequest, LoginSession, SeenSignedRequest, Task, User
from tests.conftest import TEST_CLIENT_SECRET
from tests.factories import make_comment
from tests.test_erasure import database_hits

FACEBOOK_ID = "770000000008888"
DAY = 24 * 3600


def signed(issued_at: int | None | str = "now", **payload) -> str:
    data = {"user_id": FACEBOOK_ID, **payload}
    if issued_at == "now":
        data["issued_at"] = int(time.time())
    elif issued_at is not None:
        data["issued_at"] = issued_at
    request = make_signed_request(data, TEST_CLIENT_SECRET)
    if issued_at is None:  # make_signed_request adds one: build it without
        import base64
        import hashlib
        import hmac
        import json

        def b64(raw: bytes) -> str:
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        encoded = b64(json.dumps({"algorithm": "HMAC-SHA256", **data}).encode())
        sig = hmac.new(TEST_CLIENT_SECRET.encode(), encoded.encode(), hashlib.sha256).digest()
        request = f"{b64(sig)}.{encoded}"
    return request


def ask_deletion(client, signed_request: str):
    return client.post("/facebook/data-deletion", data={"signed_request": signed_request})


def nothing_changed() -> None:
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0
    assert db.session.scalar(select(func.count()).select_from(SeenSignedRequest)) == 0


@pytest.fixture
def frida(make_user, make_article):
    user = make_user(AgeClass.ADULT, name="Frida Facebook", facebook_id=FACEBOOK_ID)
    make_comment(make_article(), user, "Fridas kommentar")
    return user


STALE = {
    "two years old": lambda: signed(int(time.time()) - 2 * 365 * DAY),
    "a day and a minute old": lambda: signed(int(time.time()) - DAY - 60),
    "no issued_at": lambda: signed(None),
    "issued_at is text": lambda: signed("1700000000"),
    "issued_at is a float": lambda: signed(time.time()),
    "an hour in the future": lambda: signed(int(time.time()) + 3600),
    "far in the future": lambda: signed(2**62),
}


@pytest.mark.parametrize("case", sorted(STALE))
def test_a_stale_deletion_request_is_refused_and_changes_nothing(client, frida, case):
    response = ask_deletion(client, STALE[case]())
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400
    nothing_changed()
    assert db.session.scalar(select(User).where(User.facebook_id == FACEBOOK_ID)) is not None


@pytest.mark.parametrize("case", sorted(STALE))
def test_a_stale_deauthorize_logs_nobody_out(client, app, login, frida, case):
    login(frida)
    server = app.test_client()
    response = server.post("/facebook/deauthorize", data={"signed_request": STALE[case]()})
    assert response.status_code == 400
    assert client.get("/me").status_code == 200


def test_a_request_of_a_few_hours_ago_is_fresh_enough(client, frida):
    assert ask_deletion(client, signed(int(time.time()) - 5 * 3600)).status_code == 200


@pytest.fixture
def one_minute_window(settings):
    settings["FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS"] = 60
    return settings


def test_the_window_is_configurable(one_minute_window, app, frida):
    server = app.test_client()
    assert ask_deletion(server, signed(int(time.time()) - 120)).status_code == 400
    assert ask_deletion(server, signed(int(time.time()) - 30)).status_code == 200


def test_a_replayed_deletion_request_does_not_erase_the_person_who_came_back(
    client, frida, make_user, make_article, run_jobs
):
    captured = signed()
    first = ask_deletion(client, captured).get_json()["confirmation_code"]
    run_jobs()
    assert db.session.scalar(select(User).where(User.facebook_id == FACEBOOK_ID)) is None

    # Frida comes back and writes again; someone replays the captured request.
    back = make_user(AgeClass.ADULT, name="Frida Igjen", facebook_id=FACEBOOK_ID)
    make_comment(make_article(), back, "Fridas nye kommentar")
    replay = ask_deletion(client, captured)
    run_jobs()

    assert replay.status_code == 200
    assert replay.get_json()["confirmation_code"] == first  # the first answer, nothing new
    assert db.session.get(User, back.id) is not None
    assert database_hits("Fridas nye kommentar") != []
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 1


def test_a_fresh_request_from_the_person_who_came_back_erases_the_new_account(
    client, frida, make_user, run_jobs
):
    ask_deletion(client, signed(int(time.time()) - 10))
    run_jobs()
    back_id = make_user(AgeClass.ADULT, name="Frida Igjen", facebook_id=FACEBOOK_ID).id
    ask_deletion(client, signed())
    run_jobs()
    assert db.session.get(User, back_id) is None


def test_a_replayed_deauthorize_ends_no_session_of_the_person_who_came_back(
    client, app, login, frida
):
    server = app.test_client()
    captured = signed()
    login(frida)
    first = server.post("/facebook/deauthorize", data={"signed_request": captured})
    assert first.status_code == 200
    assert client.get("/me").status_code == 302  # logged out by the real notice

    login(frida)  # she logs in again
    again = server.post("/facebook/deauthorize", data={"signed_request": captured})
    assert again.status_code == 200
    assert client.get("/me").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1


def test_what_we_remember_of_a_callback_is_a_keyed_hash_forgotten_once_stale(
    client, frida, app
):
    captured = signed()
    ask_deletion(client, captured)
    (seen,) = db.session.scalars(select(SeenSignedRequest)).all()
    assert FACEBOOK_ID not in seen.digest and captured not in seen.digest
    assert database_hits(captured, captured.split(".", 1)[1]) == []

    assert retention.forget_stale_facebook_callbacks() == 0
    seen.issued_at = clock.now() - timedelta(
        seconds=app.config["FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS"] + 1
    )
    db.session.commit()
    assert retention.forget_stale_facebook_callbacks() == 1
    assert db.session.scalar(select(func.count()).select_from(SeenSignedRequest)) == 0


def test_a_replay_with_its_signature_re_encoded_is_still_a_replay(client, frida, run_jobs):
    captured = signed()
    first = ask_deletion(client, captured).get_json()["confirmation_code"]
    signature, payload = captured.split(".", 1)
    padded = f"{signature}{'=' * (-len(signature) % 4)}.{payload}"
    assert padded != captured
    again = ask_deletion(client, padded)
    assert again.status_code == 200 and again.get_json()["confirmation_code"] == first
    assert db.session.scalar(select(func.count()).select_from(SeenSignedRequest)) == 1


def test_a_captured_deauthorize_notice_cannot_be_replayed_as_a_deletion_request(
    client, app, frida
):
    captured = signed()
    assert app.test_client().post(
        "/facebook/deauthorize", data={"signed_request": captured}
    ).status_code == 200
    assert ask_deletion(client, captured).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0
    assert db.session.scalar(select(User).where(User.facebook_id == FACEBOOK_ID)) is not None
