"""Error pages: HTML for people, JSON for the API; no stack traces, no 500 for bad input."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db

log = logging.getLogger(__name__)

TITLES = {
    400: "That request did not make sense",
    403: "You cannot do that",
    404: "Not found",
    405: "Not allowed",
    409: "Already decided",
    413: "That was too much",
    415: "Unsupported format",
    429: "Slow down",
    500: "Something went wrong",
    503: "Temporarily unavailable",
}


def wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.path.startswith("/facebook/")
        or (request.accept_mimetypes.best == "application/json")
    )


def error_response(status: int, message: str):
    if wants_json():
        return jsonify(error={"status": status, "message": message}), status
    title = TITLES.get(status, "Error")
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(
            400, "The form expired or its security token is missing. Reload and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = error_response(
            exc.code or 500, exc.description or TITLES.get(exc.code or 500, "")
        )
        if exc.code == 429 or exc.code == 405:
            body, status = response
            headers = dict(exc.get_headers())
            for name in ("Retry-After", "Allow"):
                if name in headers:
                    return body, status, {name: headers[name]}
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_down(exc: Exception):  # the database is unreachable, not the input bad
        log.error("database unavailable: %s", type(exc).__name__)
        db.session.rollback()
        return error_response(503, "The service is temporarily unavailable. Please try again soon.")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled %s", type(exc).__name__)
        db.session.rollback()
        return error_response(500, "Something went wrong on our side.")
