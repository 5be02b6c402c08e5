"""A thread's plainest comments, rendered without a Jinja macro call each.

Most comments on a page offer its reader nothing to do (every comment, for an anonymous
reader): a published comment or a tombstone, without forms, badges or a "more replies" link.
An uncached thread page spent most of its time calling the ``comment`` macro of
templates/comments/_thread.html for each of them (a hundred on a first page). For exactly
those, :func:`plain_comment` gives the macro's own bytes from Python; for any other comment
it gives None and the template calls the macro. tests/test_comment_rendering.py renders
every kind of plain comment both ways and compares them byte for byte, so the macro stays
the one description of a comment: change it and that test says what to change here.

Every text is escaped as the template escapes it; ``body_html`` is the stored, sanitised
HTML the template marks safe. Labels come from the template (``urls``), already translated.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from app.models import CommentStatus
from app.services.comments import ThreadComment

_PLACEHOLDER_LABELS = {
    CommentStatus.DELETED: "deleted",
    CommentStatus.ERASED: "erased",
    CommentStatus.REMOVED: "removed_by_moderator",
}
_ACTIONS = "\n      \n      \n      \n      \n    </div>\n  "


def plain_comment(
    entry: ThreadComment, urls: dict[str, Any], embed: bool, reported_ids: Any
) -> Markup | None:
    """The ``comment`` macro's output for a comment with nothing to do on it, else None."""
    status = entry.status
    if (
        entry.can_reply
        or entry.can_edit
        or entry.can_delete
        or entry.can_report
        or entry.more_replies
        or entry.id in reported_ids
    ):
        return None
    tombstone = status in _PLACEHOLDER_LABELS
    if not tombstone and status is not CommentStatus.PUBLISHED:
        return None  # pending and rejected comments carry badges: the macro draws them
    kept = "_plain_embed" if embed else "_plain"
    parts = urls.get(kept)
    if parts is None:  # what every comment of the list says, escaped once for the list
        parts = urls[kept] = _Parts(urls, embed)
    depth = entry.depth if entry.depth < 6 else 6
    own = " own" if entry.is_own else ""
    ident = entry.id
    head = (
        f'\n\n<article class="comment depth-{depth} status-{status.value}{own}" '
        f'id="comment-{ident}" data-comment-id="{ident}" tabindex="-1">\n  '
    )
    if tombstone:
        text = parts.placeholders[status]
        return Markup(f'{head}\n    <p class="placeholder">{text}</p>\n  \n  \n</article>\n')  # noqa: S704 - escaped
    who = escape(entry.author_name) if entry.author_name else parts.removed
    created = entry.created_at
    stamp = parts.stamp
    edited = parts.edited if entry.edited_at else ""
    return Markup(  # noqa: S704 - every value escaped; body_html is stored sanitised
        f"{head}\n    \n"
        f'    <header class="comment-meta">\n'
        f'      <span class="author">{who}</span>\n'
        f'{parts.permalink}{ident}"{parts.target}>'
        # isoformat writes digits, '-', ':' and 'T' only: nothing to escape
        f'<time datetime="{created.isoformat(timespec="seconds")}Z" '
        f'title="{escape(stamp.full_time(created))}">{escape(stamp.when(created))}</time>'
        f"{parts.link}</a>\n"
        f"      {edited}\n      \n    </header>\n    \n"
        f"{parts.body}{entry.body_html}</div>\n"
        f'    <div class="comment-actions">{_ACTIONS}\n  \n</article>\n'
    )


class _Parts:
    """The list's constant pieces of a plain comment, escaped once."""

    def __init__(self, urls: dict[str, Any], embed: bool) -> None:
        self.stamp = urls["stamp"]
        self.removed = escape(urls["removed"])
        self.placeholders = {
            status: escape(urls[label]) for status, label in _PLACEHOLDER_LABELS.items()
        }
        self.edited = f'<span class="edited">{escape(urls["edited"])}</span>'
        self.permalink = f'      <a class="permalink" href="{escape(urls["permalink"])}#comment-'
        self.target = ' target="_blank" rel="noopener"' if embed else ""
        self.link = f'<span class="visually-hidden"> ({escape(urls["link"])})</span>'
        self.body = f'    <div class="comment-body" lang="{escape(urls["lang"])}">'
