"""The front door for the busiest read: an anonymous reader's cached first page of the API.

A news story's thread is read by thousands of anonymous readers for every comment written,
and each of those reads is the same cached JSON (app/services/page_cache.py). Flask's
per-request machinery (request and app contexts, the session, CSRF, Babel, the rate
limiter, Flask-Login, the hooks) costs several times the one Redis GET that answers it. This
WSGI layer, around the app, answers exactly that request before any of it runs, and passes
every other request through untouched:

- ``GET /api/v1/articles/<key>/comments``, with no query but ``sort`` and ``limit``
  (each at most once, valid: anything else goes to Flask, which answers or refuses it);
- from nobody: neither the session cookie, Flask-Login's remember cookie nor the widget's
  session header (``X-Kommentar-Session``) is present, so Flask would see no reader either;
- when the page cache holds the rendering (else Flask renders and stores it);
- once the restore guard has passed, and only where APP_ENV was set (without it, Flask's
  hook refuses anyone beyond this machine).

Its answer is the one Flask gives for a cache hit (tests/test_fast_reads.py compares
them): the same body, ETag and 304 (``If-None-Match``), ``Cache-Control: public`` with the
short lifetimes and ``Vary: Cookie`` (app/http_cache.py), the security headers, and an
``X-Request-ID``; it writes the same access line and latency sample as any request. The
cache is the same one every write invalidates, so every guarantee holds as before: a held
comment is never in an anonymous rendering, and a change (an approval, a hold, an erasure)
empties the thread's renderings on every process at once.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.wrappers import Response

from app import http_cache
from app.ops import restore
from app.ops.metrics import UNMATCHED
from app.ops.requestlog import ACCESS, REQUEST_ID_HEADER, SAFE_REQUEST_ID
from app.services import articles, page_cache
from app.services.comments import MAX_PAGE_SIZE, SORTS
from app.web import security_headers

ENDPOINT = "api.list_comments"
_PATH = re.compile(r"/api/v1/articles/([^/]+)/comments")
_QUERY_NAMES = ("sort", "limit")
_WIDGET_SESSION_ENVIRON = "HTTP_X_KOMMENTAR_SESSION"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class FastReads:
    """WSGI middleware: a cached anonymous API first page, answered before Flask."""

    def __init__(self, app: Flask, inner: WSGIApp) -> None:
        self.app = app
        self.inner = inner
        config = app.config
        self.default_limit = int(config["COMMENTS_PER_PAGE"])
        # Either cookie would let Flask-Login find a reader: such a request goes to Flask.
        self.cookie_markers = tuple(
            f"{name}=".encode("latin-1")
            for name in (
                config.get("SESSION_COOKIE_NAME") or "session",
                config.get("REMEMBER_COOKIE_NAME") or "remember_token",
            )
        )
        self.headers = [
            *security_headers(config),
            ("Cache-Control", http_cache.CACHE_CONTROL),
        ]
        rules = [rule.rule for rule in app.url_map.iter_rules(ENDPOINT)]
        self.route = rules[0] if rules else UNMATCHED

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        started = time.perf_counter()
        body = self._cached_body(environ)
        if body is None:
            return self.inner(environ, start_response)
        return self._answer(environ, start_response, body, started)

    # -- is it ours? -----------------------------------------------------------------------

    def _cached_body(self, environ: dict[str, Any]) -> bytes | None:
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        match = _PATH.fullmatch(environ.get("PATH_INFO", ""))
        if match is None or not articles.valid_key(match.group(1)):
            return None
        if _WIDGET_SESSION_ENVIRON in environ or self._may_carry_a_reader(environ):
            return None
        variant = self._variant(environ.get("QUERY_STRING", ""))
        if variant is None or not restore.passed(self.app):
            return None
        connection = self.app.extensions.get("kommentar.redis")
        if connection is None:
            return None
        return page_cache.get(match.group(1), variant, connection)

    def _may_carry_a_reader(self, environ: dict[str, Any]) -> bool:
        cookies = environ.get("HTTP_COOKIE")
        if not cookies:
            return False
        raw = cookies.encode("latin-1", "replace")
        return any(marker in raw for marker in self.cookie_markers)

    def _variant(self, query: str) -> str | None:
        """The API view's cache variant for this query string, or None: not for us."""
        values: dict[str, str] = {}
        for part in query.split("&") if query else ():
            name, sep, value = part.partition("=")
            if not sep or name not in _QUERY_NAMES or name in values:
                return None
            values[name] = value
        sort = values.get("sort", "oldest")
        if sort not in SORTS:
            return None
        raw_limit = values.get("limit")
        if raw_limit is None:
            limit = self.default_limit
        elif raw_limit.isascii() and raw_limit.isdigit() and 1 <= int(raw_limit) <= MAX_PAGE_SIZE:
            limit = int(raw_limit)
        else:
            return None
        return f"api:{sort}:{limit}"

    # -- the answer --------------------------------------------------------------------------

    def _answer(
        self,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
        body: bytes,
        started: float,
    ) -> Any:
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if SAFE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        response = Response(body, mimetype="application/json")
        response.set_etag(http_cache.etag_of(body))
        for name, value in self.headers:
            response.headers[name] = value
        response.vary.add("Cookie")
        response.make_conditional(environ)  # a 304 in place, when the ETag matches
        response.headers[REQUEST_ID_HEADER] = request_id
        self._observe(response.status_code, started, request_id)
        return response(environ, start_response)

    def _observe(self, status: int, started: float, request_id: str) -> None:
        seconds = time.perf_counter() - started
        metrics = self.app.extensions.get("kommentar.metrics")
        if metrics is not None:
            metrics["latency"].labels(self.route, "GET", f"{status // 100}xx").observe(seconds)
        duration_ms = round(seconds * 1000, 1)
        if ACCESS.isEnabledFor(logging.INFO):
            ACCESS.info(
                "%s %s %s %s ms",
                "GET",
                self.route,
                status,
                duration_ms,
                extra={
                    "route": self.route,
                    "method": "GET",
                    "status": status,
                    "duration_ms": duration_ms,
                    "request_id": request_id,
                },
            )


def install(app: Flask) -> None:
    """Put the front door around the app (after every other WSGI layer is in place).

    Not without APP_ENV: then Flask's own hook must refuse anyone beyond this machine.
    """
    if not app.config["APP_ENV_EXPLICIT"]:
        return
    app.wsgi_app = FastReads(app, app.wsgi_app)  # type: ignore[method-assign]

