"""The under-16 queue: oldest first, in context, with findings and the author's history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from app import clock
from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus
from app.services import moderation
from tests import factories
from tests.helpers import shown
from tests.test_moderation_support import article_items, hold_comment, make_moderator


@pytest.fixture
def child(make_user):
    return make_user(AgeClass.UNDER_16_PRESUMED)


def _held_at(comment: Comment, minutes_ago: int) -> Comment:
    comment.held_since = clock.now() - timedelta(minutes=minutes_ago)
    db.session.commit()
    return comment


def test_queue_shows_oldest_first_with_how_long_each_waited(client, login, child, make_article):
    article = make_article()
    newer = _held_at(hold_comment(article, child, "Nyere"), 5)
    older = _held_at(hold_comment(article, child, "Eldre"), 125)
    login(make_moderator())
    page = client.get("/moderation/minors").text
    assert article_items(page) == [str(older.id), str(newer.id)]
    assert "waited 2 h 5 min" in page
    assert "waited 5 min" in page
    assert "2 waiting" in page


def test_queue_shows_the_article_and_the_parent_comment(client, login, child, make_article):
    article = make_article(title="Skolene får gratis lunsj")
    adult = factories.make_user(AgeClass.ADULT)
    parent = factories.make_comment(article, adult, "Hva synes elevene?")
    hold_comment(article, child, "Jeg liker det!", parent=parent)
    login(make_moderator())
    page = client.get("/moderation/minors").text
    assert "Skolene får gratis lunsj" in page
    assert f'href="/articles/{article.key}"' in page
    assert "In reply to:</span> Hva synes elevene?" in page


def test_findings_are_highlighted_once_screened(client, login, child, make_article, run_jobs):
    comment = hold_comment(make_article(), child, "Ring meg på 912 34 567 <script>x</script>")
    login(make_moderator())
    before = client.get("/moderation/minors").text
    assert "Not yet screened — you may still decide." in before
    assert f'action="/moderation/comments/{comment.id}/approve"' in before
    run_jobs()
    after = shown(client.get("/moderation/minors"))
    assert "Not yet screened" not in after
    assert '<mark class="finding finding-phone" title="phone">912 34 567</mark>' in after
    assert "1 phone number" in after
    assert "<script>x" not in after


def test_a_comment_without_findings_says_so(client, login, child, make_article, run_jobs):
    hold_comment(make_article(), child, "Fin sak om bybanen.")
    run_jobs()
    login(make_moderator())
    assert "Screening found nothing." in client.get("/moderation/minors").text


def test_the_authors_earlier_decisions_are_shown(client, login, child, make_article):
    article = make_article()
    moderator = make_moderator()
    for text in ("en", "to"):
        moderation.approve(moderator, hold_comment(article, child, text).id)
    moderation.reject(moderator, hold_comment(article, child, "tre").id, "Contact details")
    moderation.reject(moderator, hold_comment(article, child, "fire").id, "Off-topic: les saken")
    hold_comment(article, child, "Venter")
    newcomer = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    hold_comment(article, newcomer, "Første gang")
    login(moderator)
    page = client.get("/moderation/minors").text
    assert "Earlier: 2 approved, 2 rejected, 0 removed." in page
    assert "<li>Off-topic: les saken</li>" in page and "<li>Contact details</li>" in page
    assert "No earlier decisions about this author." in page


def test_a_page_costs_the_same_few_queries_however_many_authors(
    client, login, make_user, make_article
):
    article = make_article()
    moderator = make_moderator()
    parent = factories.make_comment(article, make_user(AgeClass.ADULT), "Forelder")
    for n in range(30):
        author = make_user(AgeClass.UNDER_16_PRESUMED)
        moderation.reject(moderator, hold_comment(article, author, f"gammel {n}").id, "Off-topic")
        hold_comment(article, author, f"ny {n}", parent=parent)
    login(moderator)
    client.get("/moderation/minors")  # warm up: session touch, template compilation
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = client.get("/moderation/minors").text
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(article_items(page)) == 30
    assert len(statements) <= 12, statements  # not one per item or author


def test_the_queue_is_paginated_by_keyset(client, login, child, make_article, app):
    app.config["MODERATION_PAGE_SIZE"] = 3
    article = make_article()
    same_instant = clock.now() - timedelta(hours=1)
    comments = [hold_comment(article, child, f"nr {n}") for n in range(7)]
    for comment in comments:
        comment.held_since = same_instant  # ties are broken by id
    db.session.commit()
    login(make_moderator())
    seen: list[str] = []
    url = "/moderation/minors"
    pages = 0
    while url:
        page = client.get(url).text
        seen.extend(article_items(page))
        pages += 1
        marker = 'rel="next"'
        if marker in page:
            href = page.split(marker)[0].rsplit('href="', 1)[1].split('"', 1)[0]
            url = href.replace("&amp;", "&")
        else:
            url = None
    assert seen == [str(c.id) for c in comments]
    assert pages == 3


def test_the_item_view_shows_the_comment_and_its_actions(client, login, child, make_article):
    comment = hold_comment(make_article(), child, "Se på meg")
    login(make_moderator())
    page = client.get(f"/moderation/comments/{comment.id}").text
    assert "Se på meg" in page
    assert f'action="/moderation/comments/{comment.id}/approve"' in page
    assert "Presumed under 16" in page


def test_the_item_view_of_a_decided_comment_shows_the_decision(client, login, child, make_article):
    comment = hold_comment(make_article(), child, "Avvist")
    moderator = make_moderator()
    moderation.reject(moderator, comment.id, "Bullying or harassment")
    login(moderator)
    page = shown(client.get(f"/moderation/comments/{comment.id}"))
    assert "Rejected" in page and "Reason given: Bullying or harassment" in page
    assert f'action="/moderation/comments/{comment.id}/approve"' not in page


def test_an_adults_published_comment_is_not_a_queue_item(client, login, make_user, make_article):
    comment = factories.make_comment(make_article(), make_user(AgeClass.ADULT), "Voksen")
    login(make_moderator())
    assert client.get(f"/moderation/comments/{comment.id}").status_code == 404


def test_overview_counts_each_queue_and_the_oldest_wait(client, login, child, make_article):
    article = make_article()
    _held_at(hold_comment(article, child), 90)
    hold_comment(article, child)
    login(make_moderator())
    page = client.get("/moderation/").text
    assert "<strong>2</strong> waiting" in page
    assert "Oldest has waited <strong>1 h 30 min</strong>" in page
    assert "2 not yet screened." in page
    assert 'href="/moderation/guardian/"' in page


def test_an_empty_queue_says_so(client, login):
    login(make_moderator())
    page = client.get("/moderation/minors").text
    assert "The queue is empty." in page
    assert "0 waiting" in page


def test_held_comments_stay_pending_in_the_queue(client, login, child, make_article):
    comment = hold_comment(make_article(), child)
    login(make_moderator())
    client.get("/moderation/minors")
    client.get(f"/moderation/comments/{comment.id}")
    db.session.expire_all()
    assert (
        db.session.get(Comment, comment.id).status is CommentStatus.PENDING
    )  # reading decides nothing
