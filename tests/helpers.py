"""Small helpers the test modules share: a page's CSRF token, a free port, a page shown."""

from __future__ import annotations

import re
import socket

import requests
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

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
