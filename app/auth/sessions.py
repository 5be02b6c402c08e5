"""Server-side login sessions: the cookie holds a random token, the database its hash.

So every session of a person can be ended at once (log out everywhere, Facebook's
deauthorize callback, erasure), from any web process on any machine.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from flask import Request, current_app, g, request, session
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import bindparam, delete, exists, select, update
from sqlalchemy.sql.expression import Executable

from app import clock
from app.extensions import db
from app.models import Article, Comment, LoginSession, User
from app.services.pseudonyms import token_hash

SESSION_KEY = "sid"
TOUCH_EVERY = timedelta(minutes=5)
# The widget's login where third-party cookies are blocked: the login popup (first-party)
# hands the frame a session token by postMessage; the frame sends it in this header.
WIDGET_HEADER = "X-Kommentar-Session"
WIDGET_TOKEN_LIFETIME = timedelta(hours=12)
CSRF_SESSION_FIELD = "csrf_token"  # Flask-WTF's WTF_CSRF_FIELD_NAME default


def init_login_manager(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.request_loader(load_user_from_widget_header)
    manager.login_view = "auth.login_page"
    manager.session_protection = None  # our own server-side session check is stronger


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only while their server-side session exists."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    # One round trip for the session and its reader; it is written at most every
    # TOUCH_EVERY, never on each read. Always asked of the database (never the session's
    # identity map), so an ended session ends at once on every process.
    session_id = token_hash(token)
    article_key = g.pop("presence_asked_for", None)
    if article_key is None:
        found = db.session.execute(_session_reader_statement(), {"session_id": session_id})
    else:  # the same round trip also finds the article and the reader's part in its thread
        found = db.session.execute(
            _session_reader_in_thread_statement(),
            {"session_id": session_id, "article_key": article_key},
        )
    row = found.first()
    if row is None:
        return None
    user, last_seen_at = row[0], row[1]
    if str(user.id) != user_id:
        return None
    if article_key is not None:
        g.presence_in_thread = ThreadPresence(article_id=row[2], has_written=bool(row[3]))
    if clock.now() - last_seen_at > TOUCH_EVERY:
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.id == session_id)
            .values(last_seen_at=clock.now())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return user


@lru_cache(maxsize=1)
def _session_reader_statement() -> Executable:
    """The reader of a session and when it was last seen, built once: a select of an entity
    costs half of ``Session.get()`` with a joined load, whose options are keyed per call."""
    return (
        select(User, LoginSession.last_seen_at)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.id == bindparam("session_id"))
    )


@lru_cache(maxsize=1)
def _session_reader_in_thread_statement() -> Executable:
    article_id = select(Article.id).where(Article.key == bindparam("article_key"))
    written = exists().where(
        Comment.author_id == User.id, Comment.article_id == article_id.scalar_subquery()
    )
    return (
        select(
            User,
            LoginSession.last_seen_at,
            article_id.scalar_subquery().label("article_id"),
            written.label("has_written"),
        )
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.id == bindparam("session_id"))
    )


@dataclass(frozen=True)
class ThreadPresence:
    """What the session lookup found about one article's thread, asked for by
    :func:`ask_presence_in_thread`."""

    article_id: int | None  # None: no article has that key
    has_written: bool  # the reader has a comment there, in any state (held, deleted, ...)


def ask_presence_in_thread(article_key: str) -> None:
    """Have this request's session lookup (when it runs, on the first use of the reader)
    also find the article with this key and whether the reader has written anything in its
    thread: one round trip for both. Read the answer with :func:`presence_in_thread`."""
    g.pop("presence_in_thread", None)
    g.presence_asked_for = article_key


def presence_in_thread() -> ThreadPresence | None:
    """The answer to :func:`ask_presence_in_thread`; None when the reader was not loaded from
    a session cookie after it was asked (anonymous, a widget token, loaded before)."""
    return g.get("presence_in_thread")


def load_user_from_widget_header(req: Request) -> User | None:
    """The reader whose widget token is in the request's header, while it is fresh."""
    row = _widget_session(req)
    return row.user if row is not None else None


def _widget_session(req: Request) -> LoginSession | None:
    token = req.headers.get(WIDGET_HEADER, "")
    if not token or len(token) > 128:
        return None
    row = db.session.get(LoginSession, token_hash(token))
    if row is None or clock.now() - row.created_at > WIDGET_TOKEN_LIFETIME:
        return None
    return row


def issue_widget_token(user: User) -> str:
    """A fresh, short-lived session for the widget frame (a separate row: ended on its own)."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id=token_hash(token), user_id=user.id))
    db.session.commit()
    return token


def bind_csrf_to_widget_token() -> None:
    """Before CSRF checks: a frame without cookies keeps one CSRF secret per widget token.

    Without cookies every request of the frame starts a new, empty session, so Flask-WTF
    would find no CSRF secret to check the X-CSRFToken header against. The secret is derived
    from the token (only its holder can produce matching CSRF tokens); a session that has a
    secret of its own (cookies work) keeps it.
    """
    token = request.headers.get(WIDGET_HEADER)
    if not token or CSRF_SESSION_FIELD in session or _widget_session(request) is None:
        return
    key = str(current_app.config["SECRET_KEY"]).encode()
    session[CSRF_SESSION_FIELD] = hmac.new(
        key, b"widget-csrf:" + token.encode(), hashlib.sha256
    ).hexdigest()


def start_session(user: User) -> None:
    """Log the user in with a fresh session (a new cookie: no session fixation)."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id=token_hash(token), user_id=user.id))
    db.session.commit()
    session[SESSION_KEY] = token
    login_user(user)


def end_session() -> None:
    """Log out this browser (and the widget token it sent, if any)."""
    for token in (session.get(SESSION_KEY), request.headers.get(WIDGET_HEADER)):
        if isinstance(token, str) and token:
            db.session.execute(delete(LoginSession).where(LoginSession.id == token_hash(token)))
    db.session.commit()
    logout_user()
    session.clear()

