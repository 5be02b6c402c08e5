"""Ending a person's login sessions: a use-case of erasure, account deletion and Facebook's
deauthorize callback, so it lives below the web layer (app.auth.sessions logs a browser in
and out; this module only removes rows)."""

from __future__ import annotations

from sqlalchemy import delete

from app.extensions import db
from app.models import LoginSession


def end_all_sessions(user_id: int) -> int:
    """End every session of a person (the caller commits); returns how many there were."""
    result = db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult
