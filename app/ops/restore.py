"""The restore guard's request hook: 503 until erasures are replayed (services/restore.py)."""

from __future__ import annotations

import logging

from flask import Flask, current_app, request

from app.services import restore

log = logging.getLogger(__name__)

_PASSED = "kommentar.restore_guard_passed"


def passed(app: Flask) -> bool:
    """Requests may be served: there is no registry to replay, or the guard passed once."""
    return bool(app.extensions.get(_PASSED) or not app.config.get("ERASURE_REGISTRY_FILE"))


def init_app(app: Flask) -> None:
    """Until the guard passes once, every request checks it (one file read, one query)."""

    def _restore_guard():
        if passed(app):
            return None
        reason = restore.refusal()
        if reason is None:
            app.extensions[_PASSED] = True
            return None
        log.error("refusing %s: %s", request.endpoint, reason)
        return current_app.response_class(
            "Kommentar is being restored from a backup and will be back shortly.\n",
            status=503,
            mimetype="text/plain",
            headers={"Retry-After": "60"},
        )

    # Before every other hook (CSRF included): nothing at all is served until it passes.
    app.before_request_funcs.setdefault(None, []).insert(0, _restore_guard)
