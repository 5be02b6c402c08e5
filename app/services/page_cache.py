"""A short-lived cache of what anonymous readers see of a thread, kept in Redis.

Only the anonymous rendering of a thread's first page is cached (the thread page, the
widget and the API listing), for ``TTL_SECONDS``; a logged-in reader always gets a fresh
rendering because they may see their own held comments. Every change to an article's
comments calls :func:`invalidate`. A Redis failure never fails a request: the page is
simply rendered without the cache.

A rendering that started before an invalidation is never stored after it (a generation
counter, checked under WATCH), so an erased or held comment cannot come back from a
page that was being rendered while it went.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

import redis

from app import jobs

log = logging.getLogger(__name__)

TTL_SECONDS = 60
PREFIX = "kommentar:page:"
GENERATION_PREFIX = "kommentar:page-generation:"
GENERATION_TTL_SECONDS = 24 * 3600

# Redis errors, and the socket errors redis-py lets through on some failures.
_FAILURES = (redis.RedisError, OSError)


def key(article_id: int, variant: str) -> str:
    return f"{PREFIX}{article_id}:{variant}"


def _generation_key(article_id: int) -> str:
    return f"{GENERATION_PREFIX}{article_id}"


def get(article_id: int, variant: str) -> bytes | None:
    """The cached rendering, or None (also when Redis cannot be reached)."""
    try:
        value = jobs.connection().get(key(article_id, variant))
    except _FAILURES as exc:
        log.warning("page cache unavailable (%s)", type(exc).__name__)
        return None
    return value if isinstance(value, bytes) else None


def cached(article_id: int, variant: str, render: Callable[[], bytes]) -> bytes:
    """Return the cached rendering, or render it and store it for ``TTL_SECONDS``."""
    hit = get(article_id, variant)
    if hit is not None:
        return hit
    generation = _read_generation(article_id)
    body = render()
    if generation is not False:
        _store(article_id, variant, body, generation)
    return body


def invalidate(article_id: int) -> int:
    """Forget every cached rendering of the article's thread; returns how many went."""
    try:
        conn = jobs.connection()
        pipe = conn.pipeline()
        pipe.incr(_generation_key(article_id))
        pipe.expire(_generation_key(article_id), GENERATION_TTL_SECONDS)
        pipe.execute()
        keys = list(conn.scan_iter(match=f"{PREFIX}{article_id}:*", count=100))
        return int(conn.delete(*keys)) if keys else 0
    except _FAILURES as exc:
        # Nothing stored can outlive TTL_SECONDS, so a missed invalidation heals itself.
        log.warning("page cache not invalidated (%s)", type(exc).__name__)
        return 0


def _read_generation(article_id: int) -> bytes | None | Literal[False]:
    """The article's generation before rendering; False when Redis cannot be reached."""
    try:
        value = jobs.connection().get(_generation_key(article_id))
    except _FAILURES:
        return False
    return value if isinstance(value, bytes) else None


def _store(article_id: int, variant: str, body: bytes, generation: bytes | None) -> None:
    """Store the rendering unless the thread was invalidated while it was being rendered."""
    try:
        with jobs.connection().pipeline() as pipe:
            pipe.watch(_generation_key(article_id))
            if pipe.get(_generation_key(article_id)) != generation:
                return
            pipe.multi()
            pipe.set(key(article_id, variant), body, ex=TTL_SECONDS)
            pipe.execute()
    except redis.WatchError:
        return
    except _FAILURES as exc:
        log.warning("page cache not stored (%s)", type(exc).__name__)
