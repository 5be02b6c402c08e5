"""Small helpers the test modules share: reading a page's CSRF token, finding a free port."""

from __future__ import annotations

import re
import socket

from flask.testing import FlaskClient

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
