"""Keyed hashes (HMAC-SHA256) that stand in for people where we must not keep who they are."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def _key() -> bytes:
    return current_app.config["PSEUDONYM_KEY"].encode()


def subject_hash(facebook_id: str) -> str:
    """The erasure registry's key for a Facebook id: knows a returning reader, tells nothing."""
    return hmac.new(_key(), b"facebook:" + facebook_id.encode(), hashlib.sha256).hexdigest()


def pseudonym(kind: str, value: int | str) -> str:
    """A short stable pseudonym for audit logs ("user" 42 → "u-3fa9…")."""
    digest = hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0]}-{digest[:16]}"


def token_hash(token: str) -> str:
    """How secret tokens (session cookies, e-mailed links) are stored: never in the clear."""
    return hashlib.sha256(token.encode()).hexdigest()
