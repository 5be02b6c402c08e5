"""The front door (app/ops/fast_reads.py) answers an anonymous reader's cached first page of
the API before Flask runs, with the answer Flask would give; every guarantee of the page
cache holds through it, and everything else still goes to Flask."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import event

from app import create_app
from app.extensions import db
from app.models import AgeClass
from app.ops.fast_reads import FastReads
from app.ops.restore import _PASSED
from app.services import comments as comments_service
from app.services import moderation
from tests.factories import make_comment
from tests.helpers import shown
from tests.test_moderation_support import make_moderator

ROUTE = "/api/v1/articles/<key>/comments"


@pytest.fixture
def reached_flask(app, monkeypatch) -> list[str]:
    """The paths of the requests that went past the front door into Flask."""
    door = app.wsgi_app
    assert isinstance(door, FastReads)
    inner = door.inner
    passed: list[str] = []

    def counting(environ, start_response):
        passed.append(environ["PATH_INFO"] + "?" + environ.get("QUERY_STRING", ""))
        return inner(environ, start_response)

    monkeypatch.setattr(door, "inner", counting)
    return passed


def api(article) -> str:
    return f"/api/v1/articles/{article.key}/comments"


class Statements:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1


def test_a_cached_anonymous_read_never_reaches_flask(
    app, make_user, make_article, reached_flask
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Fra inngangsdora")
    anonymous, url = app.test_client(), api(article)
    assert anonymous.get(url).status_code == 200  # a miss: Flask renders, stores
    assert len(reached_flask) == 1
    statements = Statements()
    event.listen(db.engine, "before_cursor_execute", statements)
    try:
        for _ in range(3):
            response = anonymous.get(url)
            assert response.status_code == 200 and "Fra inngangsdora" in response.text
    finally:
        event.remove(db.engine, "before_cursor_execute", statements)
    assert len(reached_flask) == 1  # the hits never got to Flask
    assert statements.count == 0


@pytest.mark.parametrize("query", ["", "?sort=newest", "?limit=3", "?sort=oldest&limit=020"])
def test_its_answer_is_the_one_flask_gives(app, make_user, make_article, monkeypatch, query):
    article = make_article()
    for n in range(5):
        make_comment(article, make_user(AgeClass.ADULT), f"Innlegg {n} <&>")
    anonymous = app.test_client()
    url = api(article) + query
    anonymous.get(url)  # fills the cache
    door = app.wsgi_app
    fast = anonymous.get(url)
    fast_304 = anonymous.get(url, headers={"If-None-Match": fast.headers["ETag"]})
    monkeypatch.setattr(app, "wsgi_app", door.inner)  # Flask alone, from the same cache
    slow = anonymous.get(url)
    slow_304 = anonymous.get(url, headers={"If-None-Match": slow.headers["ETag"]})

    def comparable(response) -> tuple:
        headers = {k: v for k, v in response.headers.items() if k not in ("Date", "X-Request-ID")}
        return response.status_code, response.data, sorted(headers.items())

    assert comparable(fast) == comparable(slow)
    assert comparable(fast_304) == comparable(slow_304)
    assert fast.status_code == 200 and fast_304.status_code == 304 and fast_304.data == b""
    assert "public" in fast.headers["Cache-Control"] and "Cookie" in fast.headers["Vary"]
    assert fast.headers["X-Request-ID"] and "Set-Cookie" not in fast.headers


def test_a_held_comment_is_in_no_anonymous_answer_and_its_approval_shows_at_once(
    app, make_user, make_article, reached_flask
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Voksen")
    held = make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Venter paa moderator")
    anonymous = app.test_client()
    for _ in range(2):  # a miss, then a hit from the front door
        assert "Venter paa moderator" not in shown(anonymous.get(api(article)))
    assert len(reached_flask) == 1
    moderation.approve(make_moderator(), held.id)
    assert "Venter paa moderator" in anonymous.get(api(article)).text  # at once
    assert len(reached_flask) == 2  # the approval emptied the cache: rendered afresh


def test_a_deleted_comment_is_gone_from_the_next_answer(app, make_user, make_article):
    article = make_article()
    author = make_user(AgeClass.ADULT)
    comment = make_comment(article, author, "Snart slettet")
    anonymous = app.test_client()
    for _ in range(2):
        assert "Snart slettet" in anonymous.get(api(article)).text
    comments_service.delete_comment(comment, author)
    assert "Snart slettet" not in shown(anonymous.get(api(article)))


def test_a_logged_in_reader_is_answered_by_flask_with_their_own_held_comment(
    app, client, login, make_user, make_article, reached_flask
):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    make_comment(article, teen, "Bare min")
    anonymous = app.test_client()
    for _ in range(2):
        assert "Bare min" not in shown(anonymous.get(api(article)))
    login(teen)
    before = len(reached_flask)
    response = client.get(api(article))
    assert "Bare min" in response.text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert len(reached_flask) == before + 1


@pytest.mark.parametrize(
    ("query", "headers", "status"),
    [
        ("?cursor=nonsense", {}, 400),
        ("?limit=0", {}, 400),
        ("?limit=101", {}, 400),
        ("?sort=sideways", {}, 400),
        ("?sort=newest&sort=oldest", {}, 200),
        ("?lang=en", {}, 200),
        ("?thread=999999", {}, 404),
        ("", {"X-Kommentar-Session": "not-a-token"}, 200),
        ("", {"cookie": "session"}, 200),
        ("", {"cookie": "remember_token"}, 200),
    ],
)
def test_anything_but_a_plain_anonymous_read_goes_to_flask(
    app, make_user, make_article, reached_flask, query, headers, status
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Hei")
    anonymous = app.test_client()
    anonymous.get(api(article))
    anonymous.get(api(article) + "?sort=newest")
    before = len(reached_flask)
    headers = dict(headers)
    if "cookie" in headers:  # a browser with a session (maybe a reader's) or remember cookie
        anonymous.set_cookie(headers.pop("cookie"), "whatever")
    response = anonymous.get(api(article) + query, headers=headers)
    assert response.status_code == status
    assert len(reached_flask) == before + 1


def test_other_methods_and_paths_go_to_flask(app, make_user, make_article, reached_flask):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Hei")
    anonymous = app.test_client()
    anonymous.get(api(article))
    before = len(reached_flask)
    assert anonymous.head(api(article)).status_code == 200
    assert anonymous.post(api(article), json={"body": "x"}).status_code in (400, 401)
    assert anonymous.get(api(article) + "/").status_code == 404
    assert anonymous.get("/api/v1/articles/no-such-story/comments").status_code == 404
    assert len(reached_flask) == before + 4


def test_request_ids_access_lines_and_metrics_are_kept(
    app, make_user, make_article, reached_flask, caplog
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Hei")
    anonymous = app.test_client()
    anonymous.get(api(article))
    latency = app.extensions["kommentar.metrics"]["latency"]

    def samples() -> float:
        return sum(
            s.value
            for metric in latency.collect()
            for s in metric.samples
            if s.name.endswith("_count") and s.labels["route"] == ROUTE
        )

    counted = samples()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kommentar.access"):
        response = anonymous.get(api(article), headers={"X-Request-ID": "proxy-id-12345"})
    assert len(reached_flask) == 1  # answered by the front door
    assert response.headers["X-Request-ID"] == "proxy-id-12345"
    lines = [r for r in caplog.records if r.name == "kommentar.access"]
    assert [(r.route, r.status, r.request_id) for r in lines] == [(ROUTE, 200, "proxy-id-12345")]
    assert article.key not in lines[0].getMessage()  # the rule, never the path
    assert samples() == counted + 1
    made_up = anonymous.get(api(article), headers={"X-Request-ID": "bad id!"})
    made_id = made_up.headers["X-Request-ID"]
    assert made_id != "bad id!" and len(made_id) == 32


def test_nothing_is_answered_before_the_restore_guard_passes(
    app, make_user, make_article, reached_flask, monkeypatch
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Hei")
    anonymous = app.test_client()
    anonymous.get(api(article))
    monkeypatch.setitem(app.config, "ERASURE_REGISTRY_FILE", "/nonexistent/registry")
    monkeypatch.delitem(app.extensions, _PASSED, raising=False)
    anonymous.get(api(article))
    assert len(reached_flask) == 2  # the guard's hook decides, in Flask


def test_no_front_door_without_app_env(settings):
    app = create_app({**settings, "APP_ENV_EXPLICIT": False})
    assert not isinstance(app.wsgi_app, FastReads)
