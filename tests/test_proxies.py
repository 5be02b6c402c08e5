"""Behind a reverse proxy, each reader keeps their own address; nobody can claim another's."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, Comment
from tests.helpers import token_of

PROXY = "10.0.0.5"


def post_from(client, article, text: str, forwarded_for: str | None):
    headers = {"X-CSRFToken": token_of(client)}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    return client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": text},
        headers=headers,
        environ_base={"REMOTE_ADDR": PROXY},
    )


def stored_prefix(text: str) -> str | None:
    comment = db.session.scalars(select(Comment).where(Comment.body_html.contains(text))).one()
    return comment.ip_prefix


def test_without_proxy_count_forwarded_headers_are_not_believed(
    client, login, make_user, make_article
):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    assert post_from(client, article, "Første", forwarded_for="203.0.113.7").status_code == 201
    assert stored_prefix("Første") == "10.0.0.0"  # the connecting address, header ignored


@pytest.fixture
def one_proxy(settings):
    settings["PROXY_COUNT"] = 1


@pytest.mark.usefixtures("one_proxy")
def test_behind_one_proxy_the_readers_address_is_used(client, login, make_user, make_article):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    assert post_from(client, article, "Første", forwarded_for="203.0.113.7").status_code == 201
    assert stored_prefix("Første") == "203.0.113.0"
    # A reader who writes their own X-Forwarded-For gets only what our proxy appended.
    spoofed = post_from(client, article, "Andre", forwarded_for="198.51.100.1, 203.0.113.7")
    assert spoofed.status_code == 201
    assert stored_prefix("Andre") == "203.0.113.0"


@pytest.fixture
def one_proxy_rate_limited(settings):
    settings["PROXY_COUNT"] = 1
    settings["RATELIMIT_ENABLED"] = True


@pytest.mark.usefixtures("one_proxy_rate_limited")
def test_readers_behind_the_proxy_do_not_share_one_rate_limit(app):
    def guardian_form_from(address: str) -> int:
        browser = app.test_client()
        token = token_of(browser)
        return browser.post(
            "/guardian",
            data={"csrf_token": token, "child_name": "Reader 1", "relationship": "parent",
                  "email": "mor@example.no", "consent": "y"},
            headers={"X-Forwarded-For": address},
            environ_base={"REMOTE_ADDR": PROXY},
        ).status_code

    flood = [guardian_form_from("203.0.113.7") for _ in range(6)]
    assert flood == [303] * 5 + [429]
    assert guardian_form_from("198.51.100.2") == 303  # another reader is not slowed down


def test_login_callback_comes_from_public_url_not_the_host_header(client, app):
    start = client.get("/login/facebook", headers={"Host": "evil.example"})
    redirect_uri = parse_qs(urlsplit(start.location).query)["redirect_uri"][0]
    assert redirect_uri == app.config["PUBLIC_URL"] + "/auth/facebook/callback"
