"""Facebook tells us a person wants their data deleted, or removed our app.

Callbacks come from Facebook's servers without our CSRF token; a forged one changes nothing.
"""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

from app.devtools.fake_facebook import make_signed_request
from app.extensions import db
from app.models import AgeClass, ErasureRequest, ErasureState, LoginSession, Task, User
from tests.conftest import TEST_CLIENT_SECRET
from tests.factories import make_comment
from tests.helpers import shown

FACEBOOK_ID = "770000000007777"


def signed(payload: dict | None = None, secret: str = TEST_CLIENT_SECRET, **kwargs) -> str:
    return make_signed_request({"user_id": FACEBOOK_ID, **(payload or {})}, secret, **kwargs)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def ask_deletion(client, signed_request: str | None):
    data = {} if signed_request is None else {"signed_request": signed_request}
    return client.post("/facebook/data-deletion", data=data)


def nothing_changed() -> None:
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


@pytest.fixture
def reader(make_user, make_article):
    user = make_user(AgeClass.ADULT, name="Frida Facebook", facebook_id=FACEBOOK_ID)
    make_comment(make_article(), user, "Fridas kommentar")
    return user


# -- data deletion ---------------------------------------------------------------------------


def test_valid_deletion_callback_erases_the_reader_and_the_status_page_says_so(
    client, reader, run_jobs
):
    response = ask_deletion(client, signed())
    assert response.status_code == 200
    answer = response.get_json()
    code = answer["confirmation_code"]
    assert answer["url"] == f"http://localhost/deletion/{code}"
    assert "in progress" in client.get(f"/deletion/{code}").text.lower() or "received" in (
        client.get(f"/deletion/{code}").text.lower()
    )

    run_jobs()

    page = shown(client.get(f"/deletion/{code}"))
    assert "Completed on" in page
    assert "comments deleted" in page
    assert "Frida" not in page and FACEBOOK_ID not in page
    assert db.session.scalar(select(User).where(User.facebook_id == FACEBOOK_ID)) is None


def test_status_page_shows_received_before_the_worker_runs(client, reader):
    code = ask_deletion(client, signed()).get_json()["confirmation_code"]
    assert "Received" in client.get(f"/deletion/{code}").text


def test_a_repeated_request_is_answered_with_the_same_code(client, reader, run_jobs):
    first = ask_deletion(client, signed()).get_json()["confirmation_code"]
    again = ask_deletion(client, signed()).get_json()["confirmation_code"]
    run_jobs()
    after = ask_deletion(client, signed()).get_json()["confirmation_code"]
    assert first == again == after
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 1


def test_a_person_we_never_knew_still_gets_a_code_and_a_completed_receipt(client, run_jobs):
    code = ask_deletion(client, signed({"user_id": "770000000000001"})).get_json()[
        "confirmation_code"
    ]
    run_jobs()
    receipt = db.session.scalar(select(ErasureRequest).where(ErasureRequest.code == code))
    assert receipt.state is ErasureState.COMPLETED
    assert receipt.counts == {}
    assert "nothing to delete" in client.get(f"/deletion/{code}").text


def test_the_algorithm_name_is_compared_case_insensitively(client, reader):
    assert ask_deletion(client, signed(algorithm="hmac-sha256")).status_code == 200


def tamper(signed_request: str) -> str:
    signature, payload = signed_request.split(".", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["user_id"] = "770000000009999"
    return f"{signature}.{b64(json.dumps(data).encode())}"


def signed_raw(payload: bytes, secret: str = TEST_CLIENT_SECRET) -> str:
    import hashlib
    import hmac

    encoded = b64(payload)
    return f"{b64(hmac.new(secret.encode(), encoded.encode(), hashlib.sha256).digest())}.{encoded}"


BAD_REQUESTS = {
    "forged with another secret": lambda: signed(secret="not-our-secret"),
    "tampered payload": lambda: tamper(signed()),
    "truncated": lambda: signed()[:-5],
    "signature cut off": lambda: signed().split(".", 1)[1],
    "wrong algorithm": lambda: signed(algorithm="HMAC-SHA1"),
    "no algorithm": lambda: signed_raw(json.dumps({"user_id": FACEBOOK_ID}).encode()),
    "no user_id": lambda: make_signed_request({"issued_at": 1}, TEST_CLIENT_SECRET),
    "user_id is a number": lambda: signed({"user_id": 770000000007777}),
    "user_id is not digits": lambda: signed({"user_id": "12ab"}),
    "user_id is empty": lambda: signed({"user_id": ""}),
    "payload is not JSON": lambda: signed_raw(b"user_id=770000000007777"),
    "payload is a JSON list": lambda: signed_raw(b'["HMAC-SHA256"]'),
    "payload is not UTF-8": lambda: signed_raw(b"\xff\xfe"),
    "bad base64": lambda: "abc$%.def!!",
    "no dot": lambda: b64(b"just one part"),
    "empty": lambda: "",
    "empty signature": lambda: "." + signed().split(".", 1)[1],
    "too long": lambda: signed({"padding": "x" * 9000}),
}


@pytest.mark.parametrize("case", sorted(BAD_REQUESTS))
def test_a_bad_signed_request_is_refused_and_changes_nothing(client, reader, case):
    response = ask_deletion(client, BAD_REQUESTS[case]())
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400
    nothing_changed()


def test_a_callback_without_the_field_is_refused(client, reader):
    assert ask_deletion(client, None).status_code == 400
    assert (
        client.post("/facebook/data-deletion", json={"signed_request": signed()}).status_code == 400
    )
    nothing_changed()


def test_the_callbacks_need_no_csrf_token_but_browser_forms_still_do(client, login, reader):
    # The data-deletion callback above works without a token; /me/delete does not.
    login(reader)
    assert client.post("/me/delete", data={"confirm": "y"}).status_code == 400
    nothing_changed()


# -- deauthorize -----------------------------------------------------------------------------


def test_deauthorize_logs_the_reader_out_everywhere(client, app, login, reader):
    phone = app.test_client()
    login(reader)
    login(reader, via=phone)
    server = app.test_client()  # Facebook's servers: no cookie, no token

    response = server.post("/facebook/deauthorize", data={"signed_request": signed()})

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    assert client.get("/me").status_code == 302
    assert phone.get("/me").status_code == 302
    assert db.session.scalar(select(User).where(User.facebook_id == FACEBOOK_ID)) is not None


def test_a_forged_deauthorize_logs_nobody_out(client, app, login, reader):
    login(reader)
    server = app.test_client()
    response = server.post(
        "/facebook/deauthorize", data={"signed_request": signed(secret="forged")}
    )
    assert response.status_code == 400
    assert client.get("/me").status_code == 200


def test_deauthorize_for_an_unknown_person_is_fine(app):
    response = app.test_client().post(
        "/facebook/deauthorize", data={"signed_request": signed({"user_id": "1"})}
    )
    assert response.status_code == 200


# -- the status page -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["0" * 20, "nosuchcode", "a-b", "x" * 40])
def test_an_unknown_code_is_not_found(client, code):
    assert client.get(f"/deletion/{code}").status_code == 404


# -- floods ----------------------------------------------------------------------------------


@pytest.fixture
def limited_settings(settings):
    settings["RATELIMIT_ENABLED"] = True
    return settings


def test_a_flood_of_deletion_callbacks_is_rate_limited(limited_settings, app, reader):
    server = app.test_client()
    answers = [ask_deletion(server, signed()).status_code for _ in range(31)]
    assert answers[:30] == [200] * 30
    assert answers[30] == 429
    forged = [
        server.post("/facebook/deauthorize", data={"signed_request": "x"}).status_code
        for _ in range(31)
    ]
    assert forged[-1] == 429


def test_a_flood_of_status_lookups_is_rate_limited(limited_settings, app):
    browser = app.test_client()
    answers = [browser.get("/deletion/nosuchcode").status_code for _ in range(61)]
    assert answers[:60] == [404] * 60
    assert answers[60] == 429
