"""What an anonymous reader sees of a thread, on every public surface (no tests here).

The thread page, the widget and the API listing are served from the page cache when it is
warm (anonymous first pages are cached), so reading them before a change warms the cache
and reading them after proves the change reached the cached copies too.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from app.models import Article

SURFACES = ("page", "widget", "api", "feed")


@dataclass(frozen=True)
class PublicView:
    page: str
    widget: str
    api: str
    feed: str

    def shows(self, text: str) -> list[str]:
        """The surfaces on which ``text`` appears."""
        return [name for name in SURFACES if text in getattr(self, name)]


def public_view(app: Flask, article: Article) -> PublicView:
    """Read every public surface of the article's thread as a reader who is not logged in."""
    anonymous = app.test_client()
    key = article.key
    responses = {
        "page": anonymous.get(f"/articles/{key}"),
        "widget": anonymous.get(f"/embed/{key}"),
        "api": anonymous.get(f"/api/v1/articles/{key}/comments"),
        "feed": anonymous.get(f"/articles/{key}/feed.atom"),
    }
    for name, response in responses.items():
        assert response.status_code == 200, (name, response.status_code)
    # The API escapes <, > and &: compare on the decoded JSON's text.
    api = responses["api"].get_json()
    api_text = " ".join(
        f"{c['author_name']} {c['body_html']}" for c in api["comments"] if c is not None
    )
    return PublicView(
        page=responses["page"].text,
        widget=responses["widget"].text,
        api=api_text,
        feed=responses["feed"].text,
    )
