"""A short-lived cache of what anonymous readers see of a thread, kept in Redis.

Only the anonymous rendering of a thread's first page is cached (the thread page, the
widget and the API listing), for ``TTL_SECONDS``; a logged-in reader gets a fresh rendering
where they have written in the thread (they may see their own held comments), and the API's
anonymous one where they have not (it is exactly what they would see). Every change to an
article's comments calls :func:`invalidate`. A Redis failure never fails a request: the page
is simply rendered without the cache.

Renderings are keyed by the article's *key* (the one in the URL), so a hit is one Redis
GET and no database round trip at all. Each article (by id) keeps the set of its cached keys, so
invalidating costs the same however much else Redis holds (RQ jobs, rate-limit counters):
no SCAN. A rendering that started before an invalidation is never stored after it (a
generation counter, checked under WATCH), so an erased or held comment cannot come back
from a page that was being rendered while it went.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import redis
from redis.commands.core import Script
from sqlalchemy import event

from app import jobs
from app.extensions import db
from app.models import Article

log = logging.getLogger(__name__)

TTL_SECONDS = 60
PREFIX = "kommentar:page:"
KEYS_PREFIX = "kommentar:page-keys:"
GENERATION_PREFIX = "kommentar:page-generation:"
COUNT_PREFIX = "kommentar:page-count:"
GENERATION_TTL_SECONDS = 24 * 3600

# Redis errors, and the socket errors redis-py lets through on some failures.
_FAILURES = (redis.RedisError, OSError)

# The generation when Redis cannot be reached: render, but do not store.
UNREACHABLE = object()


def key(article_key: str, variant: str) -> str:
    return f"{PREFIX}{article_key}:{variant}"


def _keys_key(article_id: int) -> str:
    return f"{KEYS_PREFIX}{article_id}"


def _generation_key(article_id: int) -> str:
    return f"{GENERATION_PREFIX}{article_id}"


def get(article_key: str, variant: str, connection: redis.Redis | None = None) -> bytes | None:
    """The cached rendering, or None (also when Redis cannot be reached). Asked first, before
    the article is looked up: a hit is one GET and no database round trip.

    ``connection``: the app's Redis connection, for a caller outside an app context (the
    front door in app/ops/fast_reads.py)."""
    return _get(key(article_key, variant), connection)


def _get(cache_key: str, connection: redis.Redis | None = None) -> bytes | None:
    try:
        value = (connection or jobs.connection()).get(cache_key)
    except _FAILURES as exc:
        log.warning("page cache unavailable (%s)", type(exc).__name__)
        return None
    return value if isinstance(value, bytes) else None


def fill(article: Article, variant: str, render: Callable[[], bytes]) -> bytes:
    """Render the article's page and keep it for ``TTL_SECONDS`` (after a miss)."""
    return _fill(article.id, key(article.key, variant), render)


def fill_by_id(
    article_id: int, article_key: str, variant: str, render: Callable[[], bytes]
) -> bytes:
    """:func:`fill` for an article known by its id and key, without loading it."""
    return _fill(article_id, key(article_key, variant), render)


def _fill(article_id: int, cache_key: str, render: Callable[[], bytes]) -> bytes:
    generation = _read_generation(article_id)  # before rendering reads the thread
    body = render()
    if generation is not UNREACHABLE:
        _store(article_id, cache_key, body, generation)
    return body


def cached(article: Article, variant: str, render: Callable[[], bytes]) -> bytes:
    """Return the cached rendering, or render it and store it for ``TTL_SECONDS``."""
    hit = get(article.key, variant)
    return hit if hit is not None else fill(article, variant, render)


def count(article: Article, compute: Callable[[], int]) -> int:
    """The article's public comment count, kept like a rendering (and invalidated with them):
    every reader's thread page shows it, logged in or not, and counting a 50,000-comment
    thread again for each would make the page's time grow with the thread."""
    count_key = f"{COUNT_PREFIX}{article.id}"
    hit = _get(count_key)
    if hit is not None and hit.isdigit():
        return int(hit)
    return int(_fill(article.id, count_key, lambda: str(int(compute())).encode("ascii")))


def invalidate(article_id: int) -> int:
    """Forget every cached rendering of the article's thread (and its count); returns how many
    renderings went.

    One round trip (a script Redis runs atomically: nothing is stored between its steps).
    Never touches the database (it also runs in after-commit hooks).
    """
    try:
        gone = _invalidation_script()(
            keys=[_generation_key(article_id), _keys_key(article_id)],
            args=[GENERATION_TTL_SECONDS, COUNT_PREFIX],
            client=jobs.connection(),
        )
        return int(gone)
    except _FAILURES as exc:
        # Nothing stored can outlive TTL_SECONDS, so a missed invalidation heals itself.
        log.warning("page cache not invalidated (%s)", type(exc).__name__)
        return 0


# A new generation (a rendering begun before it is not stored: see _store), then every
# tracked rendering and count, and the set that tracked them; the renderings deleted are
# counted. Run by its digest (EVALSHA): the text is sent once per connection at most.
_INVALIDATE = """
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
local renderings = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    local deleted = redis.call('DEL', member)
    if string.sub(member, 1, #ARGV[2]) ~= ARGV[2] then
        renderings = renderings + deleted
    end
end
redis.call('DEL', KEYS[2])
return renderings
"""
_script: Script | None = None


def _invalidation_script() -> Script:
    global _script
    if _script is None:
        _script = Script(None, _INVALIDATE.encode())  # type: ignore[arg-type]  # client per call
    return _script


def invalidate_pages(article_ids: Iterable[int], *, again_after_commit: bool = False) -> int:
    """Forget the cached pages of these articles; returns how many went.

    With ``again_after_commit``, once more after the caller's transaction commits: a page
    rendered in between, from rows not yet committed away, is not kept. The one helper for
    every change that touches several threads (holding, decisions, erasure).
    """
    ids = sorted(set(article_ids))
    gone = sum(invalidate(article_id) for article_id in ids)
    if again_after_commit and ids:
        event.listen(db.session(), "after_commit", lambda _s: invalidate_pages(ids), once=True)
    return gone


def _read_generation(article_id: int) -> object:
    """The article's generation before rendering; UNREACHABLE when Redis cannot be reached."""
    try:
        value = jobs.connection().get(_generation_key(article_id))
    except _FAILURES:
        return UNREACHABLE
    return value if isinstance(value, bytes) else None


def _store(article_id: int, page_key: str, body: bytes, generation: object) -> None:
    """Store the rendering unless the thread was invalidated while it was being rendered."""
    try:
        with jobs.connection().pipeline() as pipe:
            pipe.watch(_generation_key(article_id))
            if pipe.get(_generation_key(article_id)) != generation:
                return
            pipe.multi()
            pipe.set(page_key, body, ex=TTL_SECONDS)
            pipe.sadd(_keys_key(article_id), page_key)
            # The set outlives its members by a little; expired members are harmless to DEL.
            pipe.expire(_keys_key(article_id), TTL_SECONDS * 2)
            pipe.execute()
    except redis.WatchError:
        return
    except _FAILURES as exc:
        log.warning("page cache not stored (%s)", type(exc).__name__)
