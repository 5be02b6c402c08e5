"""Tests for the local Facebook Login stand-in (app.devtools.fake_facebook).

Self-contained: a real threaded server on a free port, driven with ``requests``.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.devtools import fake_facebook as ff
from app.devtools.fake_facebook import (
    DEFAULT_PERSONAS,
    FakeFacebook,
    Persona,
    RunningServer,
    create_fake_facebook,
    dialog_url,
    graph_url,
    make_signed_request,
    serve,
)

VERSION = "v19.0"
CLIENT_ID = "test-client"
CLIENT_SECRET = "test-secret"
REDIRECT_URI = "http://kommentar.test/auth/facebook/callback"
TIMEOUT = 10


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    app = create_fake_facebook(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    with serve(app) as running:
        yield running


@pytest.fixture
def state(server: RunningServer) -> FakeFacebook:
    assert server.app is not None
    assert server.state is server.app.extensions["fake_facebook"]
    return server.state


@pytest.fixture
def persona(state: FakeFacebook) -> Persona:
    """A fresh persona, unique to the test, added to the running server."""
    suffix = uuid.uuid4().hex[:8]
    return state.add_persona(
        Persona(
            key=f"p-{suffix}",
            facebook_id=str(200000000000000 + int(suffix, 16)),
            name=f"Test {suffix}",
            age_range={"min": 13, "max": 17},
            label=f"Test {suffix} (13–17)",
        )
    )


def dialog_params(**extra: str) -> dict[str, str]:
    params = {
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "state": "st-" + uuid.uuid4().hex,
        "scope": "public_profile,user_age_range",
        "response_type": "code",
    }
    params.update(extra)
    return params


def query_of(response: requests.Response) -> dict[str, str]:
    """Single-valued query parameters of a redirect's Location."""
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI.split("?")[0])
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def get_code(server: RunningServer, persona_key: str, **extra: str) -> tuple[str, dict[str, str]]:
    params = dialog_params(persona=persona_key, **extra)
    response = requests.get(
        dialog_url(server.url, VERSION), params=params, allow_redirects=False, timeout=TIMEOUT
    )
    query = query_of(response)
    assert query["state"] == params["state"]
    return query["code"], params


def exchange(server: RunningServer, code: str, /, **overrides: str) -> requests.Response:
    data = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": REDIRECT_URI,
        "code": code,
    }
    data.update(overrides)
    return requests.post(
        f"{graph_url(server.url, VERSION)}/oauth/access_token", data=data, timeout=TIMEOUT
    )


def login(server: RunningServer, persona_key: str) -> str:
    code, _ = get_code(server, persona_key)
    response = exchange(server, code)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def me(server: RunningServer, token: str | None, fields: str | None = None) -> requests.Response:
    params = {}
    if token is not None:
        params["access_token"] = token
    if fields is not None:
        params["fields"] = fields
    return requests.get(f"{graph_url(server.url, VERSION)}/me", params=params, timeout=TIMEOUT)


def assert_oauth_error(response: requests.Response, code: int) -> None:
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "OAuthException"
    assert error["code"] == code
    assert error["message"]
    assert error["fbtrace_id"]


# -- basics -------------------------------------------------------------------


def test_healthz(server: RunningServer) -> None:
    response = requests.get(f"{server.url}/healthz", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.text == "ok"


def test_a_newcomer_who_opens_the_stand_in_is_told_what_it_is_and_who_to_be(
    server: RunningServer,
) -> None:
    """The demo's README line says to open it: it answers with the personas, not a 404."""
    response = requests.get(f"{server.url}/", timeout=TIMEOUT)
    assert response.status_code == 200
    text = unescape(response.text)
    assert "Local Facebook stand-in" in text and "Log in with Facebook" in text
    for persona in DEFAULT_PERSONAS:
        assert persona.display_label in text
    assert "Ida (13–17)" in text


def test_url_helpers() -> None:
    assert dialog_url("http://h:1", "v19.0") == "http://h:1/v19.0/dialog/oauth"
    assert graph_url("http://h:1", "v19.0") == "http://h:1/graph/v19.0"


def test_default_personas() -> None:
    by_key = {p.key: p for p in DEFAULT_PERSONAS}
    assert list(by_key) == ["teen", "young", "adult", "unknown", "moderator", "cancel"]
    assert by_key["teen"].facebook_id == "100000000000013"
    assert by_key["teen"].age_range == {"min": 13, "max": 17}
    assert by_key["young"].age_range == {"min": 18, "max": 20}
    assert by_key["adult"].age_range == {"min": 21}
    assert by_key["unknown"].age_range is None
    assert by_key["moderator"].facebook_id == "100000000000099"
    assert by_key["cancel"].facebook_id is None and by_key["cancel"].cancels
    hash(by_key["teen"])  # frozen personas stay hashable despite the dict field


def test_module_imports_no_other_app_module() -> None:
    tree = ast.parse(Path(ff.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not any(name == "app" or name.startswith("app.") for name in imported)


# -- the dialog ---------------------------------------------------------------


def test_dialog_lists_personas_and_escapes(server: RunningServer, state: FakeFacebook) -> None:
    state.add_persona(
        Persona(f"x-{uuid.uuid4().hex[:6]}", "123", "<b>Evil</b>", None, "<script>x()</script>")
    )
    params = dialog_params(state='"><script>y()</script>')
    response = requests.get(dialog_url(server.url, VERSION), params=params, timeout=TIMEOUT)
    assert response.status_code == 200
    page = response.text
    assert "Log in to Kommentar (local Facebook stand-in)" in page
    for persona in DEFAULT_PERSONAS:
        assert persona.label in page
    assert "13–17" in page and "21+" in page and "no age range" in page
    assert "Cancel" in page
    assert "<script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def test_dialog_page_links_lead_back_with_code(server: RunningServer) -> None:
    params = dialog_params()
    page = requests.get(dialog_url(server.url, VERSION), params=params, timeout=TIMEOUT).text
    hrefs = [unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
    teen = next(h for h in hrefs if "persona=teen" in h)
    assert teen.startswith(f"/{VERSION}/dialog/oauth/choose?")
    response = requests.get(server.url + teen, allow_redirects=False, timeout=TIMEOUT)
    query = query_of(response)
    assert query["state"] == params["state"] and query["code"]
    assert exchange(server, query["code"]).status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [{"client_id": "someone-else"}, {"redirect_uri": ""}, {"redirect_uri": "javascript:x()"}],
)
def test_dialog_rejects_bad_requests(server: RunningServer, overrides: dict[str, str]) -> None:
    params = {k: v for k, v in dialog_params(**overrides).items() if v}
    for extra in ({}, {"persona": "teen"}):
        response = requests.get(
            dialog_url(server.url, VERSION),
            params={**params, **extra},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert response.status_code == 400
        assert "text/html" in response.headers["Content-Type"]


def test_unknown_persona_is_refused(server: RunningServer) -> None:
    response = requests.get(
        f"{dialog_url(server.url, VERSION)}/choose",
        params=dialog_params(persona="nobody-" + uuid.uuid4().hex),
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 400


def test_cancel_redirects_with_access_denied(server: RunningServer) -> None:
    params = dialog_params(persona="cancel")
    response = requests.get(
        f"{dialog_url(server.url, VERSION)}/choose",
        params=params,
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert query_of(response) == {
        "error": "access_denied",
        "error_code": "200",
        "error_description": "Permissions error",
        "error_reason": "user_denied",
        "state": params["state"],
    }
    assert "error_description=Permissions+error" in response.headers["Location"]


def test_redirect_uri_with_query_keeps_it(server: RunningServer) -> None:
    uri = REDIRECT_URI + "?next=%2Farticles%2Fa1"
    code, params = get_code(server, "adult", redirect_uri=uri)
    assert exchange(server, code).status_code == 400  # must be exactly the same redirect_uri
    code, params = get_code(server, "adult", redirect_uri=uri)
    assert exchange(server, code, redirect_uri=uri).status_code == 200


# -- code exchange and /me ------------------------------------------------------


def test_teen_flow_returns_age_range(server: RunningServer) -> None:
    code, _ = get_code(server, "teen")
    response = exchange(server, code)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 5183944
    assert body["access_token"]
    profile = me(server, body["access_token"], "id,name,age_range").json()
    assert profile == {"id": "100000000000013", "name": "Ida", "age_range": {"min": 13, "max": 17}}


def test_unknown_persona_has_no_age_range(server: RunningServer) -> None:
    token = login(server, "unknown")
    assert me(server, token, "id,name,age_range").json() == {"id": "100000000000000", "name": "Sam"}


def test_fields_filtering(server: RunningServer, persona: Persona) -> None:
    token = login(server, persona.key)
    assert me(server, token).json() == {"id": persona.facebook_id, "name": persona.name}
    assert me(server, token, "age_range").json() == {"age_range": {"min": 13, "max": 17}}
    assert me(server, token, "id").json() == {"id": persona.facebook_id}
    assert me(server, token, "name, email").json() == {"name": persona.name}


def test_bearer_header_is_accepted(server: RunningServer) -> None:
    token = login(server, "adult")
    response = requests.get(
        f"{graph_url(server.url, VERSION)}/me",
        params={"fields": "id,age_range"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
    )
    assert response.json() == {"id": "100000000000021", "age_range": {"min": 21}}


def test_get_exchange_works_too(server: RunningServer) -> None:
    code, _ = get_code(server, "young")
    response = requests.get(
        f"{graph_url(server.url, VERSION)}/oauth/access_token",
        params={
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uri": REDIRECT_URI,
            "code": code,
        },
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert me(server, response.json()["access_token"], "age_range").json() == {
        "age_range": {"min": 18, "max": 20}
    }


def test_replayed_code_is_refused(server: RunningServer) -> None:
    code, _ = get_code(server, "adult")
    assert exchange(server, code).status_code == 200
    assert_oauth_error(exchange(server, code), 100)


@pytest.mark.parametrize(
    "overrides",
    [
        {"client_secret": "wrong"},
        {"client_secret": ""},
        {"redirect_uri": REDIRECT_URI + "/other"},
        {"client_id": "someone-else"},
        {"code": "not-a-code"},
    ],
)
def test_bad_exchange_is_refused(server: RunningServer, overrides: dict[str, str]) -> None:
    code, _ = get_code(server, "adult")
    assert_oauth_error(exchange(server, code, **overrides), 100)
    # A refused attempt does not burn the code for the legitimate client.
    assert exchange(server, code).status_code == 200


def test_bad_or_missing_token_on_me(server: RunningServer) -> None:
    assert_oauth_error(me(server, "EAAnot-a-real-token", "id"), 190)
    assert_oauth_error(me(server, None, "id"), 190)


def test_persona_added_to_running_server_can_log_in(
    server: RunningServer, persona: Persona
) -> None:
    page = requests.get(dialog_url(server.url, VERSION), params=dialog_params(), timeout=TIMEOUT)
    assert persona.label in page.text
    token = login(server, persona.key)
    assert me(server, token, "id").json() == {"id": persona.facebook_id}


def test_authlib_client_secret_post_flow(server: RunningServer) -> None:
    from authlib.integrations.requests_client import OAuth2Session

    session = OAuth2Session(
        CLIENT_ID,
        CLIENT_SECRET,
        scope="public_profile,user_age_range",
        redirect_uri=REDIRECT_URI,
        token_endpoint_auth_method="client_secret_post",
    )
    url, state_value = session.create_authorization_url(
        dialog_url(server.url, VERSION), persona="moderator"
    )
    response = requests.get(url, allow_redirects=False, timeout=TIMEOUT)
    location = response.headers["Location"]
    token = session.fetch_token(
        f"{graph_url(server.url, VERSION)}/oauth/access_token",
        authorization_response=location,
        state=state_value,
    )
    profile = session.get(
        f"{graph_url(server.url, VERSION)}/me", params={"fields": "id,name,age_range"}
    ).json()
    assert token["token_type"].lower() == "bearer"
    assert profile == {"id": "100000000000099", "name": "Mona Moderator", "age_range": {"min": 21}}


def test_request_logs_hide_query_strings(
    server: RunningServer, caplog: pytest.LogCaptureFixture
) -> None:
    token = login(server, "adult")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        me(server, token, "id")
        deadline = time.monotonic() + 2
        while "/me" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.01)
    assert "/me" in caplog.text
    assert token not in caplog.text


def test_serve_shutdown_releases_port() -> None:
    with serve(create_fake_facebook()) as running:
        assert running.url == f"http://127.0.0.1:{running.port}"
        assert requests.get(f"{running.url}/healthz", timeout=TIMEOUT).text == "ok"
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{running.url}/healthz", timeout=TIMEOUT)


# -- signed_request -------------------------------------------------------------


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_make_signed_request_verifies_with_hmac() -> None:
    secret = "app-secret"
    signed = make_signed_request({"user_id": "100000000000013"}, secret)
    signature, encoded = signed.split(".", 1)
    assert "=" not in signed
    expected = hmac.new(secret.encode(), encoded.encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(_b64decode(signature), expected)
    payload = json.loads(_b64decode(encoded))
    assert payload["user_id"] == "100000000000013"
    assert payload["algorithm"] == "HMAC-SHA256"
    assert isinstance(payload["issued_at"], int)
    assert abs(payload["issued_at"] - time.time()) < 60


def test_make_signed_request_keeps_given_fields() -> None:
    signed = make_signed_request({"user_id": "1", "issued_at": 1234}, "s", algorithm="HMAC-SHA1")
    signature, encoded = signed.split(".", 1)
    payload = json.loads(_b64decode(encoded))
    assert payload == {"algorithm": "HMAC-SHA1", "issued_at": 1234, "user_id": "1"}
    wrong = hmac.new(b"other", encoded.encode(), hashlib.sha256).digest()
    assert not hmac.compare_digest(_b64decode(signature), wrong)
