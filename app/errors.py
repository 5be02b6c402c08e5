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


# Our words for werkzeug's own (English-only) descriptions, by status.
DEFAULT_MESSAGES = {
    400: _l("The request could not be understood. Please go back and try again."),
    401: _l("Log in to do that."),
    403: _l("You do not have access to this page."),
    404: _l("There is nothing at this address. Check the link, or go back to the front page."),
    405: _l("This address does not accept that kind of request."),
    413: _l("What you sent is too large."),
    415: _l("What you sent is in a format we do not accept."),
    429: _l("Too many requests in a short time. Please wait a moment and try again."),
    500: _l("Something went wrong on our side."),
    503: _l("The service is temporarily unavailable. Please try again soon."),
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
    # the comments service's refusals (app/services/comments.py), shown on the error page
    _l("Your account cannot comment at the moment."),
    _l("This comment can no longer be edited."),
    _l("This comment has already been taken down."),
    _l("The note contains characters that are not allowed."),
    _l("The note has too much formatting. Please write plain text."),
    _l("A comment is text."),
    _l("Your comment contains characters that are not allowed."),
    _l("Your comment has too much formatting or too many links. Please simplify it."),
    _l("Your comment has no text left once unsafe markup is removed."),
    _l("You can only reply to a published comment in this thread."),
    _l("You can only change your own comments."),
    _l("That page link is not valid. Start again from the first page."),
    # other pages' abort() descriptions
    _l("Metrics are for the monitoring system only."),
    _l("Reply notifications are not available for this account."),
    _l("Sort by 'oldest' or 'newest'."),
    _l("The form expired. Open the link from the e-mail again."),
    _l("The form expired. Please try again."),
    _l("The form has expired; please try again."),
    _l("The request body is nested too deeply."),
    _l("The request body is not valid UTF-8 JSON."),
    _l("The request body must be a JSON object."),
    _l("The request contains characters that are not allowed."),
    _l("The request is not valid UTF-8."),
    _l("There is no open request from this reader. Nothing changed."),
    _l("There is no such case."),
    _l("There is no such message (retention may have deleted it)."),
    _l("This case has already been decided."),
    _l("This link is not valid any more."),
    _l("This link is not valid, or it has expired."),
    _l("This page is for moderators."),
    _l("Too many new articles from this site. Try again later."),
    _l("We have no request with that reference."),
    _l("We know of no deletion with that confirmation code."),
    _l(
        "This reader was found to be under age. Tick the box to lift a finding explicitly. "
        "Nothing changed."
    ),
    _l(
        "APP_ENV is not set, so this server only answers on this machine. Set "
        "APP_ENV=production (with its required settings) to serve readers."
    ),
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
        code = exc.code or 500
        description = exc.description
        if description == type(exc).description:  # werkzeug's own words, English only
            description = DEFAULT_MESSAGES.get(code, "")
        response = error_response(code, description or TITLES.get(code, ""))
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
