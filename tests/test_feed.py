"""The article's Atom feed: public comments only, safely escaped."""

from __future__ import annotations

from xml.etree import ElementTree

from app.models import AgeClass, CommentStatus
from tests.factories import make_comment

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, key: str) -> list[str]:
    response = client.get(f"/articles/{key}/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    return [e.findtext(f"{ATOM}content") for e in feed.iter(f"{ATOM}entry")]


def test_the_feed_carries_published_comments_and_never_held_ones(client, make_user, make_article):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Voksen mening")
    make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Barnets tekst")
    make_comment(article, make_user(AgeClass.ADULT), "Avvist", CommentStatus.REJECTED)
    held = make_comment(article, make_user(AgeClass.ADULT), "På vent", CommentStatus.PUBLISHED)
    held.guardian_hold = True
    from app.extensions import db

    db.session.commit()
    texts = " ".join(entries(client, article.key))
    assert "Voksen mening" in texts
    assert "Barnets tekst" not in texts and "Avvist" not in texts and "På vent" not in texts


def test_the_feed_escapes_names_and_bodies(client, make_user, make_article):
    article = make_article(title="<script>alert(1)</script>")
    author = make_user(AgeClass.ADULT, name="<img src=x onerror=alert(1)>")
    make_comment(article, author, "a < b & c")
    response = client.get(f"/articles/{article.key}/feed.atom")
    assert b"<script>" not in response.data and b"<img" not in response.data
    assert entries(client, article.key) == ["<p>a &lt; b &amp; c</p>"]


def test_the_thread_page_points_to_its_feed(client, make_article):
    article = make_article()
    assert f"/articles/{article.key}/feed.atom" in client.get(f"/articles/{article.key}").text


def test_unknown_article_has_no_feed(client):
    assert client.get("/articles/no-such-article/feed.atom").status_code == 404
