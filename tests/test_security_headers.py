"""What browsers and caches are told: no personal page is kept, HTTPS is remembered."""

from __future__ import annotations

import re

import pytest

from app.models import AgeClass
from tests.factories import make_comment
from tests.test_moderation_support import make_moderator

# Pages about a person or a case even when nobody is logged in (a token or reference in the URL).
ANONYMOUS_PERSONAL = ("/guardian/confirm/", "/guardian/case/", "/deletion/", "/notifications/")


def not_kept(response) -> bool:
    cache_control = response.headers.get("Cache-Control", "")
    return "no-store" in cache_control or "private" in cache_control


def every_get_path(app, article_key: str, comment_id: int, user_id: int) -> list[str]:
    """Every GET route of the app with its parameters filled in (new routes are included)."""
    values = {"key": article_key, "name": "depth", "code": "ABC", "reference": "ABC-123",
              "token": "x" * 20, "filename": "widget.js"}  # fmt: skip
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        path = rule.rule
        for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", path):
            value = comment_id if converter == "int" else values.get(name, "x")
            if converter == "int" and name.startswith("user"):
                value = user_id
            path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
        paths.append(path)
    return paths


def test_no_page_is_cached_for_a_logged_in_moderator(app, client, login, make_article):
    """Logged in, every page shows the person's own state (name, queue, buttons)."""
    article = make_article()
    moderator = make_moderator()
    comment = make_comment(article, moderator, "Hei")
    login(moderator)
    checked = 0
    for path in every_get_path(app, article.key, comment.id, moderator.id):
        if path.startswith(("/static/", "/login/facebook", "/auth/", "/logout")):
            continue
        response = client.get(path)
        assert not_kept(response), f"{path} ({response.status_code}) may be cached"
        checked += 1
    assert checked > 30  # the sweep reached the desk, /me, /notifications and threads


def test_thread_page_for_a_logged_in_reader_is_private(client, login, make_user, make_article):
    article = make_article()
    login(make_user(AgeClass.ADULT, name="Kari Nordmann"))
    page = client.get(f"/articles/{article.key}")
    assert page.status_code == 200 and "/logout" in page.text  # shown as logged in
    assert not_kept(page)


@pytest.mark.parametrize("prefix", ANONYMOUS_PERSONAL)
def test_pages_about_a_case_are_not_cached_even_without_login(client, prefix):
    assert not_kept(client.get(prefix + "ABC-123"))


def test_public_pages_stay_cacheable_for_anonymous_readers(client, make_article):
    article = make_article()
    assert not not_kept(client.get(f"/articles/{article.key}"))


def test_hsts_in_production_only(app, client):
    assert "Strict-Transport-Security" not in client.get("/privacy").headers
    app.config["APP_ENV"] = "production"
    try:
        hsts = client.get("/privacy").headers["Strict-Transport-Security"]
    finally:
        app.config["APP_ENV"] = "testing"
    assert hsts.startswith("max-age=31536000")
