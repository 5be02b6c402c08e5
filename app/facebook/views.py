"""Facebook's data-deletion and deauthorize callbacks, and the deletion status page.

Facebook posts the two callbacks from its servers, without our CSRF token: they are exempt
from CSRF (only these two) and authenticate by the HMAC-signed ``signed_request`` instead.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from app.extensions import csrf, limiter
from app.models import ErasureState
from app.services import erasure, facebook_callbacks

bp = Blueprint("facebook", __name__)

CALLBACK_LIMIT = "30/minute"
STATUS_LIMIT = "60/minute"

# Plain words for the receipt's counts, in the order they are shown.
CONTEXT_LABELS = {
    "users": "account",
    "login_sessions": "logins ended",
    "comments_deleted": "comments deleted",
    "comments_tombstoned": "comments emptied (replies by others keep their place)",
    "reports": "reports",
    "feedback_messages": "messages sent through the contact form",
    "reply_subscriptions": "e-mail subscriptions",
    "outgoing_mail": "e-mails",
    "age_signals": "age information",
    "moderator_grants": "moderator role",
    "moderator_links": "moderation records unlinked",
    "guardian_cases": "guardian requests unlinked",
    "cached_pages": "cached pages",
    "queued_jobs": "queued background jobs",
    "tasks": "background work records",
}


def _bad_callback(exc: Exception):
    if isinstance(exc, facebook_callbacks.StaleSignedRequest):
        message = "Stale signed_request: issued_at is missing, too old or in the future."
    else:
        message = "Invalid signed_request."
    return jsonify(error={"status": 400, "message": message}), 400


@bp.post("/facebook/data-deletion")
@csrf.exempt
@limiter.limit(CALLBACK_LIMIT)
def data_deletion():
    """Facebook asks us to delete a user's data; answer where to follow it, and a code."""
    try:
        receipt = facebook_callbacks.data_deletion(request.form.get("signed_request"))
    except facebook_callbacks.InvalidSignedRequest as exc:
        return _bad_callback(exc)
    return jsonify(
        url=f"{current_app.config['PUBLIC_URL']}/deletion/{receipt.code}",
        confirmation_code=receipt.code,
    )


@bp.post("/facebook/deauthorize")
@csrf.exempt
@limiter.limit(CALLBACK_LIMIT)
def deauthorize():
    """The person removed our app on Facebook: log them out everywhere."""
    try:
        facebook_callbacks.deauthorize_callback(request.form.get("signed_request"))
    except facebook_callbacks.InvalidSignedRequest as exc:
        return _bad_callback(exc)
    return jsonify(status="ok")


@bp.get("/deletion/<code>")
@limiter.limit(STATUS_LIMIT)
def deletion_status(code: str):
    """Where an erasure stands, in plain words; nothing about the person."""
    receipt = erasure.by_code(code)
    if receipt is None:
        abort(404, description="We know of no deletion with that confirmation code.")
    counts = receipt.counts or {}
    rows = [(label, counts[key]) for key, label in CONTEXT_LABELS.items() if counts.get(key)]
    rows += [(key.replace("_", " "), n) for key, n in counts.items() if key not in CONTEXT_LABELS]
    return render_template(
        "facebook/deletion_status.html", receipt=receipt, rows=rows, states=ErasureState
    )
