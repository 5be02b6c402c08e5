"""The widget on a publisher's page: it knows its embedding origin, logs readers in without
third-party cookies, and says what it did (issue 9)."""

from __future__ import annotations

from datetime import timedelta

from app import clock
from app.auth.sessions import WIDGET_HEADER
from app.extensions import db
from app.models import AgeClass, LoginSession
from tests.factories import make_comment
from tests.helpers import csrf_from, shown, token_of


def widget_token_for(client, login, reader, article) -> str:
    """What the login popup does: log in first-party, then ask for the frame's token."""
    login(reader, next=f"/embed/{article.key}?handoff=1")
    popup_page = client.get(f"/embed/{article.key}?handoff=1").text
    answer = client.post("/auth/widget-token", headers={"X-CSRFToken": csrf_from(popup_page)})
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.json["token"]


def test_a_reader_logs_in_inside_the_widget_without_third_party_cookies(
    client, app, login, make_user, make_article
):
    article = make_article()
    reader = make_user(AgeClass.ADULT, name="Kari Nordmann")
    token = widget_token_for(client, login, reader, article)

    frame = app.test_client(use_cookies=False)  # the browser blocks the iframe's cookies
    anonymous = frame.get(f"/embed/{article.key}").text
    assert 'data-viewer="anonymous"' in anonymous
    page = frame.get(f"/embed/{article.key}", headers={WIDGET_HEADER: token}).text
    assert 'data-viewer="reader"' in page and "Kari Nordmann" in page

    posted = frame.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Skrevet i rammen"},
        headers={WIDGET_HEADER: token, "X-CSRFToken": csrf_from(page)},
    )
    assert posted.status_code == 201
    assert "Skrevet i rammen" in frame.get(f"/embed/{article.key}").text  # public at once


def test_the_widget_token_does_not_bypass_csrf(client, app, login, make_user, make_article):
    article = make_article()
    token = widget_token_for(client, login, make_user(AgeClass.ADULT), article)
    frame = app.test_client(use_cookies=False)
    other_page = app.test_client(use_cookies=False).get(f"/embed/{article.key}").text
    for csrf in (None, csrf_from(other_page)):  # no CSRF token, or one from another session
        headers = {WIDGET_HEADER: token}
        if csrf:
            headers["X-CSRFToken"] = csrf
        refused = frame.post(
            f"/api/v1/articles/{article.key}/comments", json={"body": "Forfalsket"}, headers=headers
        )
        assert refused.status_code == 400
    assert "Forfalsket" not in shown(frame.get(f"/embed/{article.key}"))


def test_a_made_up_or_old_widget_token_logs_nobody_in(client, app, login, make_user, make_article):
    article = make_article()
    token = widget_token_for(client, login, make_user(AgeClass.ADULT), article)
    frame = app.test_client(use_cookies=False)
    made_up = frame.get(f"/embed/{article.key}", headers={WIDGET_HEADER: "x" * 43}).text
    assert 'data-viewer="anonymous"' in made_up
    for row in db.session.scalars(db.select(LoginSession)):
        row.created_at = clock.now() - timedelta(hours=13)
    db.session.commit()
    stale = frame.get(f"/embed/{article.key}", headers={WIDGET_HEADER: token}).text
    assert 'data-viewer="anonymous"' in stale


def test_only_a_logged_in_popup_gets_a_token(client):
    page = client.get("/privacy").text
    anonymous = client.post("/auth/widget-token", headers={"X-CSRFToken": csrf_from(page)})
    assert anonymous.status_code == 401
    assert client.post("/auth/widget-token").status_code == 400  # no CSRF token


def test_logging_out_in_the_widget_ends_its_token(client, app, login, make_user, make_article):
    article = make_article()
    token = widget_token_for(client, login, make_user(AgeClass.ADULT), article)
    frame = app.test_client(use_cookies=False)
    page = frame.get(f"/embed/{article.key}", headers={WIDGET_HEADER: token}).text
    frame.post("/logout", data={"csrf_token": csrf_from(page)}, headers={WIDGET_HEADER: token})
    again = frame.get(f"/embed/{article.key}", headers={WIDGET_HEADER: token}).text
    assert 'data-viewer="anonymous"' in again


def test_widget_lists_the_origins_it_may_talk_to(client, make_article):
    widget = client.get(f"/embed/{make_article().key}").text
    assert (
        '<meta name="kommentar-embed-origins" content="https://news.example https://sport.example">'
        in widget
    )
    script = shown(client.get("/static/widget.js"))
    assert "document.referrer" not in script  # a reload made it the widget's own URL
    assert "getBoundingClientRect().height" in script  # measured so the frame can shrink


def test_thread_has_a_heading_with_its_count_and_named_actions(
    client, login, make_user, make_article
):
    article = make_article()
    kari = make_user(AgeClass.ADULT, name="Kari")
    first = make_comment(article, kari, "Første")
    make_comment(article, kari, "Andre", parent=first)
    login(make_user(AgeClass.ADULT))
    for path in (f"/embed/{article.key}", f"/articles/{article.key}"):
        page = client.get(path).text
        assert "2 comments" in page and 'id="comments-heading"' in page
        assert 'aria-label="Reply to Kari"' in page
        assert 'aria-label="Report the comment by Kari"' in page
        assert f'href="http://localhost/articles/{article.key}#comment-{first.id}"' in page


def test_a_report_is_acknowledged_and_not_offered_twice(client, login, make_user, make_article):
    article = make_article()
    comment = make_comment(article, make_user(AgeClass.ADULT, name="Kari"), "Tvilsomt")
    login(make_user(AgeClass.ADULT))
    before = client.get(f"/embed/{article.key}").text
    assert 'aria-label="Report the comment by Kari"' in before
    reported = client.post(
        f"/api/v1/comments/{comment.id}/reports",
        json={"reason": "spam"},
        headers={"X-CSRFToken": csrf_from(before)},
    )
    assert reported.status_code == 201
    page = shown(client.get(f"/embed/{article.key}"))
    assert "You reported this comment. A moderator will look at it." in page
    assert 'aria-label="Report the comment by Kari"' not in page


def test_a_cancelled_login_in_the_popup_closes_it(client, facebook):
    start = client.get("/login/facebook", query_string={"next": "/embed/a-key?handoff=1"})
    state = dict(part.split("=", 1) for part in start.location.split("?", 1)[1].split("&"))["state"]
    page = shown(
        client.get(
            "/auth/facebook/callback", query_string={"error": "access_denied", "state": state}
        )
    )
    assert 'data-popup="cancelled"' in page and "/static/widget.js" in page
    assert 'class="site-header"' not in page  # no site chrome in the popup


def test_the_age_question_in_the_popup_has_no_site_chrome(client, login):
    login("unknown", next="/embed/a-key?handoff=1")
    page = shown(client.get("/age", query_string={"next": "/embed/a-key?handoff=1"}))
    assert "One question before you comment" in page
    assert 'class="site-header"' not in page
    assert 'class="site-header"' in client.get("/age", query_string={"next": "/me"}).text


def test_the_widget_token_needs_csrf_on_the_form_fallback_too(
    client, app, login, make_user, make_article
):
    article = make_article()
    token = widget_token_for(client, login, make_user(AgeClass.ADULT), article)
    frame = app.test_client(use_cookies=False)
    refused = frame.post(
        f"/articles/{article.key}/comments",
        data={"body": "Uten token"},
        headers={WIDGET_HEADER: token},
    )
    assert refused.status_code == 400
    assert token_of(client, f"/embed/{article.key}")  # the popup's own session still works


def test_the_demo_newspaper_is_made_for_phones():
    from app.devtools import demo

    page = demo.publisher_site("http://127.0.0.1:5000").test_client().get("/skolemat").text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<main>" in page and 'data-accent="#8a1538"' in page  # the widget, themed
