"""Structured logs: a request id on every line, one access line per request, JSON on demand.

The access line names the URL rule (``/deletion/<code>``), never the path or query string
(which carry confirmation codes, reference codes and tokens), and never the client's
address or who they are: request id, method, route, status, duration. ``X-Request-ID`` from
the proxy is honoured when it looks like an id, otherwise one is made, and it is sent back.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

from app.ops.metrics import route_of

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
ACCESS = logging.getLogger("kommentar.access")
ACCESS_FIELDS = ("route", "method", "status", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


class RequestIdFilter(logging.Filter):
    """Give every record the current request's id ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, access fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for name in ACCESS_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """One handler on the root logger, text or JSON (``LOG_FORMAT``), with request ids."""
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_kommentar", False)]
    if not ours:
        handler: logging.Handler = logging.StreamHandler()
        handler._kommentar = True  # type: ignore[attr-defined]
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
        ours = [handler]
    for handler in ours:
        json_logs = app.config["LOG_FORMAT"] == "json"
        handler.setFormatter(JsonFormatter() if json_logs else logging.Formatter(TEXT_FORMAT))
    root.setLevel(app.config["LOG_LEVEL"])


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _begin)
    app.after_request(_finish)


def _begin() -> None:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if SAFE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
    g.request_clock = time.perf_counter()


def _finish(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id is None:  # a hook before ours answered: still give the request an id
        request_id = g.request_id = uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_clock")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    route = route_of()
    ACCESS.info(
        "%s %s %s %s ms",
        request.method,
        route,
        response.status_code,
        duration_ms,
        extra={
            "route": route,
            "method": request.method,
            "status": response.status_code,
            "duration_ms": duration_ms,
        },
    )
    return response
