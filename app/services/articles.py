"""Articles: registered by the publisher, or created on first view from an embedding site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Article

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")


class InvalidArticle(ValueError):
    pass


def valid_key(key: str) -> bool:
    return bool(KEY_PATTERN.match(key))


def get(key: str) -> Article | None:
    if not valid_key(key):
        return None
    return db.session.scalar(select(Article).where(Article.key == key))


def _check(key: str, title: str, url: str | None) -> None:
    if not valid_key(key):
        raise InvalidArticle("an article key is 1-200 letters, digits or . _ : -")
    if not title.strip() or len(title) > 300:
        raise InvalidArticle("a title is 1-300 characters")
    if url is not None and (urlsplit(url).scheme not in ("http", "https") or len(url) > 2000):
        raise InvalidArticle("an article URL is an http(s) address")


def register(key: str, title: str, url: str | None) -> Article:
    """Create or update an article by the publisher's key."""
    _check(key, title, url)
    article = get(key)
    if article is None:
        article = Article(key=key, title=title.strip(), url=url)
        db.session.add(article)
    else:
        article.title, article.url = title.strip(), url
    db.session.commit()
    return article


def get_or_create_for_origin(
    key: str, origin: str | None, title: str | None, url: str | None
) -> Article | None:
    """An article seen for the first time in a widget on a site in EMBED_ORIGINS is created."""
    from flask import current_app

    article = get(key)
    if article is not None or not valid_key(key):
        return article
    if not origin or origin.rstrip("/") not in current_app.config["EMBED_ORIGINS"]:
        return None
    if url and not _same_origin(url, origin):
        url = None
    try:
        _check(key, title or key, url)
    except InvalidArticle:
        return None
    article = Article(key=key, title=(title or key).strip()[:300], url=url)
    db.session.add(article)
    try:
        db.session.commit()
    except IntegrityError:  # another request created it first
        db.session.rollback()
        article = get(key)
    return article


def _same_origin(url: str, origin: str) -> bool:
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)
