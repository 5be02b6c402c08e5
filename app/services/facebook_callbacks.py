"""Facebook's server-to-server callbacks: verifying ``signed_request`` and acting on it.

Verification follows Facebook's documentation for the data-deletion and deauthorize
callbacks: split on the first ".", base64url-decode both halves (padding restored), the
JSON payload names the algorithm ``HMAC-SHA256``, and the signature is HMAC-SHA256 with the
app secret over the payload exactly as received, compared in constant time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.auth import sessions
from app.extensions import db
from app.models import User

log = logging.getLogger(__name__)

MAX_SIGNED_REQUEST_LENGTH = 8192
MAX_USER_ID_LENGTH = 64
ALGORITHM = "HMAC-SHA256"


class InvalidSignedRequest(ValueError):
    """The signed_request is missing, malformed, wrongly signed or names no user."""


def _b64url_decode(text: str) -> bytes:
    """Base64url without padding, as Facebook sends it; anything else is refused."""
    try:
        raw = text.encode("ascii")
        return base64.b64decode(raw + b"=" * (-len(raw) % 4), altchars=b"-_", validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise InvalidSignedRequest("not base64url") from None


def parse_signed_request(signed_request: Any, secret: str) -> dict[str, Any]:
    """The verified payload of a ``signed_request``; raises InvalidSignedRequest otherwise."""
    if not isinstance(signed_request, str) or not signed_request:
        raise InvalidSignedRequest("missing")
    if len(signed_request) > MAX_SIGNED_REQUEST_LENGTH or "." not in signed_request:
        raise InvalidSignedRequest("malformed")
    encoded_signature, encoded_payload = signed_request.split(".", 1)
    if not encoded_signature or not encoded_payload:
        raise InvalidSignedRequest("malformed")
    signature = _b64url_decode(encoded_signature)
    payload_bytes = _b64url_decode(encoded_payload)
    expected = hmac.new(
        secret.encode("utf-8"), encoded_payload.encode("ascii"), hashlib.sha256
    ).digest()
    if not hmac.compare_digest(signature, expected):
        raise InvalidSignedRequest("bad signature")
    try:
        payload = json.loads(payload_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidSignedRequest("payload is not JSON") from None
    if not isinstance(payload, dict):
        raise InvalidSignedRequest("payload is not an object")
    algorithm = payload.get("algorithm")
    if not isinstance(algorithm, str) or algorithm.upper() != ALGORITHM:
        raise InvalidSignedRequest("unexpected algorithm")
    user_id = payload.get("user_id")
    if (
        not isinstance(user_id, str)
        or not user_id.isascii()
        or not user_id.isdigit()
        or len(user_id) > MAX_USER_ID_LENGTH
    ):
        raise InvalidSignedRequest("no user_id")
    return payload


def verified_user_id(signed_request: Any) -> str:
    """The app-scoped Facebook user id a valid callback is about."""
    secret = current_app.config.get("FACEBOOK_CLIENT_SECRET")
    if not secret:
        raise InvalidSignedRequest("no app secret configured")
    return parse_signed_request(signed_request, secret)["user_id"]


def deauthorize(facebook_id: str) -> int:
    """The person removed our app on Facebook: every session of theirs ends now."""
    user = db.session.scalar(select(User).where(User.facebook_id == facebook_id))
    if user is None:
        return 0
    ended = sessions.end_all_sessions(user.id)
    db.session.commit()
    log.info("reader %s deauthorized the app; %s session(s) ended", user.id, ended)
    return ended
