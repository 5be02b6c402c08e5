"""Only the publisher creates articles: a widget must carry the site's signature."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Article
from app.services import articles
from app.services.articles import embed_signature
from tests.helpers import shown

NEWS_KEY = "news-site-embed-key"


@pytest.fixture
def signing_sites(settings):
    settings["EMBED_KEYS"] = {"https://news.example": NEWS_KEY}
    settings["EMBED_CREATE_PER_HOUR"] = 3


def widget(client, key, title, url, signature=None, **headers):
    query = {"title": title, "url": url}
    if signature is not None:
        query["sig"] = signature
    return client.get(f"/embed/{key}", query_string=query, headers=headers)


def article_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Article))


pytestmark = pytest.mark.usefixtures("signing_sites")


def test_the_publishers_signed_widget_creates_its_article(client):
    url = "https://news.example/valg-2027"
    signature = embed_signature(NEWS_KEY, "valg-2027", "Valget 2027", url)
    assert widget(client, "valg-2027", "Valget 2027", url, signature).status_code == 200
    assert "Valget 2027" in client.get("/").text  # on the front page, as the publisher meant


@pytest.mark.parametrize(
    "headers", [{"Origin": "https://news.example"}, {"Referer": "https://news.example/x"}, {}]
)
def test_faked_origin_or_referer_creates_nothing(client, headers):
    response = widget(client, "reklame", "KJØP NÅ", "https://news.example/reklame", **headers)
    assert response.status_code == 404
    assert article_count() == 0
    assert "KJØP NÅ" not in shown(client.get("/"))


def test_a_tampered_or_foreign_signature_creates_nothing(client):
    url = "https://news.example/sak"
    good = embed_signature(NEWS_KEY, "sak", "Ekte tittel", url)
    assert widget(client, "sak", "Falsk tittel", url, good).status_code == 404  # title changed
    other_url = "https://evil.example/sak"
    assert widget(client, "sak", "Ekte tittel", other_url, good).status_code == 404
    forged = embed_signature("guessed-key", "sak", "Ekte tittel", url)
    assert widget(client, "sak", "Ekte tittel", url, forged).status_code == 404
    assert widget(client, "sak", "Ekte tittel", url, "not-hex").status_code == 404
    assert article_count() == 0


def test_a_site_without_a_key_cannot_create_articles(client):
    url = "https://sport.example/kamp"  # in EMBED_ORIGINS, but no EMBED_KEYS entry
    signature = embed_signature(NEWS_KEY, "kamp", "Kamp", url)
    assert widget(client, "kamp", "Kamp", url, signature).status_code == 404
    assert article_count() == 0


@pytest.mark.parametrize(
    "title", ["To linjer\r\nBcc: offer@example.no", "Linje\nto", "Skjult\u2028linje", "x" * 301]
)
def test_titles_are_one_bounded_line_even_when_signed(client, title):
    url = "https://news.example/sak"
    signature = embed_signature(NEWS_KEY, "sak", title, url)
    assert widget(client, "sak", title, url, signature).status_code == 404
    assert article_count() == 0
    with pytest.raises(articles.InvalidArticle):
        articles.register("sak", title, url)  # nor through the command line


def test_article_creation_is_rate_limited_per_site(client, make_article):
    statuses = []
    for n in range(5):
        key, url = f"sak-{n}", f"https://news.example/sak-{n}"
        statuses.append(
            widget(client, key, f"Sak {n}", url, embed_signature(NEWS_KEY, key, f"Sak {n}", url))
        )
    assert [r.status_code for r in statuses] == [200, 200, 200, 429, 429]
    assert article_count() == 3
    existing = make_article()
    assert client.get(f"/embed/{existing.key}").status_code == 200  # reading is not limited
