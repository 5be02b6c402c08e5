"""Login cannot be bent: no open redirects, no forged or replayed OAuth state, no 500s."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.models import LoginSession, User


def start_login(client, next_url="/"):
    response = client.get("/login/facebook", query_string={"next": next_url})
    assert response.status_code == 302
    return response.location


def choose_persona(dialog_location: str, persona: str = "adult") -> str:
    """What the reader's browser does at Facebook: returns our callback path with the code."""
    answer = requests.get(
        dialog_location, params={"persona": persona}, allow_redirects=False, timeout=10
    )
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def logged_in_users() -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession))


@pytest.mark.parametrize(
    "evil",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "/\r\nLocation: https://evil.example",
    ],
)
def test_next_never_leaves_our_origin(client, evil):
    callback = choose_persona(start_login(client, evil))
    response = client.get(callback)
    assert response.status_code == 302
    assert response.location == "/"


def test_next_within_our_site_is_kept(client):
    callback = choose_persona(start_login(client, "/articles/skolemat?sort=newest"))
    assert client.get(callback).location == "/articles/skolemat?sort=newest"


def test_dialog_is_asked_for_the_age_range_scope(client):
    query = parse_qs(urlsplit(start_login(client)).query)
    assert query["scope"] == ["public_profile,user_age_range"]
    assert query["response_type"] == ["code"]


def test_callback_without_state_is_refused(client):
    callback = choose_persona(start_login(client))
    path, query = callback.split("?", 1)
    params = {k: v[0] for k, v in parse_qs(query).items() if k != "state"}
    response = client.get(path, query_string=params)
    assert response.status_code == 400
    assert logged_in_users() == 0


def test_callback_with_a_foreign_state_is_refused(client, app):
    callback = choose_persona(start_login(client))
    # Another browser (without our state in its session) presents the same callback.
    stranger = app.test_client()
    response = stranger.get(callback)
    assert response.status_code == 400
    assert logged_in_users() == 0


def test_tampered_state_is_refused(client):
    callback = choose_persona(start_login(client))
    response = client.get(callback.replace("state=", "state=x"))
    assert response.status_code == 400
    assert logged_in_users() == 0


def test_replayed_callback_is_refused(client):
    callback = choose_persona(start_login(client))
    assert client.get(callback).status_code == 302
    replay = client.get(callback)
    assert replay.status_code == 400
    assert logged_in_users() == 1


def test_bad_code_is_refused(client):
    callback = choose_persona(start_login(client))
    path, query = callback.split("?", 1)
    params = {k: v[0] for k, v in parse_qs(query).items()}
    params["code"] = "not-a-code"
    response = client.get(path, query_string=params)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_facebook_error_other_than_cancel_is_a_400_page(client):
    start_login(client)
    response = client.get("/auth/facebook/callback?error=server_error&state=x")
    assert response.status_code == 400
    assert "Facebook did not complete the login" in response.text


def test_unreachable_facebook_is_a_503_not_a_500(settings, request):
    settings["FACEBOOK_GRAPH_URL"] = "http://127.0.0.1:9/graph/v21.0"  # nothing listens there
    app = request.getfixturevalue("app")
    client = app.test_client()
    callback = choose_persona(start_login(client))
    response = client.get(callback)
    assert response.status_code == 503
    assert "Facebook could not be reached" in response.text


def test_login_session_cookie_is_http_only(client):
    callback = choose_persona(start_login(client))
    response = client.get(callback)
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
