"""Bad input gets a clear 4xx and changes nothing, on the thread page's forms and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus, Report
from tests.factories import make_comment
from tests.helpers import token_of


def comment_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Comment))


def body_of(comment: Comment) -> str:
    db.session.expire_all()
    return db.session.get(Comment, comment.id).body_html


@pytest.fixture
def adult(client, login, make_user):
    reader = make_user(AgeClass.ADULT)
    login(reader)
    return reader


@pytest.fixture
def article(make_article):
    return make_article()


def send_form(client, article, body: str, **extra):
    data = {"body": body, "csrf_token": token_of(client), **extra}
    return client.post(f"/articles/{article.key}/comments", data=data)


def send_json(client, article, payload, **headers):
    return client.post(
        f"/api/v1/articles/{article.key}/comments",
        json=payload,
        headers={"X-CSRFToken": token_of(client), **headers},
    )


def error_of(response) -> dict:
    payload = response.get_json()
    assert set(payload) == {"error"}, payload
    assert payload["error"]["status"] == response.status_code
    return payload["error"]


# -- the body ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   ", "\n\t \r\n"])
def test_empty_or_blank_comment_is_refused(client, adult, article, body):
    form = send_form(client, article, body)
    assert form.status_code == 422
    assert "Please write something" in form.text
    api = send_json(client, article, {"body": body})
    assert api.status_code == 422
    assert "Please write something" in error_of(api)["message"]
    assert comment_count() == 0


def test_comment_over_the_limit_is_refused_and_the_text_kept(client, adult, article):
    too_long = "Lang tekst. " * 417  # 5,004 characters
    form = send_form(client, article, too_long)
    assert form.status_code == 422
    assert "the limit is 5,000" in form.text
    assert "Lang tekst. Lang tekst." in form.text  # what they wrote is not lost
    assert send_json(client, article, {"body": too_long}).status_code == 422
    assert comment_count() == 0
    assert send_json(client, article, {"body": "x" * 5000}).status_code == 201
    assert comment_count() == 1


def test_comment_that_is_only_unsafe_markup_is_refused(client, adult, article):
    response = send_json(client, article, {"body": "<script>alert(1)</script>"})
    assert response.status_code == 422
    assert comment_count() == 0


def test_request_over_64_kib_is_refused(client, adult, article):
    huge = "a" * (65 * 1024)
    form = send_form(client, article, huge)
    assert form.status_code == 413
    api = send_json(client, article, {"body": huge})
    assert api.status_code == 413
    assert error_of(api)["status"] == 413
    assert comment_count() == 0


@pytest.mark.parametrize("raw", [b"body=%FF%FE", b"body=caf%C3", b"body=a%00b"])
def test_invalid_utf8_and_nul_bytes_in_a_form_are_refused(client, adult, article, raw):
    response = client.post(
        f"/articles/{article.key}/comments",
        data=raw + b"&csrf_token=" + token_of(client).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert comment_count() == 0


@pytest.mark.parametrize(
    "raw", [b'{"body": "\xff\xfe"}', b'{"body": "caf\xc3"}', b'{"body": "a\\u0000b"}']
)
def test_invalid_utf8_and_nul_bytes_in_json_are_refused(client, adult, article, raw):
    response = client.post(
        f"/api/v1/articles/{article.key}/comments",
        data=raw,
        headers={"Content-Type": "application/json", "X-CSRFToken": token_of(client)},
    )
    assert response.status_code == 400
    error_of(response)
    assert comment_count() == 0


# -- where it goes -----------------------------------------------------------------------------


def test_unknown_article_is_not_found(client, adult):
    assert client.get("/articles/no-such-article").status_code == 404
    assert client.get("/articles/<script>").status_code == 404
    assert client.get("/api/v1/articles/no-such-article/comments").status_code == 404
    missing = type("Missing", (), {"key": "no-such-article"})()
    assert send_form(client, missing, "Hei").status_code == 404
    assert send_json(client, missing, {"body": "Hei"}).status_code == 404
    assert comment_count() == 0


def test_reply_to_a_comment_on_another_article_is_refused(
    client, adult, article, make_article, make_user
):
    elsewhere = make_comment(make_article(), make_user(AgeClass.ADULT), "Et annet sted")
    form = send_form(client, article, "Svar", parent_id=str(elsewhere.id))
    assert form.status_code == 422
    assert "reply to a published comment in this thread" in form.text
    assert (
        send_json(client, article, {"body": "Svar", "parent_id": elsewhere.id}).status_code == 422
    )
    assert comment_count() == 1


@pytest.mark.parametrize(
    "status", [CommentStatus.PENDING, CommentStatus.REMOVED, CommentStatus.REJECTED]
)
def test_reply_to_a_comment_nobody_may_see_is_refused(client, adult, article, make_user, status):
    hidden = make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Skjult", status)
    assert send_form(client, article, "Svar", parent_id=str(hidden.id)).status_code == 422
    assert send_json(client, article, {"body": "Svar", "parent_id": hidden.id}).status_code == 422
    assert send_json(client, article, {"body": "Svar", "parent_id": 999999}).status_code == 422
    assert send_form(client, article, "Svar", parent_id="abc").status_code == 422
    assert comment_count() == 1


# -- whose it is -------------------------------------------------------------------------------


def test_editing_or_deleting_someone_elses_comment_is_forbidden(client, adult, article, make_user):
    theirs = make_comment(article, make_user(AgeClass.ADULT), "Ikke din")
    token = token_of(client)
    edit = client.post(f"/comments/{theirs.id}/edit", data={"body": "Kapret", "csrf_token": token})
    assert edit.status_code == 403
    assert "only change your own comments" in edit.text
    delete = client.post(f"/comments/{theirs.id}/delete", data={"csrf_token": token})
    assert delete.status_code == 403
    headers = {"X-CSRFToken": token}
    patch = client.patch(f"/api/v1/comments/{theirs.id}", json={"body": "Kapret"}, headers=headers)
    assert patch.status_code == 403
    assert client.delete(f"/api/v1/comments/{theirs.id}", headers=headers).status_code == 403
    assert body_of(theirs) == "<p>Ikke din</p>"
    assert comment_count() == 1


def test_someone_elses_held_comment_is_not_found(client, adult, article, make_user):
    held = make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Venter")
    token = token_of(client)
    response = client.post(f"/comments/{held.id}/edit", data={"body": "X", "csrf_token": token})
    assert response.status_code == 404
    headers = {"X-CSRFToken": token}
    assert client.delete(f"/api/v1/comments/{held.id}", headers=headers).status_code == 404
    reported = client.post(
        f"/api/v1/comments/{held.id}/reports", json={"reason": "spam"}, headers=headers
    )
    assert reported.status_code == 404
    assert body_of(held) == "<p>Venter</p>"


def test_editing_after_the_window_is_refused_deleting_is_not(client, adult, article):
    mine = make_comment(article, adult, "Gammel tekst")
    mine.created_at = clock.now() - timedelta(seconds=901)
    db.session.commit()
    mine_id = mine.id
    token = token_of(client)
    edit = client.post(f"/comments/{mine.id}/edit", data={"body": "Ny tekst", "csrf_token": token})
    assert edit.status_code == 403
    assert "that time has passed" in edit.text
    headers = {"X-CSRFToken": token}
    patch = client.patch(f"/api/v1/comments/{mine.id}", json={"body": "Ny"}, headers=headers)
    assert patch.status_code == 403
    assert body_of(mine) == "<p>Gammel tekst</p>"
    # Issue 7: a reader may delete a comment of theirs at any time.
    assert client.delete(f"/api/v1/comments/{mine_id}", headers=headers).status_code == 204
    assert db.session.get(Comment, mine_id) is None


def test_a_rejected_comment_cannot_be_edited(client, adult, article):
    mine = make_comment(article, adult, "Avvist", CommentStatus.REJECTED)
    headers = {"X-CSRFToken": token_of(client)}
    response = client.patch(f"/api/v1/comments/{mine.id}", json={"body": "Ny"}, headers=headers)
    assert response.status_code == 409
    assert body_of(mine) == "<p>Avvist</p>"


# -- CSRF --------------------------------------------------------------------------------------


def test_missing_or_wrong_csrf_token_is_refused(client, adult, article):
    url = f"/articles/{article.key}/comments"
    assert client.post(url, data={"body": "Uten token"}).status_code == 400
    assert client.post(url, data={"body": "Feil", "csrf_token": "forged"}).status_code == 400
    api = f"/api/v1/articles/{article.key}/comments"
    assert client.post(api, json={"body": "Uten token"}).status_code == 400
    wrong = client.post(api, json={"body": "Feil"}, headers={"X-CSRFToken": "forged"})
    assert wrong.status_code == 400
    assert "security token" in error_of(wrong)["message"]
    mine = make_comment(article, adult, "Min")
    assert client.post(f"/comments/{mine.id}/delete").status_code == 400
    assert client.delete(f"/api/v1/comments/{mine.id}").status_code == 400
    assert comment_count() == 1


def test_another_browsers_token_does_not_work(client, adult, article, app):
    stranger = app.test_client()
    response = client.post(
        f"/articles/{article.key}/comments",
        data={"body": "Hei", "csrf_token": token_of(stranger)},
    )
    assert response.status_code == 400
    assert comment_count() == 0


# -- the API's shapes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        {"body": 42},
        {"body": ["a"]},
        {"body": None},
        {},
        {"body": "Hei", "parent_id": "1"},
        {"body": "Hei", "parent_id": True},
        {"body": "Hei", "parent_id": 1.5},
        ["body", "Hei"],
        "Hei",
    ],
)
def test_api_refuses_wrong_types(client, adult, article, payload):
    response = send_json(client, article, payload)
    assert response.status_code == 400
    assert error_of(response)["message"]
    assert comment_count() == 0


def test_api_refuses_a_body_that_is_not_json(client, adult, article):
    url = f"/api/v1/articles/{article.key}/comments"
    headers = {"X-CSRFToken": token_of(client)}
    form = client.post(url, data={"body": "Hei"}, headers=headers)
    assert form.status_code == 415
    assert error_of(form)["status"] == 415
    text = client.post(url, data="Hei", headers={**headers, "Content-Type": "text/plain"})
    assert text.status_code == 415
    broken = client.post(url, data="{", headers={**headers, "Content-Type": "application/json"})
    assert broken.status_code == 400
    assert comment_count() == 0


def test_anonymous_api_writes_get_a_json_401(client, article, make_user):
    comment = make_comment(article, make_user(AgeClass.ADULT), "Hei")
    headers = {"X-CSRFToken": token_of(client)}
    calls = [
        client.post(
            f"/api/v1/articles/{article.key}/comments", json={"body": "x"}, headers=headers
        ),
        client.patch(f"/api/v1/comments/{comment.id}", json={"body": "x"}, headers=headers),
        client.delete(f"/api/v1/comments/{comment.id}", headers=headers),
        client.post(
            f"/api/v1/comments/{comment.id}/reports", json={"reason": "spam"}, headers=headers
        ),
    ]
    for response in calls:
        assert response.status_code == 401
        assert error_of(response)["message"] == "Log in to do that."
    assert comment_count() == 1 and body_of(comment) == "<p>Hei</p>"


@pytest.mark.parametrize(
    "query",
    ["sort=sideways", "limit=0", "limit=101", "limit=ten", "cursor=not-a-cursor", "cursor=%3D%3D"],
)
def test_listing_refuses_bad_parameters(client, article, query):
    response = client.get(f"/api/v1/articles/{article.key}/comments?{query}")
    assert response.status_code == 400
    assert error_of(response)["message"]


def test_thread_page_refuses_a_garbage_cursor(client, article):
    assert client.get(f"/articles/{article.key}?cursor=garbage").status_code == 400
    assert client.get(f"/articles/{article.key}?sort=sideways").status_code == 400
    assert client.get(f"/embed/{article.key}?cursor=W10").status_code == 400


@pytest.mark.parametrize(
    "payload", [{"reason": "boring"}, {"reason": 3}, {}, {"reason": "spam", "note": 5}]
)
def test_report_with_a_bad_reason_or_note_is_refused(client, adult, article, make_user, payload):
    theirs = make_comment(article, make_user(AgeClass.ADULT), "Hei")
    headers = {"X-CSRFToken": token_of(client)}
    response = client.post(f"/api/v1/comments/{theirs.id}/reports", json=payload, headers=headers)
    assert response.status_code == 400
    form = client.post(
        f"/comments/{theirs.id}/report",
        data={"reason": "boring", "csrf_token": headers["X-CSRFToken"]},
    )
    assert form.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


def test_report_note_over_500_characters_is_refused(client, adult, article, make_user):
    theirs = make_comment(article, make_user(AgeClass.ADULT), "Hei")
    headers = {"X-CSRFToken": token_of(client)}
    response = client.post(
        f"/api/v1/comments/{theirs.id}/reports",
        json={"reason": "spam", "note": "n" * 501},
        headers=headers,
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


# -- payloads that try to run code -------------------------------------------------------------


SCRIPTS = [
    "<script>alert(1)</script>Hei",
    '<img src=x onerror="alert(1)">Hei',
    '<a href="javascript:alert(1)">Hei</a>',
    '<p onclick="alert(1)">Hei</p>',
    '<svg onload="alert(1)"></svg>Hei',
    '<iframe src="javascript:alert(1)"></iframe>Hei',
]


@pytest.mark.parametrize("payload", SCRIPTS)
def test_script_payloads_are_stored_sanitized_and_shown_inert(client, adult, article, app, payload):
    assert send_form(client, article, payload).status_code == 302
    (comment,) = db.session.scalars(select(Comment)).all()
    assert "Hei" in comment.body_html
    for marker in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg"):
        assert marker not in comment.body_html.lower()
    anonymous = app.test_client()
    for page in (
        anonymous.get(f"/articles/{article.key}").text,
        anonymous.get(f"/embed/{article.key}").text,
        anonymous.get(f"/api/v1/articles/{article.key}/comments").text,
    ):
        assert "alert(1)" not in page


def test_script_in_a_display_name_is_shown_escaped_everywhere(client, article, make_user, app):
    rogue = make_user(AgeClass.ADULT, name="<script>alert(1)</script>")
    make_comment(article, rogue, "Hei")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    page = client.get(f"/articles/{article.key}").text
    widget = client.get(f"/embed/{article.key}").text
    for html in (page, widget):
        assert escaped in html
        assert "<script>alert(1)" not in html
    api = client.get(f"/api/v1/articles/{article.key}/comments")
    assert api.get_json()["comments"][0]["author_name"] == "<script>alert(1)</script>"
    assert api.mimetype == "application/json"  # data, never HTML
    assert "<script>" not in api.text  # and escaped inside the JSON text too
