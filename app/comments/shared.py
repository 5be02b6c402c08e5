"""What the thread pages and the JSON API share: who is reading, the posting and reporting
budgets, and the ``?thread=`` parameter."""

from __future__ import annotations

from flask import abort, request, session
from flask_login import current_user

from app.auth.sessions import SESSION_KEY, WIDGET_HEADER
from app.extensions import limiter
from app.models import User
from app.web import parse_id

# Posting is shared by the thread page and the API: one budget per reader (or address).
POSTING_LIMITS = "10 per minute; 100 per hour"  # new comments and edits alike
REPORTING_LIMITS = "30 per hour"


# Keyed on the reader when logged in, else the address (keyed hashes: app/services/rate_limits).
posting_limit = limiter.shared_limit(POSTING_LIMITS, scope="post-comment")
reporting_limit = limiter.shared_limit(REPORTING_LIMITS, scope="report")


def viewer() -> User | None:
    """The logged-in reader, or None."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def reader() -> User:
    """The logged-in reader (behind login_required)."""
    return current_user._get_current_object()


def reader_may_be_present() -> bool:
    """The request carries a login (cookie session or widget token): the database is asked
    who it is, so a read begins before the view knows whether the cache can answer."""
    return bool(session.get(SESSION_KEY)) or WIDGET_HEADER in request.headers


def thread_parameter() -> int | None:
    """The top-level comment whose replies were asked for (``?thread=<id>``), if any."""
    raw = request.args.get("thread")
    if raw is None:
        return None
    comment_id = parse_id(raw)
    if comment_id is None:
        abort(404, description="That comment is not available.")
    return comment_id
