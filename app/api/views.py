"""The JSON API under /api/v1: the same threads and actions as the page, for the widget and
for publishers' own clients. Described by /api/v1/openapi.json (app/api/openapi.py).

Writes need the session cookie and the page's CSRF token in ``X-CSRFToken``; a reader who
is not logged in gets a JSON 401, never a redirect.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Literal, overload

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from flask_login import current_user

from app import http_cache
from app.api import openapi
from app.auth.sessions import ask_presence_in_thread, presence_in_thread
from app.comments.shared import (
    posting_limit,
    reader,
    reader_may_be_present,
    reporting_limit,
    thread_parameter,
    viewer,
)
from app.errors import error_response
from app.extensions import db
from app.models import Article, Comment, ReportReason, User
from app.services import articles, page_cache
from app.services import comments as comments_service
from app.services.comments import CommentError, ThreadComment

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(CommentError)
def refused(exc: CommentError):
    return error_response(exc.status, exc.message)


def login_required_json(view):
    """401 with a JSON error (not a redirect to the login page) for anonymous callers."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            abort(401, description="Log in to do that.")
        return view(*args, **kwargs)

    return wrapped


# -- reading -------------------------------------------------------------------------------------


@bp.get("/articles/<key>/comments")
def list_comments(key: str):
    """A page of the thread as the caller may see it (``?thread=<id>``: one comment's replies).

    An anonymous first page comes from the page cache, asked before the database; anonymous
    answers carry an ETag and may be kept briefly by browsers and shared caches
    (HTTP_CACHE_SECONDS), logged-in ones never.
    """
    sort = request.args.get("sort", "oldest")
    if sort not in comments_service.SORTS:
        abort(400, description="Sort by 'oldest' or 'newest'.")
    limit = _limit()
    cursor = request.args.get("cursor") or None
    replies_of = thread_parameter()
    first_page = not cursor and not replies_of and articles.valid_key(key)
    variant = f"api:{sort}:{limit}"
    shared: bytes | None = None
    if reader_may_be_present():
        if first_page:
            # A reader who has written nothing in this thread sees exactly what anonymous
            # readers see (only their own comments, in any state, make a difference), so
            # the anonymous rendering serves them. It is asked before the session lookup
            # finds whether they have written there: a comment of theirs made after this
            # GET is found by that lookup (and the reader's own rendering made instead).
            shared = page_cache.get(key, variant)
            ask_presence_in_thread(key)
        comments_service.read_without_transaction()  # before the reader is loaded

    def render(article: Article | str, reader: User | None) -> bytes:
        if isinstance(article, str):  # a first page: the article read with it
            found = comments_service.first_page_of(article, reader, sort=sort, limit=limit)
            if found is None:
                abort(404, description="There is no comment thread here.")
            page = found
        else:
            page = comments_service.thread(
                article, reader, sort=sort, cursor=cursor, limit=limit, replies_of=replies_of
            )
        payload = {
            "comments": list(map(comment_json, page.comments)),
            "next_cursor": page.next_cursor,
        }
        return json_text(payload).encode("utf-8")

    anonymous = not current_user.is_authenticated
    presence = presence_in_thread() if not anonymous and first_page else None
    if presence is not None and not presence.has_written:
        article_id = presence.article_id
        if article_id is None:
            abort(404, description="There is no comment thread here.")
        if shared is None:
            shared = page_cache.fill_by_id(article_id, key, variant, lambda: render(key, None))
        body = shared
    elif not anonymous and first_page:
        body = render(key, viewer())
    elif not anonymous or not first_page:
        comments_service.read_without_transaction()
        body = render(_article_or_404(key), viewer())
    else:
        hit = shared if shared is not None else page_cache.get(key, variant)
        if hit is None:
            comments_service.read_without_transaction()
            article = _article_or_404(key)
            hit = page_cache.fill(article, variant, lambda: render(article, None))
        body = hit
    response = Response(body, mimetype="application/json")
    if anonymous:
        return http_cache.public(response)
    return http_cache.private(response)


def _article_or_404(key: str) -> Article:
    article = articles.get(key)
    if article is None:
        abort(404, description="There is no comment thread here.")
    return article


@bp.get("/openapi.json")
def openapi_document():
    """This API, described as OpenAPI 3.1."""
    return jsonify(openapi.document())


# -- writing -------------------------------------------------------------------------------------


@bp.post("/articles/<key>/comments")
@posting_limit
@login_required_json
def create_comment(key: str):
    """Post a comment or a reply: 201 with its id and status (published or pending)."""
    payload = _json_object()
    body = _string(payload, "body", required=True)
    parent_id = payload.get("parent_id")
    if parent_id is not None and type(parent_id) is not int:
        abort(400, description="'parent_id' must be an integer or null.")
    article = articles.get(key)
    if article is None:
        abort(404, description="There is no comment thread here.")
    comment = comments_service.post_comment(
        reader(),
        article,
        body,
        parent=parent_id,
        ip=request.remote_addr,
        user_agent=request.user_agent.string,
    )
    location = url_for("comments.thread_page", key=article.key, _anchor=f"comment-{comment.id}")
    return jsonify(id=comment.id, status=comment.status.value), 201, {"Location": location}


@bp.patch("/comments/<int:comment_id>")
@posting_limit
@login_required_json
def edit_comment(comment_id: int):
    """Change one's own comment within the edit window."""
    payload = _json_object()
    body = _string(payload, "body", required=True)
    comment = _comment_or_404(comment_id)
    comments_service.edit_comment(comment, reader(), body)
    entry = comments_service.describe(comment, reader())
    return Response(json_text(comment_json(entry)), mimetype="application/json")


@bp.delete("/comments/<int:comment_id>")
@login_required_json
def delete_comment(comment_id: int):
    """Delete one's own comment, at any time: 204."""
    comment = _comment_or_404(comment_id)
    comments_service.delete_comment(comment, reader())
    return Response(status=204)


@bp.post("/comments/<int:comment_id>/reports")
@reporting_limit
@login_required_json
def report_comment(comment_id: int):
    """Report a published comment: 201, or 200 when this reader's report is already open."""
    payload = _json_object()
    reason = payload.get("reason")
    if not isinstance(reason, str) or reason not in {r.value for r in ReportReason}:
        choices = ", ".join(r.value for r in ReportReason)
        abort(400, description=f"'reason' must be one of: {choices}.")
    note = _string(payload, "note", required=False)
    comment = _comment_or_404(comment_id)
    outcome = comments_service.report_comment(comment, reader(), ReportReason(reason), note)
    if outcome.created:
        return jsonify(status="received"), 201
    return jsonify(status="already_reported"), 200


# -- shapes ----------------------------------------------------------------------------------------


def json_text(payload: Any) -> str:
    """JSON with <, > and & escaped, so readers' text stays inert even if sniffed as HTML."""
    text = current_app.json.dumps(payload)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def comment_json(entry: ThreadComment | None) -> dict[str, Any]:
    if entry is None:
        abort(404, description="That comment is not available.")
    # Times: ISO 8601 in UTC to the second, with a Z (they are stored as naive UTC).
    edited_at = entry.edited_at
    shaped = {
        "id": entry.id,
        "parent_id": entry.parent_id,
        "author_name": entry.author_name,
        "body_html": entry.body_html,
        "created_at": entry.created_at.isoformat(timespec="seconds") + "Z",
        "edited_at": None if edited_at is None else edited_at.isoformat(timespec="seconds") + "Z",
        "status": entry.status.value,
        "rejection_reason": entry.rejection_reason,
        "is_own": entry.is_own,
    }
    if entry.more_replies:
        # Only on a top-level comment whose thread goes on beyond the page (thread=<id>).
        shaped["more_replies"] = entry.more_replies
    return shaped


# -- parsing ---------------------------------------------------------------------------------------


def _json_object() -> dict[str, Any]:
    if not request.is_json:
        abort(415, description="Send the body as application/json.")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        abort(400, description="The body must be a JSON object.")
    return payload


@overload
def _string(payload: dict[str, Any], name: str, required: Literal[True]) -> str: ...
@overload
def _string(payload: dict[str, Any], name: str, required: bool) -> str | None: ...
def _string(payload: dict[str, Any], name: str, required: bool) -> str | None:
    value = payload.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        abort(400, description=f"'{name}' must be a string.")
    return value


def _limit() -> int:
    raw = request.args.get("limit")
    if raw is None:
        return int(current_app.config["COMMENTS_PER_PAGE"])
    if (
        not raw.isascii()
        or not raw.isdigit()
        or not 1 <= int(raw) <= comments_service.MAX_PAGE_SIZE
    ):
        abort(
            400,
            description=f"'limit' is a whole number from 1 to {comments_service.MAX_PAGE_SIZE}.",
        )
    return int(raw)


def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not comments_service.visible_to(comment, viewer()):
        abort(404, description="That comment is not available.")
    return comment
