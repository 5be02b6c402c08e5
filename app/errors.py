"""Error pages: HTML for people, JSON for the API; no stack traces, no 500 for bad input."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db

log = logging.getLogger(__name__)

TITLES = {
    400: _l("That request did not make sense"),
    403: _l("You cannot do that"),
    404: _l("Not found"),
    405: _l("Not allowed"),
    409: _l("Already decided"),
    413: _l("That was too much"),
    415: _l("Unsupported format"),
    429: _l("Slow down"),
    500: _l("Something went wrong"),
    503: _l("Temporarily unavailable"),
}


# Messages raised with abort() across the app, so the catalogues carry their translations.
MESSAGES = (
    _l("There is no comment thread here."),
    _l("That comment is not available."),
    _l("The form expired or its security token is missing. Reload and try again."),
    _l("The service is temporarily unavailable. Please try again soon."),
    _l("Something went wrong on our side."),
    _l("Log in to do that."),
    _l("Please write something before you send it."),
    _l("Facebook did not complete the login."),
    _l("The login link is incomplete. Please start again."),
    _l("The login could not be verified. Please start again."),
    _l("Facebook could not be reached. Please try again in a moment."),
    _l("Only published comments can be reported."),
    _l("Please choose a reason, and keep the note under 500 characters."),
)


def wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.path.startswith("/facebook/")
        or (request.accept_mimetypes.best == "application/json")
    )


def error_response(status: int, message: str):
    if wants_json():
        return jsonify(error={"status": status, "message": message}), status
    title = TITLES.get(status, _l("Error"))
    # Messages are written in English where they arise; people read them in their language.
    return render_template(
        "errors/error.html", status=status, title=title, message=gettext(message)
    ), status


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
