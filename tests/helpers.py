"""Small helpers the test modules share: a page's CSRF token, a free port, a page shown, the
SQL a block sent."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.test import TestResponse

from app.extensions import db

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_from(page: str) -> str:
    """The token every HTML page carries in ``<meta name="csrf-token">``."""
    match = CSRF_META.search(page)
    assert match, "every page carries a CSRF token"
    return match.group(1)


def token_of(browser: FlaskClient, path: str = "/privacy") -> str:
    """The CSRF token this browser's session gets, read off a page the way a script would."""
    return csrf_from(browser.get(path).text)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shown(response: TestResponse | requests.Response) -> str:
    """The text of a page the reader was actually shown (from a test client or requests).

    Use it wherever a test checks that something is *not* on a page: an error page (404,
    500, a login redirect) lacks the words too, and would let such a check pass vacuously.
    """
    try:
        assert response.status_code == 200, f"expected a page, got {response.status_code}"
        return response.text
    finally:
        response.close()  # a static file streams from an open file until closed


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block, whitespace folded."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
