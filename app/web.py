"""Request hooks shared by every blueprint: input hygiene, security headers, templates."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, abort, current_app, g, request, session
from flask_wtf.csrf import generate_csrf
from werkzeug.routing import IntegerConverter

from app.auth.sessions import bind_csrf_to_widget_token
from app.models.types import MAX_ID
from app.services import sanitize


class IdConverter(IntegerConverter):
    """``<int:...>`` that only matches ids a database column can hold (else 404, never 500)."""

    def __init__(
        self,
        url_map: Any,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def parse_id(value: Any) -> int | None:
    """A positive id from a form or query string that a database column can hold, else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def register_converters(app: Flask) -> None:
    """Before any blueprint: rules bind their converters when they are added."""
    app.url_map.converters["int"] = IdConverter


def init_app(app: Flask) -> None:
    # First of all hooks: CSRFProtect parses the form, and Werkzeug would replace bad bytes.
    app.before_request_funcs.setdefault(None, []).insert(0, reject_malformed_input)
    if not app.config["APP_ENV_EXPLICIT"]:
        app.logger.warning(
            "APP_ENV is not set: development settings, answering this machine only. "
            "Set APP_ENV=production to serve readers (or APP_ENV=development to develop)."
        )
        app.before_request_funcs[None].insert(0, refuse_beyond_loopback)
    # Right after the input guard, before CSRFProtect's check: a widget token carries its CSRF
    # secret.
    hooks = app.before_request_funcs[None]
    hooks.insert(hooks.index(reject_malformed_input) + 1, bind_csrf_to_widget_token)
    app.after_request(add_security_headers)
    app.add_url_rule("/healthz", "healthz", healthz)


LOOPBACK = ("127.", "::1")


def refuse_beyond_loopback() -> None:
    """Without APP_ENV, development defaults must not serve anyone but this machine.

    A forwarded request is refused too: a proxy in front means a server.
    """
    remote = request.remote_addr or ""
    if not remote.startswith(LOOPBACK) or "X-Forwarded-For" in request.headers:
        abort(
            403,
            description="APP_ENV is not set, so this server only answers on this machine. "
            "Set APP_ENV=production (with its required settings) to serve readers.",
        )


def reject_malformed_input() -> None:
    """Answer 400 to text that is not UTF-8 or carries NUL/control bytes, before any view.

    Werkzeug would quietly replace bad bytes with U+FFFD; we refuse them instead, so that
    nothing malformed is ever stored (PostgreSQL rejects NUL in text columns anyway).
    """
    _check_urlencoded(request.query_string)
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    mimetype = request.mimetype or ""
    if mimetype == "application/x-www-form-urlencoded":
        _check_urlencoded(request.get_data(cache=True))
    elif mimetype == "application/json" or mimetype.endswith("+json"):
        raw = request.get_data(cache=True)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            abort(400, description="The request body is not valid UTF-8 JSON.")
        if json_depth(text) > MAX_JSON_DEPTH:
            abort(400, description="The request body is nested too deeply.")
        try:
            payload = json.loads(text) if text.strip() else None
        except ValueError:
            abort(400, description="The request body is not valid UTF-8 JSON.")
        if _has_forbidden(payload):
            abort(400, description="The request contains characters that are not allowed.")
        if payload is not None and not isinstance(payload, dict):
            # Flask-WTF reads a JSON body as a form and cannot make one of anything else.
            abort(400, description="The request body must be a JSON object.")
    elif mimetype == "multipart/form-data":
        for value_list in request.form.listvalues():
            if any(sanitize.has_forbidden_characters(v) or "\ufffd" in v for v in value_list):
                abort(400, description="The request contains characters that are not allowed.")


def _check_urlencoded(raw: bytes) -> None:
    if not raw:
        return
    for part in raw.split(b"&"):
        for piece in part.split(b"=", 1):
            decoded = unquote_to_bytes(piece.replace(b"+", b" "))
            try:
                text = decoded.decode("utf-8")
            except UnicodeDecodeError:
                abort(400, description="The request is not valid UTF-8.")
            if sanitize.has_forbidden_characters(text):
                abort(400, description="The request contains characters that are not allowed.")


# No request of ours nests deeper than a few levels; json.loads and any recursive walk would
# spend stack (RecursionError) on a body nested thousands deep, so such bodies never get there.
MAX_JSON_DEPTH = 32
_JSON_SYNTAX_RE = re.compile(r'[\\"\[\]{}]')


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest, in one linear pass.

    Brackets inside strings do not count; malformed text gets some number, and json.loads
    then refuses it.
    """
    depth = deepest = 0
    in_string = escaped = False
    previous_end = -1
    for match in _JSON_SYNTAX_RE.finditer(text):
        char, follows_backslash = match.group(), escaped and match.start() == previous_end
        previous_end, escaped = match.end(), False
        if follows_backslash:
            continue  # the character right after a backslash in a string is escaped
        if char == "\\":
            escaped = in_string
        elif char == '"':
            in_string = not in_string
        elif not in_string:
            if char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            else:
                depth = max(depth - 1, 0)
    return deepest


def _has_forbidden(value: Any) -> bool:
    """True if any key or string anywhere in a parsed JSON value is forbidden (iterative)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if sanitize.has_forbidden_characters(item):
                return True
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return False


def add_security_headers(response: Response) -> Response:
    """A strict CSP everywhere; only the widget may be framed, and only by EMBED_ORIGINS."""
    for name, value in security_headers(current_app.config, getattr(g, "embeddable", False)):
        response.headers.setdefault(name, value)
    if _shows_personal_data():
        cache_control = response.headers.get("Cache-Control", "")
        if "private" not in cache_control and "no-store" not in cache_control:
            response.headers["Cache-Control"] = "no-store, private"
    return response


def security_headers(config: Any, embeddable: bool = False) -> list[tuple[str, str]]:
    """The headers every answer carries (each unless the view set it already), in order.

    Also sent by the front door that answers cached anonymous reads before Flask
    (app/ops/fast_reads.py), so both give the same answer.
    """
    headers = []
    frame_ancestors = "'none'"
    if embeddable:
        origins = " ".join(config["EMBED_ORIGINS"])
        frame_ancestors = f"'self' {origins}".strip()
    else:
        headers.append(("X-Frame-Options", "DENY"))
    headers += [
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; "
            f"frame-ancestors {frame_ancestors}",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]
    if config["APP_ENV"] == "production":
        headers.append(
            (
                "Strict-Transport-Security",
                f"max-age={config['HSTS_SECONDS']}; includeSubDomains",
            )
        )
    return headers


# Pages about a person or a case, whoever asks: never kept by a shared cache or the browser.
PERSONAL_PREFIXES = (
    "/me", "/notifications", "/moderation", "/guardian/confirm", "/guardian/case", "/deletion/",
    "/age", "/feedback", "/_dev/",
)  # fmt: skip


def _shows_personal_data() -> bool:
    """A response for a logged-in browser, or on a page about a person or case."""
    from app.auth.sessions import SESSION_KEY

    return request.path.startswith(PERSONAL_PREFIXES) or bool(session.get(SESSION_KEY))


def init_templates(app: Flask) -> None:
    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        return {
            "csrf_token": generate_csrf,
            "app_env": current_app.config["APP_ENV"],
            "privacy_version": current_app.config["PRIVACY_POLICY_VERSION"],
        }


def healthz():
    """Liveness: 200 while the database answers; Redis is reported, not required."""
    from flask import jsonify
    from rq import Worker
    from sqlalchemy import text

    from app import jobs
    from app.extensions import db

    db.session.execute(text("SELECT 1"))
    try:
        conn = jobs.connection()
        workers = Worker.count(connection=conn) if conn.ping() else 0
    except Exception:  # noqa: BLE001 - any Redis failure only degrades the queue
        workers = 0
    # A queue that nobody works is not fine: held comments and erasures would wait forever.
    return jsonify(status="ok", database="ok", queue="ok" if workers else "degraded")
