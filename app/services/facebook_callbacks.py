"""Facebook's server-to-server callbacks: verifying ``signed_request`` and acting on it.

Verification follows Facebook's documentation for the data-deletion and deauthorize
callbacks: split on the first ".", base64url-decode both halves (padding restored), the
JSON payload names the algorithm ``HMAC-SHA256``, and the signature is HMAC-SHA256 with the
app secret over the payload exactly as received, compared in constant time.

A captured callback must not work twice: ``issued_at`` must be fresh (at most
``FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS`` old, at most ``FACEBOOK_SIGNED_REQUEST_SKEW_SECONDS``
ahead), and each accepted ``signed_request`` is remembered as a keyed hash until it is stale.
The same one again (a replay, or Facebook retrying an answer it lost) changes nothing: it is
answered as the first time was, so a person who came back is never erased by an old notice.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.extensions import db
from app.models import ErasureRequest, ErasureTrigger, SeenSignedRequest, User
from app.services import erasure, sessions

log = logging.getLogger(__name__)

MAX_SIGNED_REQUEST_LENGTH = 8192
MAX_USER_ID_LENGTH = 64
ALGORITHM = "HMAC-SHA256"


DATA_DELETION = "data_deletion"
DEAUTHORIZE = "deauthorize"


class InvalidSignedRequest(ValueError):
    """The signed_request is missing, malformed, wrongly signed or names no user."""


class StaleSignedRequest(InvalidSignedRequest):
    """The signed_request has no ``issued_at``, or one too old or too far ahead."""


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


@dataclass(frozen=True)
class Callback:
    facebook_id: str
    issued_at: datetime
    digest: str  # keyed hash of the signed_request: how a replay is recognised


def _verified(signed_request: Any) -> Callback:
    secret = current_app.config.get("FACEBOOK_CLIENT_SECRET")
    if not secret:
        raise InvalidSignedRequest("no app secret configured")
    payload = parse_signed_request(signed_request, secret)
    issued_at = _fresh_issued_at(payload.get("issued_at"))
    return Callback(payload["user_id"], issued_at, _digest(signed_request))


def _digest(signed_request: str) -> str:
    """A keyed hash of the signed payload (the part the signature binds: a re-encoded
    signature is the same notice); the table tells nothing without PSEUDONYM_KEY."""
    payload = signed_request.split(".", 1)[1]
    return hmac.new(
        current_app.config["PSEUDONYM_KEY"].encode(),
        b"signed_request:" + payload.encode("ascii"),
        hashlib.sha256,
    ).hexdigest()


def _fresh_issued_at(value: Any) -> datetime:
    """``issued_at`` (Unix seconds) as naive UTC, if within the accepted window."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise StaleSignedRequest("no issued_at")
    now = clock.now()
    max_age = current_app.config["FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS"]
    skew = current_app.config["FACEBOOK_SIGNED_REQUEST_SKEW_SECONDS"]
    try:
        issued_at = datetime(1970, 1, 1) + timedelta(seconds=value)
    except OverflowError:
        raise StaleSignedRequest("issued_at out of range") from None
    if issued_at < now - timedelta(seconds=max_age):
        raise StaleSignedRequest("stale")
    if issued_at > now + timedelta(seconds=skew):
        raise StaleSignedRequest("issued in the future")
    return issued_at


def _seen(digest: str) -> SeenSignedRequest | None:
    return db.session.get(SeenSignedRequest, digest)


def _remember(callback: Callback, kind: str, erasure_request_id: int | None = None) -> bool:
    """Record an accepted callback in the caller's transaction and commit; False when the
    same one was accepted meanwhile (nothing of this transaction is kept then)."""
    db.session.add(
        SeenSignedRequest(
            digest=callback.digest,
            callback=kind,
            issued_at=callback.issued_at,
            erasure_request_id=erasure_request_id,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def data_deletion(signed_request: Any) -> ErasureRequest:
    """Facebook asks us to delete a person's data: the erasure's receipt (a replay: the
    receipt the first delivery got, and nothing else happens)."""
    callback = _verified(signed_request)
    for _ in range(2):
        seen = _seen(callback.digest)
        if seen is not None:
            receipt = (
                db.session.get(ErasureRequest, seen.erasure_request_id)
                if seen.erasure_request_id is not None
                else None
            )
            if receipt is None:
                raise InvalidSignedRequest("replayed")
            log.info("data-deletion callback replayed; receipt %s shown again", receipt.id)
            return receipt
        request = erasure.request_erasure(
            None, ErasureTrigger.FACEBOOK, facebook_id=callback.facebook_id
        )
        if _remember(callback, DATA_DELETION, request.id):
            return request
    raise InvalidSignedRequest("replayed")


def deauthorize_callback(signed_request: Any) -> int:
    """The person removed our app on Facebook: their sessions end (a replay: nothing)."""
    callback = _verified(signed_request)
    if _seen(callback.digest) is not None or not _remember(callback, DEAUTHORIZE):
        log.info("deauthorize callback replayed; nothing done")
        return 0
    return deauthorize(callback.facebook_id)


def forget_stale() -> int:
    """Retention: accepted callbacks older than the window would be refused as stale anyway."""
    cutoff = clock.now() - timedelta(
        seconds=current_app.config["FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS"]
    )
    result = db.session.execute(
        delete(SeenSignedRequest)
        .where(SeenSignedRequest.issued_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult


def deauthorize(facebook_id: str) -> int:
    """The person removed our app on Facebook: every session of theirs ends now."""
    user = db.session.scalar(select(User).where(User.facebook_id == facebook_id))
    if user is None:
        return 0
    ended = sessions.end_all_sessions(user.id)
    db.session.commit()
    log.info("reader %s deauthorized the app; %s session(s) ended", user.id, ended)
    return ended
