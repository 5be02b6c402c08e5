"""The whole way: a child's comment is held, screened, decided on at the desk, and only an
approved one reaches other readers. And a reader who turns out to be a child is held again.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from app.devtools.fake_facebook import Persona
from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus, User
from tests import factories
from tests.test_moderation_support import csrf_of, desk_post, hold_comment, make_moderator


def public_thread(app, key: str) -> str:
    """What an anonymous reader sees of the thread."""
    return app.test_client().get(f"/articles/{key}").text


def post_as(browser: FlaskClient, key: str, text: str) -> int:
    """Post a comment through the thread page's form; returns the new comment's id."""
    response = browser.post(
        f"/articles/{key}/comments", data={"body": text, "csrf_token": csrf_of(browser)}
    )
    assert response.status_code in (201, 302, 303), response.text
    return db.session.scalar(select(Comment.id).order_by(Comment.id.desc()))


def test_a_teens_comment_is_screened_approved_at_the_desk_and_then_public(
    app, client, login, make_article, run_jobs
):
    article = make_article()
    teen_browser = app.test_client()
    login("teen", via=teen_browser)
    comment_id = post_as(teen_browser, article.key, "Snap meg på ida_2011, eller ring 912 34 567!")
    assert db.session.get(Comment, comment_id).status is CommentStatus.PENDING
    assert "912 34 567" not in public_thread(app, article.key)  # held: nobody else sees it

    run_jobs()  # the worker screens it
    assert db.session.get(Comment, comment_id).screened_at is not None
    moderator = make_moderator()
    login(moderator)
    queue = client.get("/moderation/minors").text
    assert f'id="comment-{comment_id}"' in queue
    assert '<mark class="finding finding-phone" title="phone">912 34 567</mark>' in queue

    response = desk_post(client, f"/moderation/comments/{comment_id}/approve")
    assert response.status_code == 302
    assert "912 34 567" in public_thread(app, article.key)


def test_a_rejected_comment_never_appears_and_its_author_sees_why(
    app, client, login, make_article, run_jobs
):
    article = make_article()
    teen_browser = app.test_client()
    login("teen", via=teen_browser)
    comment_id = post_as(teen_browser, article.key, "Jeg bor i Storgata 12B")
    run_jobs()
    login(make_moderator())
    desk_post(
        client,
        f"/moderation/comments/{comment_id}/reject",
        {"reason": "personal_info", "note": "Ikke skriv hvor du bor."},
    )
    db.session.expire_all()
    stored = db.session.get(Comment, comment_id)
    assert stored.status is CommentStatus.REJECTED
    assert stored.rejection_reason == "Contains personal information: Ikke skriv hvor du bor."
    assert "Storgata 12B" not in public_thread(app, article.key)
    own_view = teen_browser.get(f"/articles/{article.key}").text
    assert "Contains personal information: Ikke skriv hvor du bor." in own_view


def test_a_held_comment_stays_hidden_however_often_the_thread_is_read(app, make_user, make_article):
    article = make_article()
    comment = hold_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Hemmelig")
    for _ in range(3):
        assert "Hemmelig" not in public_thread(app, article.key)
    assert db.session.get(Comment, comment.id).status is CommentStatus.PENDING


def test_a_reader_marked_under_16_at_the_desk_is_hidden_and_requeued(
    app, client, login, make_user, make_article, run_jobs
):
    article = make_article()
    reader = make_user(AgeClass.ADULT)
    comment = factories.make_comment(article, reader, "Min mobil er 412 34 567")
    assert "412 34 567" in public_thread(app, article.key)
    login(make_moderator())
    response = desk_post(client, f"/moderation/users/{reader.id}/mark-under-16")
    assert response.status_code == 302
    assert "412 34 567" not in public_thread(app, article.key)
    db.session.expire_all()
    held = db.session.get(Comment, comment.id)
    assert held.status is CommentStatus.PENDING and held.screened_at is None
    run_jobs()
    queue = client.get("/moderation/minors").text
    assert f'id="comment-{comment.id}"' in queue
    assert '<mark class="finding finding-phone" title="phone">412 34 567</mark>' in queue
    assert "Under 16 (confirmed)" in queue


def test_a_login_in_the_13_to_17_bucket_hides_and_requeues_published_comments(
    app, client, login, facebook, make_user, make_article, run_jobs, csrf_token
):
    article = make_article()
    reader = make_user(AgeClass.ADULT)
    login(reader)
    comment = factories.make_comment(article, reader, "Skrevet som voksen, ring 913 45 678")
    assert "913 45 678" in public_thread(app, article.key)
    client.post("/logout", data={"csrf_token": csrf_token()})

    # Facebook now puts the same account in the 13-17 bucket.
    facebook.state.add_persona(
        Persona(f"user-{reader.facebook_id}", reader.facebook_id, "Ung", {"min": 13, "max": 17})
    )
    login(f"user-{reader.facebook_id}")
    db.session.expire_all()
    assert db.session.get(User, reader.id).age_class is AgeClass.UNDER_16_PRESUMED
    held = db.session.get(Comment, comment.id)
    assert held.status is CommentStatus.PENDING and held.held_since is not None
    assert "913 45 678" not in public_thread(app, article.key)

    run_jobs()
    moderator_browser = app.test_client()
    login(make_moderator(), via=moderator_browser)
    queue = moderator_browser.get("/moderation/minors").text
    assert f'id="comment-{comment.id}"' in queue
    assert re.search(r'<mark class="finding finding-phone"[^>]*>913 45 678</mark>', queue)
