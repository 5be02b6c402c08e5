"""What a thread read costs the database, beyond the statement budgets of
tests/test_thread_reading.py: the page's public count is counted once per change, not per
reader; on PostgreSQL a read runs without BEGIN and ROLLBACK, and its statements keep one
text whatever a page holds (so they are prepared once per connection)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.extensions import db
from app.models import AgeClass
from app.services import moderation, page_cache
from tests.factories import make_comment
from tests.helpers import token_of
from tests.test_moderation_support import make_moderator


class Recorder:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.autocommit: list[bool] = []

    def __call__(self, conn, cursor, statement, *args) -> None:
        self.statements.append(" ".join(statement.split()))
        dbapi = conn.connection.dbapi_connection
        self.autocommit.append(bool(getattr(dbapi, "autocommit", False)))


@pytest.fixture
def recorded(app):
    recorder = Recorder()
    event.listen(db.engine, "before_cursor_execute", recorder)
    yield recorder
    event.remove(db.engine, "before_cursor_execute", recorder)


def counts(recorder: Recorder) -> list[str]:
    return [s for s in recorder.statements if "count(" in s.lower()]


def test_the_public_count_is_counted_once_per_change_of_the_thread(
    app, make_user, make_article, recorded
):
    article = make_article()
    author = make_user(AgeClass.ADULT)
    make_comment(article, author, "En")
    anonymous = app.test_client()
    url = f"/articles/{article.key}?utm_source=avis"  # not a cached rendering: read each time
    assert ">1 comment<" in anonymous.get(url).text.replace("1 kommentar", "1 comment")
    assert len(counts(recorded)) == 1
    for _ in range(3):
        anonymous.get(url)
    assert len(counts(recorded)) == 1  # kept, like the renderings
    held = make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Venter")
    page_cache.invalidate(article.id)  # as every change to the thread does
    page = anonymous.get(url).text
    assert len(counts(recorded)) == 2
    assert "1 kommentar" in page or "1 comment" in page  # a held comment is not counted
    moderation.approve(make_moderator(), held.id)
    page = anonymous.get(url).text
    assert "2 kommentarer" in page or "2 comments" in page  # the approval counts at once


def test_a_logged_in_read_on_postgresql_needs_no_transaction(
    app, backend, client, login, make_user, make_article, recorded
):
    if backend != "postgresql":
        pytest.skip("SQLite reads keep their transaction")
    article = make_article()
    reader = make_user(AgeClass.ADULT)
    make_comment(article, reader, "Mitt")
    login(reader)
    urls = (f"/articles/{article.key}", f"/api/v1/articles/{article.key}/comments")
    posting_url, token = urls[1], token_of(client)
    db.session.commit()  # the test's own reads end here (in production each request has its own)
    recorded.statements.clear()
    recorded.autocommit.clear()
    for url in urls:
        assert "Mitt" in client.get(url).text
    assert recorded.statements and all(recorded.autocommit), recorded.statements
    # A write after it gets its transaction back: the pooled connection was reset.
    recorded.autocommit.clear()
    response = client.post(
        posting_url, json={"body": "Skrevet etterpå"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201, response.text
    assert recorded.autocommit and not any(recorded.autocommit)


def test_a_pages_comments_are_read_with_one_statement_text_however_many(
    app, backend, client, login, make_user, make_article, recorded
):
    reader = make_user(AgeClass.ADULT)
    small, large = make_article(), make_article()
    make_comment(small, reader, "Alene")
    for n in range(7):
        make_comment(large, reader, f"Nummer {n}")
    login(reader)
    recorded.statements.clear()
    client.get(f"/api/v1/articles/{small.key}/comments")
    client.get(f"/api/v1/articles/{large.key}/comments")
    loads = [s for s in recorded.statements if "comments.body_html" in s]
    assert len(loads) == 2
    if backend == "postgresql":
        assert loads[0] == loads[1]  # one text: prepared once per connection


def test_a_readers_first_page_finds_the_article_in_the_same_query_and_still_knows_404(
    app, client, login, make_user, make_article
):
    reader = make_user(AgeClass.ADULT)
    empty = make_article()
    login(reader)
    answer = client.get(f"/api/v1/articles/{empty.key}/comments")
    assert answer.status_code == 200 and answer.get_json()["comments"] == []
    missing = client.get("/api/v1/articles/no-such-story/comments")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"] == "There is no comment thread here."
