"""Big threads stay small to read: replies are capped and paged, deep chains show flat, and
an anonymous reader's thread comes from the cache without asking the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, insert, select

from app import clock, jobs
from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus
from app.services import comments as comments_service
from app.services import page_cache
from tests.factories import make_comment
from tests.helpers import shown, statements_sent, token_of


def chain(article, author, depth: int, text: str = "Svar") -> list[int]:
    """A reply to a reply to a reply ... ``depth`` comments deep, bulk-inserted; their ids."""
    start = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    begin = clock.now() - timedelta(hours=2)
    rows = [
        {
            "id": start + n,
            "article_id": article.id,
            "author_id": author.id,
            "parent_id": start + n - 1 if n else None,
            "body_html": f"<p>{text} {n}</p>",
            "status": CommentStatus.PUBLISHED,
            "created_at": begin + timedelta(seconds=n),
            "published_at": begin + timedelta(seconds=n),
            "guardian_hold": False,
        }
        for n in range(depth)
    ]
    db.session.execute(insert(Comment), rows)
    db.session.commit()
    return [row["id"] for row in rows]


@pytest.fixture
def browser(app):
    """Another reader's browser."""
    return lambda: app.test_client()


def listing(browser, article, **params):
    response = browser.get(f"/api/v1/articles/{article.key}/comments", query_string=params)
    assert response.status_code == 200, response.text
    return response


# -- a 3,000-deep chain ------------------------------------------------------------------------


def test_a_3000_deep_chain_makes_a_small_first_page(client, make_user, make_article):
    article = make_article()
    ids = chain(article, make_user(AgeClass.ADULT), 3000)
    page = client.get(f"/articles/{article.key}")
    assert page.status_code == 200
    assert len(page.data) < 100_000  # was 7.4 MB
    assert "Svar 0" in page.text and "Svar 5" in page.text and "Svar 6" not in page.text
    assert "2994 more replies" in page.text
    api = listing(client, article).get_json()["comments"]
    assert [c["id"] for c in api] == ids[:6]
    assert api[0]["more_replies"] == 2994
    assert len(listing(client, article).data) < 20_000


def test_deep_replies_show_flat_under_their_thread(client, make_user, make_article):
    article = make_article()
    chain(article, make_user(AgeClass.ADULT), 8)
    page = comments_service.thread(article, None)
    depths = [entry.depth for entry in page.comments]
    assert depths == [0, 1, 2, 3, 4, 4]  # nested 4 deep, then flat
    assert max(entry.depth for entry in page.comments) == comments_service.MAX_NESTING


def test_the_rest_of_a_long_thread_is_read_a_page_at_a_time(client, make_user, make_article):
    article = make_article()
    ids = chain(article, make_user(AgeClass.ADULT), 3000)
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"thread": ids[0], **({"cursor": cursor} if cursor else {})}
        body = listing(client, article, **params).get_json()
        assert body["comments"][0]["id"] == ids[0]  # the thread's top comment heads each page
        assert len(body["comments"]) <= comments_service.REPLIES_PAGE_SIZE + 1
        seen.extend(c["id"] for c in body["comments"][1:])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ids[1:]  # every reply, once, in order
    assert pages == 30
    html = client.get(f"/articles/{article.key}?thread={ids[0]}")
    assert "Svar 100" in html.text and "Svar 101" not in html.text and "More replies" in html.text


def test_more_replies_never_shows_a_held_reply_to_anyone_but_its_author(
    client, login, make_user, make_article, browser
):
    article = make_article()
    adult = make_user(AgeClass.ADULT)
    top = make_comment(article, adult, "Hovedinnlegg")
    for n in range(6):
        make_comment(article, adult, f"Offentlig svar {n}", parent=top)
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    make_comment(article, teen, "Hemmelig svar", parent=top)  # held
    anonymous = browser()
    for who in (anonymous, client):
        texts = " ".join(
            c["body_html"] for c in listing(who, article, thread=top.id).get_json()["comments"]
        )
        assert "Offentlig svar 5" in texts and "Hemmelig svar" not in texts
    page = shown(anonymous.get(f"/articles/{article.key}?thread={top.id}"))
    assert "Offentlig svar 5" in page and "Hemmelig svar" not in page
    login(teen)
    mine = listing(client, article, thread=top.id).get_json()["comments"]
    assert any("Hemmelig svar" in c["body_html"] for c in mine)


@pytest.mark.parametrize("thread", ["abc", "0", "99999999999999999999", "-1"])
def test_asking_for_replies_of_nothing_is_a_clear_not_found(client, make_article, thread):
    article = make_article()
    for url in (
        f"/api/v1/articles/{article.key}/comments?thread={thread}",
        f"/articles/{article.key}?thread={thread}",
        f"/embed/{article.key}?thread={thread}",
    ):
        assert client.get(url).status_code == 404


def test_replies_of_a_comment_held_or_elsewhere_are_not_found(client, make_user, make_article):
    article, other = make_article(), make_article()
    held = make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Venter")
    elsewhere = make_comment(other, make_user(AgeClass.ADULT), "Annen sak")
    for comment_id in (held.id, elsewhere.id):
        response = client.get(f"/api/v1/articles/{article.key}/comments?thread={comment_id}")
        assert response.status_code == 404
        assert "Venter" not in response.text


def test_a_bad_replies_cursor_is_refused_clearly(client, make_user, make_article):
    article = make_article()
    top = make_comment(article, make_user(AgeClass.ADULT), "Topp")
    response = client.get(
        f"/api/v1/articles/{article.key}/comments?thread={top.id}&cursor=not-ours"
    )
    assert response.status_code == 400


def test_a_page_of_hidden_top_comments_still_reaches_the_visible_ones(
    client, make_user, make_article
):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    adult = make_user(AgeClass.ADULT)
    for n in range(5):
        held = make_comment(article, teen, f"Holdt {n}")
        make_comment(article, teen, f"Holdt svar {n}", parent=held)  # replies nobody may read
    make_comment(article, adult, "Synlig")
    body = listing(client, article, limit=2).get_json()
    assert [c["body_html"] for c in body["comments"]] == ["<p>Synlig</p>"]
    assert body["next_cursor"] is None


# -- the cache is asked first -----------------------------------------------------------------


def test_a_cached_thread_is_served_without_asking_the_database(
    app, client, make_user, make_article, browser
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Fra hurtigbufferen")
    anonymous = browser()
    urls = [
        f"/articles/{article.key}",
        f"/embed/{article.key}",
        f"/api/v1/articles/{article.key}/comments",
    ]
    for url in urls:
        anonymous.get(url)  # fills the cache
    with statements_sent() as statements:
        for url in urls:
            response = anonymous.get(url)
            assert "Fra hurtigbufferen" in response.text
    assert statements == []


def test_invalidating_never_scans_redis(client, login, make_user, make_article, monkeypatch):
    article = make_article()
    anonymous_view = client.get(f"/articles/{article.key}")
    assert anonymous_view.status_code == 200
    conn = jobs.connection()

    def no_scan(*args, **kwargs):
        raise AssertionError("the page cache scanned Redis")

    monkeypatch.setattr(conn, "scan_iter", no_scan)
    monkeypatch.setattr(conn, "scan", no_scan)
    login(make_user(AgeClass.ADULT))
    response = client.post(
        f"/articles/{article.key}/comments",
        data={"body": "Ny kommentar", "csrf_token": token_of(client)},
    )
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": token_of(client)})
    assert "Ny kommentar" in client.get(f"/articles/{article.key}").text


def test_a_rendering_begun_before_an_erasure_is_not_kept(client, make_user, make_article):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Snart borte")

    def render_while_erased() -> bytes:
        body = b"rendered from the old rows"
        page_cache.invalidate(article.id)  # the erasure commits meanwhile
        return body

    page_cache.fill(article, "page:", render_while_erased)
    assert page_cache.get(article.key, "page:") is None


# -- HTTP caching -------------------------------------------------------------------------------


def test_anonymous_listing_may_be_kept_briefly_by_a_cdn(client, make_user, make_article):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Offentlig")
    first = listing(client, article)
    control = first.headers["Cache-Control"]
    assert "public" in control and "max-age=5" in control and "s-maxage=10" in control
    assert "stale-while-revalidate=10" in control
    assert "Cookie" in first.headers["Vary"]
    assert "Set-Cookie" not in first.headers
    again = client.get(
        f"/api/v1/articles/{article.key}/comments", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""


def test_a_new_comment_changes_the_etag(client, login, make_user, make_article, browser):
    article = make_article()
    anonymous = browser()
    before = listing(anonymous, article).headers["ETag"]
    make_comment(article, make_user(AgeClass.ADULT), "Nytt")
    page_cache.invalidate(article.id)
    after = anonymous.get(
        f"/api/v1/articles/{article.key}/comments", headers={"If-None-Match": before}
    )
    assert after.status_code == 200 and "Nytt" in after.text


def test_a_logged_in_readers_listing_is_kept_by_no_cache(client, login, make_user, make_article):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    make_comment(article, teen, "Bare min")
    login(teen)
    response = listing(client, article)
    assert "Bare min" in response.text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "public" not in response.headers["Cache-Control"]


# -- logged-in reads write nothing ------------------------------------------------------------


class Writes:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self.statements.append(statement.split()[0])


def test_a_logged_in_reader_reading_threads_writes_nothing(
    app, client, login, make_user, make_article, monkeypatch
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Les meg")
    login(make_user(AgeClass.ADULT))
    writes = Writes()
    event.listen(db.engine, "before_cursor_execute", writes)
    try:
        for _ in range(3):
            assert "Les meg" in client.get(f"/articles/{article.key}").text
            assert "Les meg" in listing(client, article).text
        assert writes.statements == []
        later = clock.now() + timedelta(minutes=6)
        monkeypatch.setattr(clock, "now", lambda: later)
        client.get(f"/articles/{article.key}")
        client.get(f"/articles/{article.key}")
        assert writes.statements == ["UPDATE"]  # last seen, once per few minutes
    finally:
        event.remove(db.engine, "before_cursor_execute", writes)


# -- round trips per logged-in read -----------------------------------------------------------


def test_a_logged_in_first_page_takes_three_statements_however_many_replies(
    app, client, login, make_user, make_article, browser
):
    """Reader and session, the page's comments with their replies (one query, which finds the
    article by its key too), the shown columns: a logged-in read of the API costs three
    statements, with one reply or a thousand (and one, when the thread's shared rendering
    serves a reader who has written nothing in it)."""
    article = make_article()
    writer = make_user(AgeClass.ADULT)
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    for n in range(3):
        top = make_comment(article, writer, f"Innlegg {n}")
        make_comment(article, writer, f"Svar {n}", parent=top)
        make_comment(article, teen, f"Holdt tilbake {n}", parent=top)  # pending: hidden
    chain(article, writer, 40, text="Kjede")
    reader = make_user(AgeClass.ADULT)
    login(reader)
    url = f"/api/v1/articles/{article.key}/comments"
    client.get(url)  # the first request of a session may refresh it
    page_cache.invalidate(article.id)  # as any change to the thread does
    for expected in (3, 1):  # made, then served from the rendering that read kept
        with statements_sent() as statements:
            seen = client.get(url).get_json()["comments"]
        bodies = " ".join(c["body_html"] for c in seen)
        assert "Innlegg 2" in bodies and "Svar 2" in bodies and "Kjede 5" in bodies
        assert "Holdt tilbake" not in bodies  # a held reply is never served to another reader
        assert len(statements) == expected, statements
        assert not any(s.upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in statements)


def test_a_reader_who_wrote_in_the_thread_always_gets_their_own_reading_in_three_statements(
    app, client, login, make_user, make_article, browser
):
    """A reader's own comments (held, rejected, deleted, published) make their page differ
    from the anonymous one: it is read for them every time, and never kept."""
    article = make_article()
    writer = make_user(AgeClass.ADULT)
    for n in range(3):
        top = make_comment(article, writer, f"Innlegg {n}")
        make_comment(article, writer, f"Svar {n}", parent=top)
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    make_comment(article, teen, "Mitt eget, holdt tilbake")  # pending
    url = f"/api/v1/articles/{article.key}/comments"
    assert "holdt tilbake" not in listing(browser(), article).text  # the anonymous rendering
    login(teen)
    client.get(url)  # the first request of a session may refresh it
    for _ in range(2):
        with statements_sent() as statements:
            seen = client.get(url).get_json()["comments"]
        (own,) = [c for c in seen if c["is_own"]]
        assert own["body_html"] == "<p>Mitt eget, holdt tilbake</p>"
        assert own["status"] == "pending"
        assert len(statements) == 3, statements
    # ... and what they were given was never kept for anyone else.
    assert "holdt tilbake" not in listing(browser(), article).text


def test_a_reader_who_has_written_nothing_there_is_served_the_threads_shared_rendering(
    app, client, login, make_user, make_article, csrf_token, browser
):
    """It is what they would be shown anyway, kept by no cache on the way; the moment they
    write there (even a comment that waits for a moderator), they get their own reading."""
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Fra før")
    url = f"/api/v1/articles/{article.key}/comments"
    anonymous = listing(browser(), article)
    reader = make_user(AgeClass.UNKNOWN)  # held until their age is known
    login(reader)
    answer = client.get(url)
    assert answer.data == anonymous.data  # the same bytes
    assert answer.headers["Cache-Control"] == "private, no-store" and "ETag" not in answer.headers
    posted = client.post(url, json={"body": "Mitt første"}, headers={"X-CSRFToken": csrf_token()})
    assert posted.get_json()["status"] == "pending"
    mine = [c for c in client.get(url).get_json()["comments"] if c["is_own"]]
    assert [c["body_html"] for c in mine] == ["<p>Mitt første</p>"]
    assert "Mitt første" not in listing(browser(), article).text  # held: nobody else sees it
    assert client.get("/api/v1/articles/no-such-story/comments").status_code == 404


def test_posting_a_reply_reads_nothing_back_after_it_commits(
    app, client, login, make_user, make_article, csrf_token, browser
):
    article = make_article()
    key = article.key
    top_id = make_comment(article, make_user(AgeClass.ADULT), "Topp").id
    login(make_user(AgeClass.ADULT))
    token = csrf_token()
    url = f"/api/v1/articles/{key}/comments"
    client.get(url)
    with statements_sent() as statements:

        def committed(conn) -> None:
            statements.append("COMMIT")

        event.listen(db.engine, "commit", committed)
        try:
            response = client.post(
                url, json={"body": "Et svar", "parent_id": top_id}, headers={"X-CSRFToken": token}
            )
        finally:
            event.remove(db.engine, "commit", committed)
    assert response.status_code == 201 and response.get_json()["status"] == "published"
    assert statements[-1] == "COMMIT", statements  # no read-back after it
    # The erasure guard asks whether the author is being erased in the INSERT itself
    # (tests/test_invariant_erased_stays_hidden.py), and the parent's author is not read again.
    assert len(statements) <= 6, statements
    assert "Et svar" in browser().get(url).text  # approved at once, for everyone


def test_a_pages_shortcut_for_other_readers_comments_makes_the_entry_the_full_rule_makes(
    app, make_user, make_article
):
    """``_entries`` makes someone else's comment inline, without ``_entry()``'s steps (a page
    has a hundred and more); for every kind of comment and every viewer its entry must be the
    one ``_entry()`` makes, so the two descriptions cannot drift apart."""
    article = make_article()
    writer, other = make_user(AgeClass.ADULT), make_user(AgeClass.ADULT)
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    top = make_comment(article, writer, "Innlegg")
    make_comment(article, other, "Svar fra en annen", parent=top)
    gone = make_comment(article, writer, "Slettet", status=CommentStatus.DELETED)
    make_comment(article, other, "Svar under en gravstein", parent=gone)
    make_comment(article, teen, "Holdt tilbake")  # pending: its author's only
    make_comment(article, writer, "Avvist", status=CommentStatus.REJECTED)
    held = make_comment(article, other, "Foresattes sak")
    held.guardian_hold = True
    db.session.commit()
    make_comment(article, teen, "Svar til en holdt", parent=held)

    seen_kinds = set()
    for viewer in (None, writer, other, teen):
        viewer_id = viewer.id if viewer is not None else None
        page = comments_service.thread(article, viewer)
        rows = comments_service._load([entry.id for entry in page.comments])
        for entry in page.comments:
            row = rows[entry.id]
            name = row[-1]
            full = comments_service._entry(
                row,
                name,
                viewer_id,
                entry.depth,
                placeholder=False,
                more_replies=entry.more_replies,
            )
            stand_in = comments_service._entry(
                row, name, viewer_id, entry.depth, placeholder=True, more_replies=entry.more_replies
            )
            assert entry in (full, stand_in), (viewer_id, entry)
            seen_kinds.add((entry.status, entry.is_own, entry == stand_in))
    assert len(seen_kinds) >= 5  # published, own pending, own rejected, tombstones, stand-ins
