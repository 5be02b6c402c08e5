"""HTTP caching of what anonymous readers see, so a CDN or Varnish can absorb a spike.

An anonymous answer carries a strong ETag (a conditional request gets 304) and
``Cache-Control: public`` with deliberately short lifetimes: a comment that is taken out of
public view (a guardian hold, a moderator's removal, an erasure) may still be served by a
browser or shared cache for at most ``MAX_AGE_SECONDS`` + ``STALE_SECONDS`` (browsers) or
``SHARED_MAX_AGE_SECONDS`` + ``STALE_SECONDS`` (shared caches): 20 seconds. A held
comment is never in an anonymous answer at all. ``Vary: Cookie`` keeps a shared cache
from giving a logged-in reader's request the anonymous answer, and logged-in answers are
``private, no-store``: never kept anywhere.
"""

from __future__ import annotations

import hashlib

from flask import Response, request

MAX_AGE_SECONDS = 5
SHARED_MAX_AGE_SECONDS = 10
STALE_SECONDS = 10
CACHE_CONTROL = (
    f"public, max-age={MAX_AGE_SECONDS}, s-maxage={SHARED_MAX_AGE_SECONDS}, "
    f"stale-while-revalidate={STALE_SECONDS}"
)


def etag_of(body: bytes) -> str:
    """A strong ETag for an answer's body."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def public(response: Response) -> Response:
    """Mark an anonymous answer cacheable, with an ETag; answer 304 when it matches."""
    response.set_etag(etag_of(response.get_data()))
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.vary.add("Cookie")
    response.make_conditional(request)  # a 304 in place, when the ETag matches
    return response


def private(response: Response) -> Response:
    """A logged-in reader's answer: kept by no cache."""
    response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    return response
