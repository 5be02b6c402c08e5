"""Articles: registered by the publisher, or created on first view of a widget it signed."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.extensions import db
from app.models import Article
from app.services import sanitize

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")


class InvalidArticle(ValueError):
    pass


def valid_key(key: str) -> bool:
    return bool(KEY_PATTERN.match(key))


def get(key: str) -> Article | None:
    if not valid_key(key):
        return None
    return db.session.scalar(select(Article).where(Article.key == key))


TITLE_MAX_LENGTH = 300  # the column
_LINE_BREAKS = ("\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def valid_title(title: str) -> bool:
    """One line of visible text: titles go into pages, feeds and mail."""
    return (
        bool(title.strip())
        and len(title) <= TITLE_MAX_LENGTH
        and not any(ch in title for ch in _LINE_BREAKS)
        and not sanitize.has_forbidden_characters(title)
    )


def _check(key: str, title: str, url: str | None) -> None:
    if not valid_key(key):
        raise InvalidArticle("an article key is 1-200 letters, digits or . _ : -")
    if not valid_title(title):
        raise InvalidArticle(f"a title is one line of 1-{TITLE_MAX_LENGTH} characters")
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


class TooManyNewArticles(Exception):
    """A site created EMBED_CREATE_PER_HOUR articles in the last hour already."""


def embed_signature(site_key: str, key: str, title: str, url: str) -> str:
    """What a publisher puts in ``data-signature``: HMAC-SHA256 of key, title and URL, hex.

    Computed by the publisher's own server with its EMBED_KEYS key; embed.js passes it on.
    """
    message = "\n".join((key, title, url)).encode("utf-8")
    return hmac.new(site_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def get_or_create_for_embed(
    key: str, title: str | None, url: str | None, signature: str | None
) -> Article | None:
    """An unknown article is created on first view only when its publisher signed it.

    The widget's parameters prove nothing by themselves (Origin and Referer are easy to fake):
    the site whose origin the article URL is on must be in EMBED_ORIGINS, have a key in
    EMBED_KEYS, and have signed exactly this key, title and URL. Each site creates at most
    EMBED_CREATE_PER_HOUR articles an hour (TooManyNewArticles).
    """
    article = get(key)
    if article is not None or not valid_key(key):
        return article
    if not (title and url and signature) or len(signature) != 64:
        return None
    origin = _origin(url)
    if origin is None:
        return None
    config = current_app.config
    site_key = config["EMBED_KEYS"].get(origin) if origin in config["EMBED_ORIGINS"] else None
    if not site_key:
        return None
    expected = embed_signature(site_key, key, title, url)
    if not hmac.compare_digest(signature.lower().encode(), expected.encode()):
        return None
    try:
        _check(key, title, url)
    except InvalidArticle:
        return None
    since = clock.now() - timedelta(hours=1)
    created = db.session.scalar(
        select(func.count())
        .select_from(Article)
        .where(Article.created_at > since, Article.url.startswith(origin + "/", autoescape=True))
    )
    if (created or 0) >= config["EMBED_CREATE_PER_HOUR"]:
        raise TooManyNewArticles(origin)
    article = Article(key=key, title=title.strip(), url=url)
    db.session.add(article)
    try:
        db.session.commit()
    except IntegrityError:  # another request created it first
        db.session.rollback()
        article = get(key)
    return article


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"
