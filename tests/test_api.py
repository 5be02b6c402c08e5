"""Publishers' clients and the widget read and write threads through /api/v1."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus, Report
from tests.factories import make_comment
from tests.helpers import token_of

COMMENT_KEYS = {
    "id",
    "parent_id",
    "author_name",
    "body_html",
    "created_at",
    "edited_at",
    "status",
    "rejection_reason",
    "is_own",
}


@pytest.fixture
def headers(client):
    return lambda: {"X-CSRFToken": token_of(client)}


def test_anyone_reads_a_thread_as_json(client, make_user, make_article):
    article = make_article()
    author = make_user(AgeClass.ADULT, name="Kari Nordmann")
    first = make_comment(article, author, "Første")
    reply = make_comment(article, author, "Svar", parent=first)
    response = client.get(f"/api/v1/articles/{article.key}/comments")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    page = response.get_json()
    assert page["next_cursor"] is None
    assert [c["id"] for c in page["comments"]] == [first.id, reply.id]
    shown = page["comments"][0]
    assert set(shown) == COMMENT_KEYS
    assert shown["author_name"] == "Kari Nordmann"
    assert shown["body_html"] == "<p>Første</p>"
    assert shown["status"] == "published" and shown["is_own"] is False
    assert shown["created_at"].endswith("Z")
    assert datetime.fromisoformat(shown["created_at"].replace("Z", "+00:00")).tzinfo is not None
    assert shown["edited_at"] is None and shown["rejection_reason"] is None
    assert page["comments"][1]["parent_id"] == first.id


def test_adult_posts_through_the_api_and_is_published(
    client, login, make_user, make_article, headers
):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    response = client.post(
        f"/api/v1/articles/{article.key}/comments", json={"body": "Via API-et"}, headers=headers()
    )
    assert response.status_code == 201
    created = response.get_json()
    assert created["status"] == "published"
    assert response.headers["Location"].endswith(f"#comment-{created['id']}")
    (mine,) = client.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"]
    assert mine["id"] == created["id"] and mine["is_own"] is True


def test_teen_posting_through_the_api_is_held(client, login, make_article, headers, app):
    article = make_article()
    login("teen")
    response = client.post(
        f"/api/v1/articles/{article.key}/comments", json={"body": "Hei fra Ida"}, headers=headers()
    )
    assert response.status_code == 201
    assert response.get_json()["status"] == "pending"
    (own,) = client.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"]
    assert own["status"] == "pending" and own["is_own"] is True
    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"] == []


def test_reply_through_the_api(client, login, make_user, make_article, headers):
    article = make_article()
    parent = make_comment(article, make_user(AgeClass.ADULT), "Spørsmål")
    login(make_user(AgeClass.ADULT))
    response = client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Svar", "parent_id": parent.id},
        headers=headers(),
    )
    assert response.status_code == 201
    reply = db.session.get(Comment, response.get_json()["id"])
    assert reply.parent_id == parent.id


def test_author_edits_through_the_api(client, login, make_user, make_article, headers):
    article = make_article()
    reader = make_user(AgeClass.ADULT)
    mine = make_comment(article, reader, "Før")
    login(reader)
    response = client.patch(
        f"/api/v1/comments/{mine.id}", json={"body": "Etter *endring*"}, headers=headers()
    )
    assert response.status_code == 200
    shown = response.get_json()
    assert set(shown) == COMMENT_KEYS
    assert shown["body_html"] == "<p>Etter *endring*</p>"
    assert shown["edited_at"].endswith("Z") and shown["status"] == "published"


def test_author_deletes_through_the_api(client, login, make_user, make_article, headers):
    article = make_article()
    reader = make_user(AgeClass.ADULT)
    mine = make_comment(article, reader, "Borte snart")
    login(reader)
    response = client.delete(f"/api/v1/comments/{mine.id}", headers=headers())
    assert response.status_code == 204 and response.data == b""
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    again = client.delete(f"/api/v1/comments/{mine.id}", headers=headers())
    assert again.status_code == 404


def test_reader_reports_through_the_api_once(client, login, make_user, make_article, headers):
    article = make_article()
    theirs = make_comment(article, make_user(AgeClass.ADULT), "Reklame")
    login(make_user(AgeClass.ADULT))
    url = f"/api/v1/comments/{theirs.id}/reports"
    first = client.post(url, json={"reason": "spam", "note": "Lenke til butikk"}, headers=headers())
    assert first.status_code == 201 and first.get_json() == {"status": "received"}
    second = client.post(url, json={"reason": "abuse"}, headers=headers())
    assert second.status_code == 200 and second.get_json() == {"status": "already_reported"}
    (report,) = db.session.scalars(select(Report)).all()
    assert report.reason.value == "spam" and report.note == "Lenke til butikk"


def test_own_pending_comment_cannot_be_reported(client, login, make_user, make_article, headers):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    mine = make_comment(article, teen, "Venter")
    login(teen)
    response = client.post(
        f"/api/v1/comments/{mine.id}/reports", json={"reason": "spam"}, headers=headers()
    )
    assert response.status_code == 409


def test_rejection_reason_is_given_to_the_author_only(client, login, make_user, make_article, app):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    rejected = make_comment(article, teen, "Nei", CommentStatus.REJECTED)
    rejected.rejection_reason = "Contains an address"
    db.session.commit()
    login(teen)
    (own,) = client.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"]
    assert own["status"] == "rejected" and own["rejection_reason"] == "Contains an address"
    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"] == []


def test_errors_are_json_with_status_and_message(client, make_article):
    response = client.get("/api/v1/articles/missing/comments")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"status": 404, "message": "There is no comment thread here."}
    }


def test_anonymous_listing_is_cached_but_a_logged_in_reader_sees_their_own(
    client, login, make_article, headers, app
):
    article = make_article()
    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"] == []
    login("teen")
    client.post(
        f"/api/v1/articles/{article.key}/comments", json={"body": "Min egen"}, headers=headers()
    )
    assert len(client.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"]) == 1
    assert anonymous.get(f"/api/v1/articles/{article.key}/comments").get_json()["comments"] == []
