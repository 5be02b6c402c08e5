"""NUL bytes and invalid UTF-8 in a comment get a clear 400 on PostgreSQL too, and nothing is
stored. PostgreSQL itself refuses NUL in text, so without the input guard such a comment
would be a 500."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError

from app.extensions import db
from app.models import Comment
from tests import factories
from tests.helpers import token_of

pytestmark = pytest.mark.integration


def stored_comments() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Comment))


@pytest.fixture
def reader(client, login):
    login("adult")
    return client


def test_postgresql_itself_refuses_nul_in_text(app):
    article = factories.make_article()
    adult = factories.make_user()
    with pytest.raises(DataError) as refused:
        factories.make_comment(article, adult, "a\x00b")
    assert isinstance(refused.value.orig, psycopg.DataError)
    db.session.rollback()
    assert stored_comments() == 0


@pytest.mark.parametrize(
    "raw",
    [b'{"body": "a\\u0000b"}', b'{"body": "caf\xc3"}', b'{"body": "\xff\xfe"}'],
    ids=["nul", "truncated-utf8", "not-utf8"],
)
def test_bad_bytes_in_an_api_comment_are_refused_and_nothing_is_stored(app, reader, raw):
    article = factories.make_article()
    response = reader.post(
        f"/api/v1/articles/{article.key}/comments",
        data=raw,
        headers={"Content-Type": "application/json", "X-CSRFToken": token_of(reader)},
    )

    assert response.status_code == 400
    assert "csrf" not in response.text.lower()  # refused for its bytes, not its token
    assert response.json["error"]["status"] == 400
    assert stored_comments() == 0


@pytest.mark.parametrize(
    "raw",
    [b"body=a%00b", b"body=caf%C3", b"body=%FF%FE"],
    ids=["nul", "truncated-utf8", "not-utf8"],
)
def test_bad_bytes_in_a_comment_form_are_refused_and_nothing_is_stored(app, reader, raw):
    article = factories.make_article()
    response = reader.post(
        f"/articles/{article.key}/comments",
        data=raw + b"&csrf_token=" + token_of(reader).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 400
    assert "security token" not in response.text  # refused for its bytes, not its token
    assert stored_comments() == 0
