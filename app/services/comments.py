"""Commenting: posting, editing, deleting, reporting, and reading a thread.

The one service layer behind the thread page, the widget and the JSON API. It holds THE
visibility rule (:func:`visible_to`, :func:`thread`):

- everyone sees published comments that are not on a guardian hold;
- the author alone also sees their own pending ("waiting for a moderator") and rejected
  (with the reason) comments;
- a comment nobody may read in full (a tombstone, or a comment taken out of public view)
  still appears as an author-less placeholder while a reply under it is visible, so that
  replies keep their place;
- nothing else, to anyone, anywhere.

Text is sanitised once, on write. Comments of readers who may be under 16 are held and a
screening job is recorded in the same transaction (the outbox hands it to RQ on commit).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from flask import after_this_request, current_app
from sqlalchemy import (
    ARRAY,
    BindParameter,
    ColumnElement,
    ColumnExpressionArgument,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload, make_transient_to_detached
from sqlalchemy.sql.expression import Executable

from app import clock, jobs
from app.extensions import db
from app.models import Article, Comment, CommentStatus, Report, ReportReason, User
from app.models.comment import TOMBSTONE, is_public
from app.models.types import MAX_ID
from app.services import age, erasure_guard, keyset, page_cache, sanitize, subscriptions

Sort = Literal["oldest", "newest"]
SORTS: tuple[str, ...] = ("oldest", "newest")
MAX_PAGE_SIZE = 100
REPORT_NOTE_MAX_LENGTH = 500
USER_AGENT_MAX_LENGTH = 300

_OWN_ONLY = (CommentStatus.PENDING, CommentStatus.REJECTED)


# -- errors ----------------------------------------------------------------------------------


class CommentError(Exception):
    """A request the service refuses; ``status`` is the HTTP status every surface answers."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidComment(CommentError):
    """Well-formed but unacceptable: empty, too long, a reply to something one cannot."""

    status = 422
    code = "invalid"


class BadCursor(CommentError):
    """A pagination cursor we did not issue."""

    status = 400
    code = "bad_cursor"


class NotAllowed(CommentError):
    """Not this person, or no longer (someone else's comment, the edit window has closed)."""

    status = 403
    code = "forbidden"


class CommentNotFound(CommentError):
    """The comment does not exist, or this viewer may not know it does."""

    status = 404
    code = "not_found"


class CommentGone(CommentError):
    """The comment is in a state that no longer allows this (deleted, removed, rejected)."""

    status = 409
    code = "conflict"


# -- writing -----------------------------------------------------------------------------------


def post_comment(
    author: User,
    article: Article,
    text: str,
    parent: Comment | int | None = None,
    ip: str | None = None,
    user_agent: str | None = None,
) -> Comment:
    """Store a comment; authors who may be under 16 wait for a moderator.

    ``parent`` is the comment replied to, or the id a client sent.
    """
    if author.is_suspended:
        raise NotAllowed(_CANNOT_COMMENT)
    body_html = _clean_body(text)
    parent_comment = _reply_target(article, parent)
    now = clock.now()
    held = age.needs_premoderation(author)
    values: dict[str, Any] = {
        "article_id": article.id,
        "author_id": author.id,
        "parent_id": parent_comment.id if parent_comment is not None else None,
        "body_html": body_html,
        "status": CommentStatus.PENDING if held else CommentStatus.PUBLISHED,
        "created_at": now,
        "published_at": None if held else now,
        "held_since": now if held else None,
        "ip_prefix": truncate_ip(ip),
        "user_agent": clip_user_agent(user_agent),
    }
    # One round trip: the row goes in, and the same statement asks the erasure guard
    # whether its author is being erased; if so, it goes again with the transaction.
    inserted = db.session.execute(
        insert(Comment)
        .values(values)
        .returning(Comment.id, erasure_guard.being_erased(author).label("erased"))
    ).one()
    if inserted.erased:
        db.session.rollback()
        raise NotAllowed(_CANNOT_COMMENT)
    comment = _persistent(Comment(id=inserted.id, **values, **_NEW_COMMENT_DEFAULTS))
    if held:
        _defer_screening(comment)
    else:
        subscriptions.comment_published(comment, parent_comment)
    article_id = article.id
    _commit_keeping_loaded()
    page_cache.invalidate(article_id)
    return comment


_CANNOT_COMMENT = "Your account cannot comment at the moment."
# What a new row holds besides what posting writes (column defaults, or nothing yet), so the
# comment in hand answers without reading its row back.
_NEW_COMMENT_DEFAULTS: dict[str, Any] = {
    "edited_at": None,
    "decided_at": None,
    "rejection_reason": None,
    "guardian_hold": False,
    "screening": None,
    "screened_at": None,
    "screened_html": None,
    "claimed_by_id": None,
    "claimed_at": None,
}


def _persistent(comment: Comment) -> Comment:
    """The comment just inserted, as the session's own object (no second INSERT, no read)."""
    make_transient_to_detached(comment)
    db.session.add(comment)
    return comment


def _commit_keeping_loaded() -> None:
    """Commit without expiring what this request just wrote or read: the answer shows the
    new comment's id and status and the article's key, which would otherwise be read back
    in a second transaction (two round trips, plus its BEGIN and ROLLBACK)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def edit_comment(comment: Comment, editor: User, text: str) -> Comment:
    """Change one's own comment within the edit window.

    A held comment stays held and is screened again. A published comment of a reader who
    is (now) pre-moderated goes back to the moderators: an approved text must not be
    swapped for another one unchecked.
    """
    _check_own_and_open(comment, editor)
    if comment.status.is_tombstone or comment.status is CommentStatus.REJECTED:
        raise CommentGone("This comment can no longer be edited.")
    if editor.is_suspended or not erasure_guard.may_write(editor):
        raise NotAllowed(_CANNOT_COMMENT)
    body_html = _clean_body(text)
    if body_html == comment.body_html:
        return comment
    comment.body_html = body_html
    comment.edited_at = clock.now()
    if comment.status is CommentStatus.PUBLISHED and age.needs_premoderation(editor):
        comment.status = CommentStatus.PENDING
        comment.held_since = clock.now()
        comment.decided_at = None
    if comment.status is CommentStatus.PENDING:
        comment.screening = None
        comment.screened_at = None
        _defer_screening(comment)
    db.session.commit()
    page_cache.invalidate(comment.article_id)
    return comment


def delete_comment(comment: Comment, user: User) -> Comment | None:
    """Delete one's own comment, at any time (editing has a window; deleting never does).

    A comment that has replies (in any state) becomes a DELETED tombstone: its text and
    technical data go, the row stays so the replies keep their place. A comment without
    replies is deleted outright, with its reports; returns None then.
    """
    if comment.status is CommentStatus.DELETED and comment.author_id == user.id:
        return comment  # already deleted: asking twice changes nothing
    _check_own(comment, user)
    if comment.status.is_tombstone:
        raise CommentGone("This comment has already been taken down.")
    article_id = comment.article_id
    has_replies = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.parent_id == comment.id)
    )
    result: Comment | None
    if has_replies:
        # A tombstone keeps only what the thread's order needs (see app/privacy/engine.py).
        comment.status = CommentStatus.DELETED
        for name, value in TOMBSTONE.items():
            setattr(comment, name, value)
        result = comment
    else:
        # Reports go explicitly: SQLite does not enforce the ON DELETE CASCADE.
        db.session.execute(delete(Report).where(Report.comment_id == comment.id))
        db.session.delete(comment)
        result = None
    db.session.commit()
    page_cache.invalidate(article_id)
    return result


@dataclass(frozen=True)
class ReportOutcome:
    report: Report
    created: bool  # False: this reader had already reported it and it is still open


def report_comment(
    comment: Comment, reporter: User, reason: ReportReason, note: str | None = None
) -> ReportOutcome:
    """A logged-in reader reports a published comment; one open report per reader."""
    if not comment.is_visible_to_public:
        if visible_to(comment, reporter):
            raise CommentGone("Only published comments can be reported.")
        raise CommentNotFound("That comment is not available.")
    note = (note or "").strip()
    if len(note) > REPORT_NOTE_MAX_LENGTH:
        raise InvalidComment(f"Please keep the note under {REPORT_NOTE_MAX_LENGTH} characters.")
    if sanitize.has_forbidden_characters(note):
        raise InvalidComment("The note contains characters that are not allowed.")
    existing = db.session.scalar(
        select(Report).where(
            Report.comment_id == comment.id,
            Report.reporter_id == reporter.id,
            Report.resolved_at.is_(None),
        )
    )
    if existing is not None:
        return ReportOutcome(existing, created=False)
    try:
        clean_note = sanitize.plain_text(sanitize.clean_comment(note))[:REPORT_NOTE_MAX_LENGTH]
    except sanitize.TooMuchMarkup:
        raise InvalidComment("The note has too much formatting. Please write plain text.") from None
    if reporter.age_class.is_minor:
        # Their report reaches a moderator; their own words outside comments are not kept.
        clean_note = ""
    report = Report(
        comment_id=comment.id, reporter_id=reporter.id, reason=reason, note=clean_note or None
    )
    db.session.add(report)
    db.session.commit()
    return ReportOutcome(report, created=True)


def open_reports_by(reporter: User | None, comment_ids: Iterable[int]) -> set[int]:
    """Which of these comments the reader has reported and a moderator has not yet resolved."""
    ids = list(comment_ids)
    if reporter is None or not ids:
        return set()
    statement = _open_reports_statement(_arrays())
    return set(db.session.scalars(statement, {"reporter_id": reporter.id, "ids": ids}))


@lru_cache(maxsize=2)
def _open_reports_statement(arrays: bool) -> Executable:
    return select(Report.comment_id).where(
        Report.reporter_id == bindparam("reporter_id"),
        _among(Report.comment_id, "ids", arrays),
        Report.resolved_at.is_(None),
    )


def _clean_body(text: str) -> str:
    """Validate what the reader typed and return the clean HTML to store."""
    if not isinstance(text, str):
        raise InvalidComment("A comment is text.")
    text = text.replace("\r\n", "\n")  # a browser's line break counts as one character
    limit = current_app.config["COMMENT_MAX_LENGTH"]
    if not text.strip():
        raise InvalidComment("Please write something before you send it.")
    if len(text) > limit:
        raise InvalidComment(
            f"Your comment is {len(text):,} characters long; the limit is {limit:,}."
        )
    if sanitize.has_forbidden_characters(text):
        raise InvalidComment("Your comment contains characters that are not allowed.")
    try:
        body_html = sanitize.clean_comment(text)
    except sanitize.TooMuchMarkup:
        raise InvalidComment(
            "Your comment has too much formatting or too many links. Please simplify it."
        ) from None
    if not body_html:
        raise InvalidComment("Your comment has no text left once unsafe markup is removed.")
    return body_html


def _reply_target(article: Article, parent: Comment | int | None) -> Comment | None:
    """The comment replied to: on the same article and visible to everyone."""
    if parent is None:
        return None
    if not isinstance(parent, Comment):
        valid_id = type(parent) is int and 0 < parent <= MAX_ID
        parent = db.session.get(Comment, parent) if valid_id else None
    if parent is None or parent.article_id != article.id or not parent.is_visible_to_public:
        raise InvalidComment("You can only reply to a published comment in this thread.")
    return parent


def _check_own(comment: Comment, user: User) -> None:
    if comment.author_id is None or comment.author_id != user.id:
        raise NotAllowed("You can only change your own comments.")


def _check_own_and_open(comment: Comment, user: User) -> None:
    _check_own(comment, user)
    if not within_edit_window(comment):
        minutes = current_app.config["EDIT_WINDOW_SECONDS"] // 60
        raise NotAllowed(
            f"Comments can be changed for {minutes} minutes after posting; that time has passed."
        )


def within_edit_window(comment: Comment) -> bool:
    window = timedelta(seconds=current_app.config["EDIT_WINDOW_SECONDS"])
    return clock.now() - comment.created_at <= window


def _defer_screening(comment: Comment) -> None:
    jobs.defer(jobs.SCREEN_COMMENT, comment.id)


def truncate_ip(ip: str | None) -> str | None:
    """Keep only the network: an IPv4 /24 ("203.0.113.0") or an IPv6 /48."""
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def clip_user_agent(user_agent: str | None) -> str | None:
    if not user_agent:
        return None
    printable = "".join(ch for ch in user_agent if ch.isprintable())
    return printable[:USER_AGENT_MAX_LENGTH] or None


# -- reading -----------------------------------------------------------------------------------


class ThreadComment(NamedTuple):
    """A comment as one viewer may see it. Placeholders carry no author and no text.

    A named tuple, not a dataclass: a page makes one per comment shown (a hundred and more),
    and a frozen dataclass costs four times as much to make.
    """

    id: int
    parent_id: int | None
    depth: int  # as displayed: replies deeper than MAX_NESTING show flat at that depth
    status: CommentStatus  # as shown to this viewer; a hidden parent shows as REMOVED
    author_name: str | None
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    is_own: bool
    rejection_reason: str | None
    can_edit: bool
    can_delete: bool
    can_reply: bool
    can_report: bool
    edit_text: str  # the text to put in the edit box (own comments only)
    more_replies: int = 0  # replies in this top-level comment's thread not on this page

    @property
    def is_placeholder(self) -> bool:
        return self.status.is_tombstone


@dataclass(frozen=True)
class ThreadPage:
    comments: list[ThreadComment]
    next_cursor: str | None


class _Row(NamedTuple):
    """A comment's skeleton, as the tree queries read it (a tuple: a page makes hundreds)."""

    id: int
    parent_id: int | None
    status: CommentStatus
    guardian_hold: bool
    author_id: int | None
    created_at: datetime


# Replies nest this deep at most; deeper ones show flat under their thread, in order.
MAX_NESTING = 4
# Replies shown under each top-level comment on a page of the thread; the rest on demand.
REPLIES_SHOWN = 5
# Replies per page when one top-level comment's thread is opened ("more replies").
REPLIES_PAGE_SIZE = 100

def _skeleton_of(comment: Any) -> tuple[Any, ...]:
    """The columns a thread's shape is read from, of ``Comment`` or an alias of it."""
    return (
        comment.id,
        comment.parent_id,
        comment.status,
        comment.guardian_hold,
        comment.author_id,
        comment.created_at,
    )


_SKELETON = _skeleton_of(Comment)


def _viewer_id(viewer: Any) -> int | None:
    if isinstance(viewer, User):
        return viewer.id
    return None


def _readable(
    status: CommentStatus, guardian_hold: bool, author_id: int | None, viewer_id: int | None
) -> bool:
    """THE rule for reading a comment in full."""
    if is_public(status, guardian_hold):
        return True
    return viewer_id is not None and author_id == viewer_id and status in _OWN_ONLY


def _readable_sql(viewer_id: Any) -> ColumnExpressionArgument[bool]:
    """The same rule as ``_readable``, as SQL (``viewer_id``: an id, a bound parameter, or None)."""
    if viewer_id is None:
        return Comment.is_visible_to_public
    return or_(
        Comment.is_visible_to_public,
        and_(Comment.author_id == viewer_id, Comment.status.in_(_OWN_ONLY)),
    )


def _subtrees(root_ids: Iterable[int]) -> dict[int, _Row]:
    """Every reply under these comments, at any depth (their skeleton only)."""
    ids = list(root_ids)
    if not ids:
        return {}
    rows = db.session.execute(_subtree_statement(), {"roots": ids}).all()
    return {row[0]: _Row._make(row) for row in rows}


@lru_cache(maxsize=1)
def _subtree_statement() -> Executable:
    # Built once: building a recursive CTE and its alias costs more than running it.
    roots: BindParameter[list[int]] = bindparam("roots", expanding=True)
    tree = select(*_SKELETON).where(Comment.parent_id.in_(roots)).cte("tree", recursive=True)
    reply = aliased(Comment)
    tree = tree.union_all(
        select(*_skeleton_of(reply)).where(reply.parent_id == tree.c.id)
    )
    return select(tree)


def _shown(rows: dict[int, _Row], viewer_id: int | None) -> tuple[set[int], set[int]]:
    """(ids readable in full, ids shown as placeholders above a readable reply)."""
    full = {
        r.id for r in rows.values() if _readable(r.status, r.guardian_hold, r.author_id, viewer_id)
    }
    placeholders: set[int] = set()
    for comment_id in full:
        parent_id = rows[comment_id].parent_id
        while parent_id is not None and parent_id in rows:
            if parent_id in full or parent_id in placeholders:
                break  # the rest of the chain is already accounted for
            placeholders.add(parent_id)
            parent_id = rows[parent_id].parent_id
    return full, placeholders


def visible_to(comment: Comment, viewer: User | None) -> bool:
    """Whether the viewer sees this comment at all (in full, or as a placeholder)."""
    viewer_id = _viewer_id(viewer)
    if _readable(comment.status, comment.guardian_hold, comment.author_id, viewer_id):
        return True
    # A placeholder stands above a reply the viewer may read.
    return any(
        _readable(r.status, r.guardian_hold, r.author_id, viewer_id)
        for r in _subtrees([comment.id]).values()
    )


def readable_by(comment: Comment, viewer: User | None) -> bool:
    """Whether the viewer may read the comment's text (not just see its placeholder)."""
    return _readable(comment.status, comment.guardian_hold, comment.author_id, _viewer_id(viewer))


def read_without_transaction() -> None:
    """Let this request's reads run without BEGIN and ROLLBACK (PostgreSQL; call it before
    the request's first statement, from a view that only reads).

    Under PostgreSQL's READ COMMITTED every statement sees what was committed when it began,
    in a transaction or not, so a thread reads exactly the same rows; it saves two of a
    read's round trips. A write made anyway (a session's last-seen time) commits at once, as
    the one statement it is. Nothing happens where a transaction has begun already.
    """
    session = db.session()
    if session.in_transaction() or session.get_bind().dialect.name != "postgresql":
        return
    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})

    @after_this_request
    def _hand_back(response: Any) -> Any:
        # Once the answer is made, the connection goes back to the pool (which restores its
        # transactions), even where the session outlives the request (the tests' does).
        session.commit()
        return response


def thread(
    article: Article,
    viewer: User | None,
    sort: str = "oldest",
    cursor: str | None = None,
    limit: int | None = None,
    replies_of: int | None = None,
) -> ThreadPage:
    """One page of top-level comments with the first replies under each, as the viewer
    may see them; or, with ``replies_of``, one top-level comment with its replies paged.

    Top-level comments are paginated with an opaque cursor, oldest or newest first; replies
    follow their parent, oldest first, nested up to ``MAX_NESTING`` and flat below that;
    ``REPLIES_SHOWN`` of them per top-level comment, whose ``more_replies`` counts the rest.
    Read in SQL, whatever the thread's size: the page's top-level comments with the skeleton
    of their replies only (one query), then the columns shown of the comments on the page.
    """
    if sort not in SORTS:
        raise InvalidComment("Sort by 'oldest' or 'newest'.")
    viewer_id = _viewer_id(viewer)
    if replies_of is not None:
        return _replies_page(article, viewer_id, replies_of, cursor)
    return _top_level_page(article.id, viewer_id, sort, cursor, limit)


def first_page_of(
    key: str, viewer: User | None, sort: str = "oldest", limit: int | None = None
) -> ThreadPage | None:
    """:func:`thread`'s first page of the article with this key, without reading the article
    first (one round trip less); None when there is no such article."""
    if sort not in SORTS:
        raise InvalidComment("Sort by 'oldest' or 'newest'.")
    page = _top_level_page(key, _viewer_id(viewer), sort, None, limit)
    if page.comments:
        return page
    known = db.session.scalar(select(Article.id).where(Article.key == key))
    return page if known is not None else None


def _top_level_page(
    article: int | str, viewer_id: int | None, sort: str, cursor: str | None, limit: int | None
) -> ThreadPage:
    """A page of top-level comments of the article with this id (or key)."""
    limit = min(max(int(limit or current_app.config["COMMENTS_PER_PAGE"]), 1), MAX_PAGE_SIZE)
    position = _position(cursor) if cursor else None
    newest = sort == "newest"

    page_roots: list[_Row] = []
    rows: dict[int, _Row] = {}
    more = False
    while True:
        batch, subtree = _roots_and_replies(article, viewer_id, newest, position, limit + 1)
        full, placeholders = _shown(subtree, viewer_id)
        for root in batch:
            if root.id in full or root.id in placeholders:
                if len(page_roots) == limit:
                    more = True
                    break
                page_roots.append(root)
        rows.update(subtree)
        if more or len(batch) <= limit:
            break
        # every candidate was hidden: go on
        position = keyset.Position(batch[-1].created_at, batch[-1].id)

    full, placeholders = _shown(rows, viewer_id)
    children = _children(rows, full | placeholders)
    ordered: list[tuple[int, int, int]] = []  # (id, displayed depth, more replies)
    for root in page_roots:
        replies = _flatten(root.id, children)
        ordered.append((root.id, 0, max(len(replies) - REPLIES_SHOWN, 0)))
        ordered.extend((reply_id, depth, 0) for reply_id, depth in replies[:REPLIES_SHOWN])
    entries = _entries(ordered, viewer_id, placeholders)
    last = page_roots[-1] if more else None
    next_cursor = keyset.Position(last.created_at, last.id).encode() if last else None
    return ThreadPage(comments=entries, next_cursor=next_cursor)


def _roots_and_replies(
    article: int | str,
    viewer_id: int | None,
    newest: bool,
    position: tuple[datetime, int] | None,
    limit: int,
) -> tuple[list[_Row], dict[int, _Row]]:
    """Top-level comments the viewer may read, or that have replies (maybe a placeholder), in
    page order; and the skeleton of them with every reply under them: one round trip."""
    by_key = isinstance(article, str)
    statement = _page_tree_statement(viewer_id is not None, newest, position is not None, by_key)
    params: dict[str, Any] = {"article": article, "viewer_id": viewer_id, "limit": limit}
    if position is not None:
        params["created"], params["after_id"] = position
    found = db.session.connection().execute(statement, params).all()  # Core: columns only
    make = _Row._make
    rows = {row[0]: make(row) for row in found}
    roots = sorted(
        (r for r in rows.values() if r.parent_id is None),
        key=lambda r: (r.created_at, r.id),
        reverse=newest,
    )
    return roots, rows


@lru_cache(maxsize=16)
def _page_tree_statement(logged_in: bool, newest: bool, after: bool, by_key: bool) -> Executable:
    """``_root_statement`` as a CTE, and a recursive CTE of the replies under its rows."""
    roots = _root_statement(logged_in, newest, after, by_key).cte("page_roots")
    first = aliased(Comment)
    tree = (
        select(*_skeleton_of(first))
        .where(first.parent_id.in_(select(roots.c.id)))
        .cte("page_replies", recursive=True)
    )
    reply = aliased(Comment)
    tree = tree.union_all(
        select(*_skeleton_of(reply)).where(reply.parent_id == tree.c.id)
    )
    return union_all(select(roots), select(tree))


@lru_cache(maxsize=16)
def _root_statement(logged_in: bool, newest: bool, after: bool, by_key: bool) -> Select:
    reply = aliased(Comment)
    readable = _readable_sql(bindparam("viewer_id") if logged_in else None)
    article: Any = bindparam("article")
    if by_key:  # the article's id read in the same statement
        article = select(Article.id).where(Article.key == article).scalar_subquery()
    query = select(*_SKELETON).where(
        Comment.article_id == article,
        Comment.parent_id.is_(None),
        or_(readable, exists().where(reply.parent_id == Comment.id)),
    )
    if after:
        created: BindParameter[datetime] = bindparam("created")
        comment_id: BindParameter[int] = bindparam("after_id")
        if newest:
            query = query.where(
                or_(
                    Comment.created_at < created,
                    and_(Comment.created_at == created, Comment.id < comment_id),
                )
            )
        else:
            query = query.where(
                or_(
                    Comment.created_at > created,
                    and_(Comment.created_at == created, Comment.id > comment_id),
                )
            )
    if newest:
        query = query.order_by(Comment.created_at.desc(), Comment.id.desc())
    else:
        query = query.order_by(Comment.created_at, Comment.id)
    return query.limit(bindparam("limit"))


def _children(rows: dict[int, _Row], shown: set[int]) -> dict[int, list[_Row]]:
    children: dict[int, list[_Row]] = {}
    for comment_id in shown:
        row = rows[comment_id]
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    for replies in children.values():
        replies.sort(key=lambda r: (r.created_at, r.id))
    return children


def _flatten(root_id: int, children: dict[int, list[_Row]]) -> list[tuple[int, int]]:
    """The replies under a comment in display order, with their displayed depth."""
    ordered: list[tuple[int, int]] = []
    stack = [(reply, 1) for reply in reversed(children.get(root_id, ()))]
    while stack:
        row, depth = stack.pop()
        ordered.append((row.id, min(depth, MAX_NESTING)))
        stack.extend((reply, depth + 1) for reply in reversed(children.get(row.id, ())))
    return ordered


def _replies_page(
    article: Article, viewer_id: int | None, root_id: int, cursor: str | None
) -> ThreadPage:
    """One top-level comment and a page of the replies under it ("more replies")."""
    offset = _offset(cursor) if cursor else 0
    valid_id = type(root_id) is int and 0 < root_id <= MAX_ID
    root = (
        db.session.execute(
            select(*_SKELETON).where(
                Comment.id == root_id,
                Comment.article_id == article.id,
                Comment.parent_id.is_(None),
            )
        ).first()
        if valid_id
        else None
    )
    if root is None:
        raise CommentNotFound("That comment is not available.")
    rows = _subtrees([root_id])
    rows[root_id] = _Row(*root)
    full, placeholders = _shown(rows, viewer_id)
    if root_id not in full and root_id not in placeholders:
        raise CommentNotFound("That comment is not available.")
    replies = _flatten(root_id, _children(rows, full | placeholders))
    page = replies[offset : offset + REPLIES_PAGE_SIZE]
    ordered = [(root_id, 0, 0)] + [(reply_id, depth, 0) for reply_id, depth in page]
    more = offset + REPLIES_PAGE_SIZE < len(replies)
    next_cursor = keyset.encode_offset(offset + REPLIES_PAGE_SIZE) if more else None
    return ThreadPage(comments=_entries(ordered, viewer_id, placeholders), next_cursor=next_cursor)


def _entries(
    ordered: list[tuple[int, int, int]], viewer_id: int | None, placeholders: set[int]
) -> list[ThreadComment]:
    """The page's comments, read with the columns shown only (and their author's name)."""
    loaded = _load([comment_id for comment_id, _, _ in ordered])
    logged_in = viewer_id is not None
    entries: list[ThreadComment] = []
    for comment_id, depth, more_replies in ordered:
        row = loaded.get(comment_id)
        if row is None:
            continue
        _, parent_id, status, hold, author_id, body_html, created_at, edited_at, _, name = row
        placeholder = comment_id in placeholders
        if placeholder or (logged_in and author_id == viewer_id):
            entries.append(
                _entry(row, name, viewer_id, depth, placeholder, more_replies=more_replies)
            )
            continue
        # Most of a page: someone else's comment, read in full. The same entry as _entry()
        # makes for it, made here without its steps (a page has a hundred and more).
        shared = logged_in and is_public(status, hold)
        entries.append(
            ThreadComment(
                id=comment_id,
                parent_id=parent_id,
                depth=depth,
                status=status,
                author_name=name if author_id is not None else None,
                body_html=body_html,
                created_at=created_at,
                edited_at=edited_at,
                is_own=False,
                rejection_reason=None,
                can_edit=False,
                can_delete=False,
                can_reply=shared,
                can_report=shared,
                edit_text="",
                more_replies=more_replies,
            )
        )
    return entries


def describe(comment: Comment, viewer: User | None) -> ThreadComment | None:
    """One comment as the viewer sees it, or None if they may not see it at all."""
    viewer_id = _viewer_id(viewer)
    name = comment.author.display_name if comment.author is not None else None
    if readable_by(comment, viewer):
        return _entry(comment, name, viewer_id, depth=0, placeholder=False)
    if visible_to(comment, viewer):
        return _entry(comment, name, viewer_id, depth=0, placeholder=True)
    return None


def _load(ids: Sequence[int]) -> dict[int, Any]:
    if not ids:
        return {}
    # Core, not the ORM session: these rows are columns, and nothing is pending in a read.
    rows = db.session.connection().execute(_load_statement(_arrays()), {"ids": list(ids)}).all()
    return {row[0]: row for row in rows}


def _arrays() -> bool:
    """Whether the database takes a list of ids as one array parameter (PostgreSQL).

    ``id = ANY(:ids)`` is one statement text however many ids a page has, so the driver
    prepares it once per connection and the server plans it once; ``IN (:id_1, ...)``
    is a new text, parsed and planned again, for every count of ids.
    """
    return db.session.get_bind().dialect.name == "postgresql"


def _among(column: Any, name: str, arrays: bool) -> ColumnElement[bool]:
    """``column`` is one of the ids in parameter ``name`` (see :func:`_arrays`)."""
    if arrays:
        return column == any_(bindparam(name, type_=ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


@lru_cache(maxsize=2)
def _load_statement(arrays: bool) -> Executable:
    """The columns a thread shows, and the author's name: no ORM objects."""
    return (
        select(
            Comment.id,
            Comment.parent_id,
            Comment.status,
            Comment.guardian_hold,
            Comment.author_id,
            Comment.body_html,
            Comment.created_at,
            Comment.edited_at,
            Comment.rejection_reason,
            User.display_name.label("author_name"),
        )
        .outerjoin(User, User.id == Comment.author_id)
        .where(_among(Comment.id, "ids", arrays))
    )


def _entry(
    comment: Any,
    author_name: str | None,
    viewer_id: int | None,
    depth: int,
    placeholder: bool,
    more_replies: int = 0,
) -> ThreadComment:
    """``comment`` is a Comment or a row with the same columns."""
    if placeholder:
        status = comment.status if comment.status.is_tombstone else CommentStatus.REMOVED
        return ThreadComment(
            id=comment.id,
            parent_id=comment.parent_id,
            depth=depth,
            status=status,
            author_name=None,
            body_html="",
            created_at=comment.created_at,
            edited_at=None,
            is_own=False,
            rejection_reason=None,
            can_edit=False,
            can_delete=False,
            can_reply=False,
            can_report=False,
            edit_text="",
            more_replies=more_replies,
        )
    own = viewer_id is not None and comment.author_id == viewer_id
    public = is_public(comment.status, comment.guardian_hold)
    open_window = own and within_edit_window(comment)
    return ThreadComment(
        id=comment.id,
        parent_id=comment.parent_id,
        depth=depth,
        status=comment.status,
        author_name=author_name if comment.author_id is not None else None,
        body_html=comment.body_html,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        is_own=own,
        rejection_reason=comment.rejection_reason if own else None,
        can_edit=open_window and comment.status is not CommentStatus.REJECTED,
        can_delete=own and not comment.status.is_tombstone,
        can_reply=public and viewer_id is not None,
        can_report=public and viewer_id is not None and not own,
        edit_text=sanitize.plain_text(comment.body_html) if open_window else "",
        more_replies=more_replies,
    )


# -- cursors -----------------------------------------------------------------------------------

_BAD_CURSOR = "That page link is not valid. Start again from the first page."


def _position(cursor: str) -> keyset.Position:
    try:
        return keyset.Position.decode(cursor)
    except ValueError:
        raise BadCursor(_BAD_CURSOR) from None


def _offset(cursor: str) -> int:
    try:
        return keyset.decode_offset(cursor)
    except ValueError:
        raise BadCursor(_BAD_CURSOR) from None


# -- counts ------------------------------------------------------------------------------------


def public_counts(article_ids: Iterable[int]) -> dict[int, int]:
    """How many comments of each article everyone can read."""
    ids = list(article_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Comment.article_id, func.count())
        .where(
            Comment.article_id.in_(ids),
            Comment.is_visible_to_public,
        )
        .group_by(Comment.article_id)
    ).all()
    counts = dict.fromkeys(ids, 0)
    counts.update({article_id: count for article_id, count in rows})
    return counts


def recent_public(article: Article, limit: int = 50) -> list[Comment]:
    """The newest comments everyone may read (for the article's feed)."""
    return list(
        db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.article_id == article.id, Comment.is_visible_to_public)
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(limit)
        )
    )


def front_page(limit: int = 100) -> list[tuple[Article, int]]:
    """The newest articles with their public comment counts."""
    found = db.session.scalars(
        select(Article).order_by(Article.created_at.desc(), Article.id.desc()).limit(limit)
    ).all()
    counts = public_counts(a.id for a in found)
    return [(article, counts[article.id]) for article in found]
