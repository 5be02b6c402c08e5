"""Publishers paste a loader; the thread lives in an iframe that only their sites may frame."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, Article
from app.services.articles import embed_signature
from tests.factories import make_comment
from tests.helpers import csrf_from, shown, token_of


def frame_ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]+)", response.headers["Content-Security-Policy"]).group(
        1
    )


def test_widget_may_be_framed_by_the_publishers_sites_only(client, make_article):
    article = make_article()
    widget = client.get(f"/embed/{article.key}")
    assert widget.status_code == 200
    allowed = frame_ancestors(widget)
    assert "https://news.example" in allowed and "https://sport.example" in allowed
    assert "X-Frame-Options" not in widget.headers
    page = client.get(f"/articles/{article.key}")
    assert frame_ancestors(page) == "'none'"
    assert page.headers["X-Frame-Options"] == "DENY"


def test_widget_shows_the_thread_compactly_with_its_scripts(client, make_user, make_article):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT, name="Kari"), "Fin sak")
    widget = shown(client.get(f"/embed/{article.key}"))
    assert "Fin sak" in widget and "Kari" in widget
    assert '<meta name="csrf-token" content="' in widget
    assert 'src="/static/widget.js"' in widget
    assert 'class="site-header"' not in widget  # no page chrome inside the frame
    assert f'href="/login/facebook?next=/embed/{article.key}"' in widget
    assert "<script>" not in widget and "style=" not in widget  # the CSP allows neither


def test_logged_in_widget_forms_post_through_the_json_api(client, login, make_user, make_article):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Noe å svare på")
    login(make_user(AgeClass.ADULT))
    widget = client.get(f"/embed/{article.key}").text
    assert f'data-api-url="/api/v1/articles/{article.key}/comments"' in widget
    assert 'data-api-method="POST"' in widget
    # Without script the same form posts to the page's route and comes back to the widget.
    assert f'<input type="hidden" name="next" value="/embed/{article.key}">' in widget


def test_widget_form_fallback_returns_to_the_widget(client, login, make_user, make_article):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    token = token_of(client, f"/embed/{article.key}")
    response = client.post(
        f"/articles/{article.key}/comments",
        data={"body": "Uten skript", "csrf_token": token, "next": f"/embed/{article.key}"},
    )
    assert response.location == f"/embed/{article.key}"
    elsewhere = client.post(
        f"/articles/{article.key}/comments",
        data={"body": "Omdirigert?", "csrf_token": token, "next": "https://evil.example/"},
    )
    assert elsewhere.location.startswith(f"/articles/{article.key}#comment-")


def test_teen_in_the_widget_sees_the_moderation_notice_and_their_waiting_comment(
    client, login, make_article, app
):
    article = make_article()
    login("teen")
    widget = client.get(f"/embed/{article.key}").text
    assert "Your comments are read by a moderator before anyone else can see them" in widget
    token = csrf_from(widget)
    client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Fra widgeten"},
        headers={"X-CSRFToken": token},
    )
    mine = client.get(f"/embed/{article.key}").text
    assert "Fra widgeten" in mine and "waiting for a moderator" in mine
    assert "Fra widgeten" not in shown(app.test_client().get(f"/embed/{article.key}"))


def test_unknown_article_is_created_when_embedded_on_a_publishers_site(client, app):
    app.config["EMBED_KEYS"] = {"https://news.example": "news-key"}
    url = "https://news.example/ny-sak-123"
    response = client.get(
        "/embed/ny-sak-123",
        query_string={
            "title": "Ny sak",
            "url": url,
            "sig": embed_signature("news-key", "ny-sak-123", "Ny sak", url),
        },
        headers={"Referer": "https://news.example/ny-sak-123"},
    )
    assert response.status_code == 200
    article = db.session.scalar(select(Article).where(Article.key == "ny-sak-123"))
    assert article.title == "Ny sak" and article.url == "https://news.example/ny-sak-123"
    assert client.get("/articles/ny-sak-123").status_code == 200


def test_unknown_article_is_not_created_from_anywhere_else(client):
    for headers in (
        {"Referer": "https://evil.example/page"},
        {"Origin": "https://evil.example"},
        {},
    ):
        response = client.get("/embed/fremmed", query_string={"title": "Fremmed"}, headers=headers)
        assert response.status_code == 404
    assert client.get("/articles/fremmed").status_code == 404
    assert db.session.scalar(select(Article).where(Article.key == "fremmed")) is None


def test_anonymous_widget_is_cached_for_every_embedding_page(client, make_article, app):
    article = make_article()
    first = app.test_client().get(
        f"/embed/{article.key}", query_string={"title": "A", "url": "https://news.example/a"}
    )
    second = app.test_client().get(
        f"/embed/{article.key}", query_string={"title": "B", "url": "https://news.example/b"}
    )
    assert first.status_code == second.status_code == 200
    from app import jobs

    keys = list(jobs.connection().scan_iter(match=f"kommentar:page:{article.key}:*"))
    # One rendering per language and time zone, whatever page embeds it.
    assert keys == [f"kommentar:page:{article.key}:embed:oldest:en:Europe/Oslo:en".encode()]


def test_loader_script_creates_the_frame_and_trusts_only_the_services_messages(client):
    script = shown(client.get("/static/embed.js"))
    assert 'document.createElement("iframe")' in script
    assert '"/embed/"' in script and "encodeURIComponent(key)" in script
    assert "?title=" in script and "&url=" in script
    assert "event.origin !== service" in script
    assert '"kommentar:height"' in script
    widget = shown(client.get("/static/widget.js"))
    assert '"kommentar:height"' in widget and "X-CSRFToken" in widget
    assert "/login/facebook" not in widget  # the login link comes from the page itself
