"""One small request buys a bounded amount of work: nesting, markup and login attempts."""

from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, Comment
from app.services import sanitize
from tests.helpers import token_of

# The attacker's 4,998-character comment: formatting opened deep, then paragraph after
# paragraph, each of which an HTML parser reopens all the open formatting in.
NESTED_FORMATTING = ("".join(f"<em x={i}>" for i in range(39)) + "x\n\n" * 1600)[:4998]
NESTED_WITH_PARAGRAPHS = (
    "".join(f"<em x={i}><strong y={i}><code z={i}><a href=https://a.no/{i}>" for i in range(9))
    + "<p>x" * 1200
)[:4998]


def deep_json(depth: int) -> str:
    return "[" * depth + '"x"' + "]" * depth  # 900 deep is the 1.8 KB of the report


@pytest.mark.parametrize("depth", [900, 30_000])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/articles/sak/comments", "/guardian", "/facebook/data-deletion", "/no/such/page"],
)
def test_deeply_nested_json_is_refused_quietly(client, caplog, path, depth):
    caplog.set_level(logging.DEBUG)
    response = client.post(path, data=deep_json(depth), content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.text
    assert not [r for r in caplog.records if r.exc_info], "no traceback for bad input"
    assert sum(len(r.getMessage()) for r in caplog.records) < 2000


def test_ordinary_json_still_reaches_the_api(client, login, make_user, make_article):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    response = client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Nøktern [ og { i teksten ]"},
        headers={"X-CSRFToken": token_of(client)},
    )
    assert response.status_code == 201


def test_nested_formatting_comment_is_refused_and_costs_little(
    client, login, make_user, make_article
):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    for text in (NESTED_FORMATTING, NESTED_WITH_PARAGRAPHS):
        assert len(text) == 4998
        started = time.process_time()
        response = client.post(
            f"/api/v1/articles/{article.key}/comments",
            json={"body": text},
            headers={"X-CSRFToken": token_of(client)},
        )
        assert time.process_time() - started < 0.5
        assert response.status_code == 422  # the API's answer to a comment it cannot take
        assert "too much formatting" in response.get_json()["error"]["message"]
    assert db.session.scalars(select(Comment)).all() == []  # nothing stored
    page = client.get(f"/articles/{article.key}")
    assert page.status_code == 200 and len(page.data) < 40_000


def test_stored_html_never_grows_past_its_bound():
    for text in (NESTED_FORMATTING, NESTED_WITH_PARAGRAPHS, "&" * 4998, "<" * 4998):
        try:
            body = sanitize.clean_comment(text)
        except sanitize.TooMuchMarkup:
            continue
        assert len(body) <= sanitize.MAX_HTML_LENGTH


def test_reasonable_nesting_is_kept():
    text = "<em><strong>Viktig: <code>x</code> og <a href='https://nrk.no'>lenke</a></strong></em>"
    body = sanitize.clean_comment(text)
    assert "<em><strong>Viktig: <code>x</code>" in body and "https://nrk.no" in body


def test_many_login_attempts_keep_one_pending_state(client, login, make_user):
    """Another site can start logins in a reader's browser; the cookie must stay usable."""
    for _ in range(80):
        assert client.get("/login/facebook").status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 1000
    reader = make_user(AgeClass.ADULT)
    login(reader)  # the reader's own attempt still works afterwards
    assert client.get("/me").status_code == 200
