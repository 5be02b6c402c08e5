"""Rate-limit keys: keyed hashes, never an IP address or a user id, and purged on erasure.

Flask-Limiter files its counters (in Redis: ``LIMITS:LIMITER/<key>/<scope>/…``) under the
key these functions return: ``u-<hash>`` for a logged-in reader (the same keyed hash the
audit log uses), ``a-<hash>`` for anyone else (a keyed hash of the address). Counters live
an hour at most; :func:`purge_reader` deletes a reader's counters when they are erased.
"""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_login import current_user

from app.services import pseudonyms

log = logging.getLogger(__name__)

KEY_PREFIX = "LIMITER/"  # Flask-Limiter's prefix inside the storage (Redis adds "LIMITS:")


def reader_key(user_id: int) -> str:
    return pseudonyms.pseudonym("user", user_id)


def address_key() -> str:
    return pseudonyms.pseudonym("address", request.remote_addr or "unknown")


def client_key() -> str:
    """The limiter's key for this request: the reader when logged in, else the address."""
    if current_user and current_user.is_authenticated:
        return reader_key(int(current_user.get_id()))
    return address_key()


def purge_reader(user_id: int) -> int:
    """Delete every rate-limit counter filed under this reader; returns how many went.

    Works on the limiter's own storage: Redis (scanned by key pattern) or, in a single
    process, the in-memory storage. A storage failure counts as nothing deleted (the
    counters expire within the hour anyway).
    """
    needle = f"{KEY_PREFIX}{reader_key(user_id)}/"
    removed = 0
    for limiter in current_app.extensions.get("limiter", ()):
        try:
            storage = limiter.storage
        except AssertionError:  # not initialised for this app
            continue
        try:
            removed += _purge(storage, needle)
        except Exception as exc:  # noqa: BLE001 - a storage outage must not stop an erasure
            log.warning("rate-limit counters not purged (%s)", type(exc).__name__)
    return removed


def _purge(storage: object, needle: str) -> int:
    connection = getattr(storage, "get_connection", None)
    if connection is not None:  # Redis
        conn = connection()
        prefix = getattr(storage, "key_prefix", "LIMITS")
        keys = list(conn.scan_iter(match=f"{prefix}:{needle}*", count=1000))
        return int(conn.delete(*keys)) if keys else 0
    removed = 0
    for store in ("storage", "events", "expirations"):  # limits' MemoryStorage
        keys = [key for key in list(getattr(storage, store, {}) or {}) if needle in key]
        for key in keys:
            storage.clear(key)  # type: ignore[attr-defined]
            removed += 1
    return removed
