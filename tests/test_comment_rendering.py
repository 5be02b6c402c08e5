"""A thread's plain comments (nothing to do on them: every comment, for an anonymous reader)
are drawn by app/comments/rendering.py instead of the ``comment`` macro. Readers get the same
page to the byte: each kind of comment is rendered both ways here and compared."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app import clock
from app.comments import views
from app.extensions import db
from app.models import AgeClass, CommentStatus
from app.models.comment import TOMBSTONE
from tests.factories import make_comment

CSRF = re.compile(r'(name="csrf-token" content="|name="csrf_token" value=")[^"]+"')


def every_kind_of_comment(article, make_user):
    """Published, edited, old, by an erased author, with odd characters; tombstones of each
    kind with replies under them; replies down to the deepest nesting; held and rejected
    comments (which no one else sees)."""
    writer, other = make_user(AgeClass.ADULT), make_user(AgeClass.ADULT, name='Å <"b"> & c')
    first = make_comment(article, writer, "Første <b>ord</b> & 'sitat'")
    edited = make_comment(article, other, "Endret", parent=first)
    edited.edited_at = clock.now()
    old = make_comment(article, writer, "Gammel")
    old.created_at = clock.now() - timedelta(days=40, minutes=7)
    nameless = make_comment(article, writer, "Uten navn")
    nameless.author = None
    for status in (CommentStatus.DELETED, CommentStatus.REMOVED, CommentStatus.ERASED):
        gone = make_comment(article, writer, f"Borte {status.value}")
        make_comment(article, other, f"Svar under {status.value}", parent=gone)
        gone.status = status
        for field, value in TOMBSTONE.items():
            setattr(gone, field, value)
    parent = first
    for n in range(6):
        parent = make_comment(article, other, f"Dypt {n}", parent=parent)
    make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Venter")
    make_comment(article, writer, "Avvist", status=CommentStatus.REJECTED)
    db.session.commit()
    return writer


def both_ways(browser, monkeypatch, url: str) -> tuple[str, str]:
    fast = browser.get(url)
    assert fast.status_code == 200
    with monkeypatch.context() as patch:
        patch.setattr(views, "plain_comment", lambda *args: None)  # the macro for every comment
        slow = browser.get(url)
    assert slow.status_code == 200
    return CSRF.sub(r"\1", fast.text), CSRF.sub(r"\1", slow.text)


@pytest.mark.parametrize("path", ["/articles/{}", "/embed/{}"])
@pytest.mark.parametrize("query", ["?lang=nb", "?lang=en&tz=America/St_Johns", "?sort=newest&x=1"])
def test_an_anonymous_reader_gets_the_macros_page_to_the_byte(
    app, make_user, make_article, monkeypatch, path, query
):
    article = make_article()
    every_kind_of_comment(article, make_user)
    fast, slow = both_ways(app.test_client(), monkeypatch, path.format(article.key) + query)
    assert fast == slow
    for kind in ("deleted", "removed", "erased"):
        assert f"status-{kind}" in fast
    assert "depth-4" in fast and "edited" in fast and "Gammel" in fast
    assert "Venter" not in fast and "Avvist" not in fast


def test_a_readers_page_gets_the_macros_page_to_the_byte(
    app, make_user, make_article, monkeypatch, login
):
    """A logged-in reader's own comments and others' (with forms) are still the macro's; the
    tombstones among them are plain."""
    article = make_article()
    writer = every_kind_of_comment(article, make_user)
    browser = app.test_client()
    login(writer, via=browser)
    fast, slow = both_ways(browser, monkeypatch, f"/articles/{article.key}")
    assert fast == slow
    assert "Avvist" in fast and "status-erased" in fast
