"""The front page, the thread page with its forms, and the embeddable widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from app import i18n
from app.comments.forms import REPORT_REASONS, CommentForm, DeleteForm, EditForm, ReportForm
from app.comments.rendering import plain_comment
from app.comments.shared import (
    posting_limit,
    reader,
    reader_may_be_present,
    reporting_limit,
    thread_parameter,
    viewer,
)
from app.extensions import db
from app.models import Article, Comment, CommentStatus, ReportReason
from app.services import age, articles, page_cache
from app.services import comments as comments_service
from app.services.comments import CommentError, InvalidComment
from app.urls import safe_next
from app.web import parse_id

bp = Blueprint("comments", __name__)

# Rendered into pages that are cached for anonymous readers, swapped for their own token.
CSRF_PLACEHOLDER = "__kommentar_csrf_token__"
_CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode("ascii")


# -- reading -------------------------------------------------------------------------------------


@bp.get("/")
def index():
    """The front page: the newest articles with their public comment counts."""
    return render_template("comments/index.html", entries=comments_service.front_page())


@bp.get("/articles/<key>")
def thread_page(key: str):
    """An article's thread, with forms for logged-in readers."""
    return _thread_response(key, "comments/thread.html", "page", _article_or_404)


@bp.get("/articles/<key>/feed.atom")
def feed(key: str):
    """An Atom feed of the thread's newest public comments (never a held one)."""
    article = _article_or_404(key)
    entries = comments_service.recent_public(article)
    xml = render_template("comments/feed.atom.xml", article=article, entries=entries)
    return Response(xml, mimetype="application/atom+xml")


@bp.get("/embed/<key>")
def embed(key: str):
    """The thread in a compact page made to live in an iframe on the publisher's site.

    An unknown key becomes an article only when its publisher signed the widget's
    parameters (EMBED_KEYS); anywhere else it is simply not found.
    """
    g.embeddable = True
    return _thread_response(key, "comments/embed.html", "embed", _embedded_article_or_404)


def _embedded_article_or_404(key: str) -> Article:
    args = request.args
    try:
        article = articles.get(key) or articles.get_or_create_for_embed(
            key, args.get("title"), args.get("url"), args.get("sig")
        )
    except articles.TooManyNewArticles:
        abort(429, description="Too many new articles from this site. Try again later.")
    if article is None:
        abort(404, description="There is no comment thread here.")
    return article


def _thread_response(
    key: str, template: str, surface: str, find: Callable[[str], Article]
) -> Any:
    """The thread; an anonymous first page comes from the page cache, asked before the
    database (a hit costs one Redis GET and no query)."""
    sort = request.args.get("sort", "oldest")
    cursor = request.args.get("cursor") or None
    if sort not in comments_service.SORTS:
        abort(400, description="Sort by 'oldest' or 'newest'.")
    replies_of = thread_parameter()
    read_only = surface == "page"  # the widget may make an article (a signed embed)
    if read_only and reader_may_be_present():
        comments_service.read_without_transaction()  # before the reader is loaded
    variant = _cache_variant(surface, sort, cursor, replies_of)
    if variant is None or not articles.valid_key(key):
        if read_only:
            comments_service.read_without_transaction()
        return _render_thread(find(key), template, sort=sort, cursor=cursor, replies_of=replies_of)

    hit = page_cache.get(key, variant)
    if hit is None:
        if read_only:
            comments_service.read_without_transaction()
        article = find(key)

        def render() -> bytes:
            page = _render_thread(
                article, template, sort=sort, csrf_token=lambda: CSRF_PLACEHOLDER
            )
            return page.encode("utf-8")

        hit = page_cache.fill(article, variant, render)
    # The reader's own token, put in as bytes: the page is not decoded and encoded again.
    token = generate_csrf().encode("ascii")
    return Response(hit.replace(_CSRF_PLACEHOLDER_BYTES, token), mimetype="text/html")


def _cache_variant(
    surface: str, sort: str, cursor: str | None, replies_of: int | None
) -> str | None:
    """The cache variant for an anonymous first page, or None when it must be fresh."""
    if current_user.is_authenticated or cursor or replies_of or session.get("_flashes"):
        return None
    # The rendering speaks the reader's language and shows times in their zone.
    reader_view = f"{i18n.current_language()}:{i18n.select_timezone()}:{_comment_lang()}"
    if surface == "page":
        # The page's login link carries the query string: cache only the plain ones.
        query = request.query_string.decode("utf-8", "replace")
        plain = ("", "sort=oldest", "sort=newest")
        return f"page:{query}:{reader_view}" if query in plain else None
    return f"{surface}:{sort}:{reader_view}"


def _comment_lang() -> str:
    """The language readers write in: the embedding page's (``page_lang``), else the default."""
    return i18n.normalise(request.args.get("page_lang")) or current_app.config["DEFAULT_LOCALE"]


def _render_thread(
    article: Article,
    template: str,
    sort: str = "oldest",
    cursor: str | None = None,
    replies_of: int | None = None,
    error: str | None = None,
    draft: dict[str, Any] | None = None,
    **context: Any,
) -> str:
    try:
        page = comments_service.thread(
            article, viewer(), sort=sort, cursor=cursor, replies_of=replies_of
        )
    except CommentError as exc:
        abort(exc.status, description=exc.message)
    person = viewer()
    return render_template(
        template,
        article=article,
        page=page,
        comment_count=page_cache.count(
            article, lambda: comments_service.public_counts([article.id])[article.id]
        ),
        reported_ids=comments_service.open_reports_by(person, (c.id for c in page.comments)),
        comment_lang=_comment_lang(),
        sort=sort,
        replies_of=replies_of,
        error=error,
        draft=draft or {},
        max_length=_max_length(),
        premoderated=person is not None and age.needs_premoderation(person),
        ask_age=person is not None and age.needs_age_question(person),
        suspended=person is not None and person.is_suspended,
        report_reasons=REPORT_REASONS,
        plain_comment=plain_comment,
        **context,
    )


# -- writing ------------------------------------------------------------------------------------


@bp.post("/articles/<key>/comments")
@posting_limit
@login_required
def post_comment(key: str):
    """Post a comment or a reply; adults are published at once, others wait for a moderator."""
    article = _article_or_404(key)
    form = CommentForm()
    body = form.body.data or ""
    try:
        parent_id = _parent_id(form.parent_id.data)
        comment = comments_service.post_comment(
            reader(),
            article,
            body,
            parent=parent_id,
            ip=request.remote_addr,
            user_agent=request.user_agent.string,
        )
    except CommentError as exc:
        target = f"reply:{form.parent_id.data}" if form.parent_id.data else "new"
        return _refuse(article, exc, {"target": target, "body": body})
    if comment.status is CommentStatus.PENDING:
        flash(_("Thank you! Your comment will appear when a moderator has read it."), "success")
    else:
        flash(_("Your comment is published."), "success")
    return _back(article, form.next.data, comment.id)


@bp.post("/comments/<int:comment_id>/edit")
@posting_limit
@login_required
def edit_comment(comment_id: int):
    """Change one's own comment within the edit window."""
    comment = _comment_or_404(comment_id)
    form = EditForm()
    body = form.body.data or ""
    try:
        comments_service.edit_comment(comment, reader(), body)
    except CommentError as exc:
        return _refuse(comment.article, exc, {"target": f"edit:{comment.id}", "body": body})
    flash(_("Your comment is updated."), "success")
    return _back(comment.article, form.next.data, comment.id)


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete_comment(comment_id: int):
    """Delete one's own comment, at any time."""
    comment = _comment_or_404(comment_id)
    article = comment.article
    form = DeleteForm()
    try:
        comments_service.delete_comment(comment, reader())
    except CommentError as exc:
        return _refuse(article, exc)
    flash(_("Your comment is deleted."), "success")
    return _back(article, form.next.data)


@bp.post("/comments/<int:comment_id>/report")
@reporting_limit
@login_required
def report_comment(comment_id: int):
    """Ask a moderator to look at a published comment."""
    comment = _comment_or_404(comment_id)
    form = ReportForm()
    if not form.validate():
        problem = InvalidComment("Please choose a reason, and keep the note under 500 characters.")
        return _refuse(comment.article, problem, {"target": f"report:{comment.id}"})
    try:
        outcome = comments_service.report_comment(
            comment, reader(), ReportReason(form.reason.data), form.note.data
        )
    except CommentError as exc:
        return _refuse(comment.article, exc, {"target": f"report:{comment.id}"})
    if outcome.created:
        flash(_("Thank you for telling us. A moderator will look at the comment."), "success")
    else:
        flash(_("You have already reported this comment; a moderator will look at it."), "info")
    return _back(comment.article, form.next.data, comment.id)


# -- helpers --------------------------------------------------------------------------------------


def _article_or_404(key: str) -> Article:
    article = articles.get(key)
    if article is None:
        abort(404, description="There is no comment thread here.")
    return article


def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not comments_service.visible_to(comment, viewer()):
        abort(404, description="That comment is not available.")
    return comment


def _parent_id(value: str | None) -> int | None:
    if not value:
        return None
    parent_id = parse_id(value)
    if parent_id is None:
        raise InvalidComment("You can only reply to a published comment in this thread.")
    return parent_id


def _refuse(article: Article, exc: CommentError, draft: dict[str, Any] | None = None):
    """Show the thread again with what went wrong, keeping what the reader typed."""
    html = _render_thread(article, "comments/thread.html", error=_(exc.message), draft=draft)
    return html, exc.status


def _back(article: Article, next_url: str | None, comment_id: int | None = None):
    default = url_for("comments.thread_page", key=article.key)
    if comment_id is not None:
        default += f"#comment-{comment_id}"
    return redirect(safe_next(next_url, default) if next_url else default)


def _max_length() -> int:
    return int(current_app.config["COMMENT_MAX_LENGTH"])

