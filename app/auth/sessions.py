"""Server-side login sessions: the cookie holds a random token, the database its hash.

So every session of a person can be ended at once (log out everywhere, Facebook's
deauthorize callback, erasure), from any web process on any machine.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import session
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import delete
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import LoginSession, User
from app.services.pseudonyms import token_hash

SESSION_KEY = "sid"
TOUCH_EVERY = timedelta(minutes=5)


def init_login_manager(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "auth.login_page"
    manager.session_protection = None  # our own server-side session check is stronger


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only while their server-side session exists."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    # One round trip for the session and its reader; it is written at most every
    # TOUCH_EVERY, never on each read.
    row = db.session.get(LoginSession, token_hash(token), options=[joinedload(LoginSession.user)])
    if row is None or str(row.user_id) != user_id:
        return None
    if clock.now() - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = clock.now()
        db.session.commit()
    return row.user


def start_session(user: User) -> None:
    """Log the user in with a fresh session (a new cookie: no session fixation)."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id=token_hash(token), user_id=user.id))
    db.session.commit()
    session[SESSION_KEY] = token
    login_user(user)


def end_session() -> None:
    """Log out this browser."""
    token = session.get(SESSION_KEY)
    if isinstance(token, str):
        db.session.execute(delete(LoginSession).where(LoginSession.id == token_hash(token)))
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sessions(user_id: int) -> int:
    """End every session of a person (the caller commits); returns how many there were."""
    result = db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult
