"""Readers log in with Facebook and comment under articles; children's comments wait."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import clock, jobs
from app.extensions import db
from app.jobs.moderation import screen_comment
from app.models import AgeClass, Comment, CommentStatus, Report, Task, User
from app.services import comments as comments_service
from app.services import page_cache
from tests.factories import make_comment
from tests.helpers import csrf_from, shown, token_of

PERSONA_IDS = {
    "teen": "100000000000013",
    "young": "100000000000018",
    "adult": "100000000000021",
    "unknown": "100000000000000",
}
WAITING = "waiting for a moderator"
PREMODERATION_NOTICE = "Your comments are read by a moderator before anyone else can see them"


# -- helpers -----------------------------------------------------------------------------------


def post_form(browser: FlaskClient, article, body: str, parent_id: int | None = None, **extra):
    data = {"body": body, "csrf_token": token_of(browser), **extra}
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    return browser.post(f"/articles/{article.key}/comments", data=data)


def post_api(browser: FlaskClient, article, body: str, parent_id: int | None = None):
    payload: dict = {"body": body}
    if parent_id is not None:
        payload["parent_id"] = parent_id
    return browser.post(
        f"/api/v1/articles/{article.key}/comments",
        json=payload,
        headers={"X-CSRFToken": token_of(browser)},
    )


def listing(browser: FlaskClient, article, **params) -> dict:
    response = browser.get(f"/api/v1/articles/{article.key}/comments", query_string=params)
    assert response.status_code == 200, response.text
    return response.get_json()


def api_texts(browser: FlaskClient, article) -> str:
    return " ".join(c["body_html"] for c in listing(browser, article)["comments"])


def comments_on(article) -> list[Comment]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Comment).where(Comment.article_id == article.id).order_by(Comment.id)
        )
    )


def screening_task_of(comment: Comment) -> Task | None:
    return db.session.scalar(
        select(Task).where(Task.func == jobs.func_path(screen_comment), Task.args == [comment.id])
    )


def persona(key: str) -> User:
    return db.session.scalar(select(User).where(User.facebook_id == PERSONA_IDS[key]))


def everything_seen_by(browser: FlaskClient, article) -> str:
    """What a reader sees on the thread page, in the widget and through the API."""
    return " ".join(
        [
            browser.get(f"/articles/{article.key}").text,
            browser.get(f"/embed/{article.key}").text,
            api_texts(browser, article),
        ]
    )


@pytest.fixture
def browser(app):
    """Another reader's browser."""
    return lambda: app.test_client()


# -- the Facebook personas ---------------------------------------------------------------------


def test_every_persona_comments_and_only_adults_are_published_at_once(
    app, login, make_article, browser
):
    article = make_article()
    readers = {key: browser() for key in PERSONA_IDS}
    for key, reader in readers.items():
        login(key, via=reader)
        response = post_form(reader, article, f"Hello from the {key} reader")
        assert response.status_code == 302

    status = {persona(key).facebook_id: None for key in PERSONA_IDS}
    for comment in comments_on(article):
        status[comment.author.facebook_id] = comment.status
    assert status[PERSONA_IDS["adult"]] is CommentStatus.PUBLISHED
    assert status[PERSONA_IDS["young"]] is CommentStatus.PUBLISHED  # 18-20 is over 16
    assert status[PERSONA_IDS["teen"]] is CommentStatus.PENDING
    assert status[PERSONA_IDS["unknown"]] is CommentStatus.PENDING

    anonymous = browser()
    another_reader = browser()
    login("adult", via=another_reader)  # Kari, who is not the teen or the unknown reader
    for onlooker in (anonymous, another_reader):
        seen = everything_seen_by(onlooker, article)
        assert "Hello from the adult reader" in seen
        assert "Hello from the young reader" in seen
        assert "Hello from the teen reader" not in seen
        assert "Hello from the unknown reader" not in seen

    for key in ("teen", "unknown"):
        page = readers[key].get(f"/articles/{article.key}").text
        assert f"Hello from the {key} reader" in page
        assert WAITING in page
        widget = readers[key].get(f"/embed/{article.key}").text
        assert f"Hello from the {key} reader" in widget and WAITING in widget
        (own,) = [c for c in listing(readers[key], article)["comments"] if c["is_own"]]
        assert own["status"] == "pending"
        assert f"Hello from the {key} reader" in own["body_html"]


def test_adult_sees_their_comment_published_without_a_waiting_badge(client, login, make_article):
    article = make_article()
    login("adult")
    response = post_form(client, article, "Bra sak!")
    assert response.location.endswith(
        f"/articles/{article.key}#comment-{comments_on(article)[0].id}"
    )
    page = shown(client.get(response.location))
    assert "Your comment is published." in page
    assert "Bra sak!" in page
    assert WAITING not in page
    assert PREMODERATION_NOTICE not in page
    (comment,) = comments_on(article)
    assert comment.published_at is not None and comment.held_since is None


def test_teen_is_told_plainly_that_a_moderator_reads_first(client, login, make_article):
    article = make_article()
    login("teen")
    page = client.get(f"/articles/{article.key}").text
    assert PREMODERATION_NOTICE in page
    response = post_form(client, article, "Kjempebra artikkel")
    page = client.get(response.location).text
    assert "will appear when a moderator has read it" in page
    (comment,) = comments_on(article)
    assert comment.status is CommentStatus.PENDING
    assert comment.held_since is not None and comment.published_at is None


def test_unknown_age_reader_is_offered_the_question_and_a_comment_before_it_is_held(
    client, login, make_article
):
    article = make_article()
    login("unknown")
    page = client.get(f"/articles/{article.key}").text
    assert "/age?next=" in page
    assert "answer one question about your age" in page
    post_form(client, article, "I did not answer the question")
    (comment,) = comments_on(article)
    assert comment.status is CommentStatus.PENDING


def test_held_comment_is_screened_by_a_job_and_stays_pending(
    client, login, make_article, run_jobs, browser
):
    article = make_article()
    login("teen")
    post_form(client, article, "Ring meg på 912 34 567")
    (comment,) = comments_on(article)
    task = screening_task_of(comment)
    assert task is not None and task.queue == jobs.MINORS

    assert run_jobs() >= 1
    (comment,) = comments_on(article)
    assert comment.status is CommentStatus.PENDING  # a job never publishes
    assert comment.screened_at is not None
    assert any(finding["kind"] == "phone" for finding in comment.screening)
    assert "912 34 567" not in everything_seen_by(browser(), article)


def test_adult_comment_records_no_screening_job(client, login, make_article):
    article = make_article()
    login("adult")
    post_form(client, article, "Et voksent innlegg")
    (comment,) = comments_on(article)
    assert screening_task_of(comment) is None


def test_rejected_comment_shows_its_reason_to_its_author_only(
    client, login, make_user, make_article, browser
):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    comment = make_comment(article, teen, "Min hemmelige tekst")
    comment.status = CommentStatus.REJECTED
    comment.rejection_reason = "It shares a phone number"
    db.session.commit()

    login(teen)
    page = client.get(f"/articles/{article.key}").text
    assert "Not published: It shares a phone number" in page
    (own,) = listing(client, article)["comments"]
    assert own["status"] == "rejected"
    assert own["rejection_reason"] == "It shares a phone number"

    other = browser()
    login(make_user(AgeClass.ADULT), via=other)
    for onlooker in (browser(), other):
        seen = everything_seen_by(onlooker, article)
        assert "Min hemmelige tekst" not in seen
        assert "It shares a phone number" not in seen


def test_comment_on_guardian_hold_is_hidden_from_everyone(client, make_user, make_article):
    article = make_article()
    comment = make_comment(article, make_user(AgeClass.ADULT), "Holdt tilbake")
    comment.guardian_hold = True
    db.session.commit()
    assert "Holdt tilbake" not in everything_seen_by(client, article)


# -- replies and deletion ----------------------------------------------------------------------


def test_published_reply_keeps_its_place_under_a_deleted_parent(
    client, login, make_user, make_article, browser
):
    article = make_article()
    writer, replier = make_user(AgeClass.ADULT), make_user(AgeClass.ADULT, name="Ola Svarer")
    login(writer)
    post_form(client, article, "Det opprinnelige innlegget")
    (parent,) = comments_on(article)
    other = browser()
    login(replier, via=other)
    post_form(other, article, "Et svar som skal bli stående", parent_id=parent.id)

    response = client.post(f"/comments/{parent.id}/delete", data={"csrf_token": token_of(client)})
    assert response.status_code == 302
    parent, reply = comments_on(article)
    assert parent.status is CommentStatus.DELETED
    assert parent.body_html == ""
    assert reply.parent_id == parent.id

    anonymous = browser()
    page = shown(anonymous.get(f"/articles/{article.key}"))
    assert "Det opprinnelige innlegget" not in page
    assert "This comment was deleted" in page
    assert page.index(f'id="comment-{parent.id}"') < page.index("Et svar som skal bli stående")
    assert 'class="comment depth-1' in page
    placeholder, answer = listing(anonymous, article)["comments"]
    assert placeholder == {
        **placeholder,
        "id": parent.id,
        "status": "deleted",
        "author_name": None,
        "body_html": "",
    }
    assert answer["parent_id"] == parent.id and answer["author_name"] == "Ola Svarer"


def test_own_comment_without_replies_is_deleted_outright(client, login, make_user, make_article):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    post_form(client, article, "Angrer på dette")
    (comment,) = comments_on(article)
    client.post(f"/comments/{comment.id}/delete", data={"csrf_token": token_of(client)})
    assert comments_on(article) == []
    page = shown(client.get(f"/articles/{article.key}"))
    assert "Your comment is deleted." in page
    assert "Angrer på dette" not in page and "This comment was deleted" not in page


def test_deleted_parent_with_only_a_held_reply_is_not_shown(client, make_user, make_article):
    article = make_article()
    parent = make_comment(article, make_user(AgeClass.ADULT), "Borte", CommentStatus.DELETED)
    make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Venter", parent=parent)
    assert listing(client, article)["comments"] == []
    page = shown(client.get(f"/articles/{article.key}"))
    assert "This comment was deleted" not in page and "Venter" not in page


def test_reply_under_a_comment_taken_back_for_review_keeps_its_place(
    client, make_user, make_article
):
    article = make_article()
    held = make_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Tatt tilbake")
    reply = make_comment(article, make_user(AgeClass.ADULT), "Voksent svar", parent=held)
    assert held.status is CommentStatus.PENDING and reply.status is CommentStatus.PUBLISHED
    listed = listing(client, article)["comments"]
    assert [(c["id"], c["status"], c["body_html"]) for c in listed] == [
        (held.id, "removed", ""),
        (reply.id, "published", reply.body_html),
    ]
    assert "Tatt tilbake" not in shown(client.get(f"/articles/{article.key}"))


def test_erased_comment_shows_as_removed_without_author(client, make_user, make_article):
    article = make_article()
    erased = make_comment(article, None, "", CommentStatus.ERASED)
    erased.body_html = ""
    db.session.commit()
    make_comment(article, make_user(AgeClass.ADULT), "Svar til et slettet barn", parent=erased)
    page = client.get(f"/articles/{article.key}").text
    assert "[removed]" in page
    first = listing(client, article)["comments"][0]
    assert first["status"] == "erased" and first["author_name"] is None


# -- editing and reporting ---------------------------------------------------------------------


def test_adult_edits_their_comment_within_the_window_and_it_stays_published(
    client, login, make_user, make_article
):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    post_form(client, article, "Skrivefeil her")
    (comment,) = comments_on(article)
    page = client.get(f"/articles/{article.key}").text
    assert f'action="/comments/{comment.id}/edit"' in page
    response = client.post(
        f"/comments/{comment.id}/edit",
        data={"body": "Rettet nå", "csrf_token": token_of(client)},
    )
    assert response.status_code == 302
    (comment,) = comments_on(article)
    assert comment.status is CommentStatus.PUBLISHED
    assert "Rettet nå" in comment.body_html and comment.edited_at is not None
    assert "Your comment is updated." in client.get(f"/articles/{article.key}").text


def test_teen_edit_stays_pending_and_is_screened_again(
    client, login, make_user, make_article, run_jobs
):
    article = make_article()
    login("teen")
    post_form(client, article, "Første utkast")
    run_jobs()
    (comment,) = comments_on(article)
    assert comment.screened_at is not None
    client.post(
        f"/comments/{comment.id}/edit",
        data={"body": "Skriv til meg på ida@example.com", "csrf_token": token_of(client)},
    )
    (comment,) = comments_on(article)
    assert comment.status is CommentStatus.PENDING and comment.screened_at is None
    run_jobs()
    (comment,) = comments_on(article)
    assert comment.status is CommentStatus.PENDING
    assert any(finding["kind"] == "email" for finding in comment.screening)


def test_approved_comment_of_a_child_goes_back_to_review_when_edited(
    client, login, make_user, make_article, browser
):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    comment = make_comment(article, teen, "Godkjent tekst", CommentStatus.PUBLISHED)
    login(teen)
    client.post(
        f"/comments/{comment.id}/edit",
        data={"body": "Nå med telefonnummer 912 34 567", "csrf_token": token_of(client)},
    )
    (comment,) = comments_on(article)
    assert comment.status is CommentStatus.PENDING
    assert "912 34 567" not in everything_seen_by(browser(), article)


def test_editing_is_offered_only_within_the_window_deleting_always(
    client, login, make_user, make_article
):
    """Issue 7: a reader may delete a comment of theirs at any time (edit has a window)."""
    article = make_article()
    login(make_user(AgeClass.ADULT))
    post_form(client, article, "Gammelt innlegg")
    (comment,) = comments_on(article)
    comment.created_at = clock.now() - timedelta(days=400)
    db.session.commit()
    page = shown(client.get(f"/articles/{article.key}"))
    assert f"/comments/{comment.id}/edit" not in page
    assert f"/comments/{comment.id}/delete" in page

    client.post(f"/comments/{comment.id}/delete", data={"csrf_token": token_of(client)})
    assert comments_on(article) == []
    assert "Gammelt innlegg" not in shown(client.get(f"/articles/{article.key}"))


def test_reader_reports_a_comment_once(client, login, make_user, make_article):
    article = make_article()
    comment = make_comment(article, make_user(AgeClass.ADULT), "Noe stygt")
    login(make_user(AgeClass.ADULT))
    page = client.get(f"/articles/{article.key}").text
    assert f'action="/comments/{comment.id}/report"' in page
    for _ in range(2):
        response = client.post(
            f"/comments/{comment.id}/report",
            data={"reason": "abuse", "note": "Hets <b>her</b>", "csrf_token": token_of(client)},
        )
        assert response.status_code == 302
    (report,) = db.session.scalars(select(Report)).all()
    assert report.reason.value == "abuse" and report.note == "Hets her"
    assert "already reported" in client.get(f"/articles/{article.key}").text


def test_reading_needs_no_login_but_reporting_does(client, make_user, make_article):
    article = make_article()
    comment = make_comment(article, make_user(AgeClass.ADULT), "Les meg")
    page = shown(client.get(f"/articles/{article.key}"))
    assert "Les meg" in page and "Log in with Facebook to comment" in page
    assert "/report" not in page
    response = client.post(
        f"/comments/{comment.id}/report",
        data={"reason": "spam", "csrf_token": token_of(client)},
    )
    assert response.status_code == 302 and "/login" in response.location
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


def test_suspended_reader_cannot_comment(client, login, make_user, make_article):
    article = make_article()
    reader = make_user(AgeClass.ADULT)
    reader.suspended_at = clock.now()
    db.session.commit()
    login(reader)
    assert "Your account cannot comment" in client.get(f"/articles/{article.key}").text
    response = post_form(client, article, "Jeg prøver likevel")
    assert response.status_code == 403
    assert comments_on(article) == []


# -- the thread: order, pages, counts ----------------------------------------------------------


def _thread_of(article, make_user, roots: int = 7) -> list[Comment]:
    author = make_user(AgeClass.ADULT)
    start = clock.now() - timedelta(hours=1)
    made = []
    for n in range(roots):
        root = make_comment(article, author, f"Innlegg {n}")
        root.created_at = start + timedelta(minutes=n)
        made.append(root)
        if n % 2 == 0:
            reply = make_comment(article, author, f"Svar på {n}", parent=root)
            reply.created_at = start + timedelta(minutes=n, seconds=30)
            made.append(reply)
    db.session.commit()
    return made


@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_cursor_pagination_walks_the_whole_thread_without_duplicates(
    client, make_user, make_article, sort
):
    article = make_article()
    made = _thread_of(article, make_user)
    seen: list[int] = []
    roots: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = listing(client, article, **params)
        seen += [c["id"] for c in page["comments"]]
        roots += [c["id"] for c in page["comments"] if c["parent_id"] is None]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == len(made)
    expected_roots = [c.id for c in made if c.parent_id is None]
    assert roots == (expected_roots if sort == "oldest" else expected_roots[::-1])


def test_replies_follow_their_parent_oldest_first(client, make_user, make_article):
    article = make_article()
    author = make_user(AgeClass.ADULT)
    root = make_comment(article, author, "Rot")
    first = make_comment(article, author, "Første svar", parent=root)
    nested = make_comment(article, author, "Svar på svaret", parent=first)
    second = make_comment(article, author, "Andre svar", parent=root)
    ids = [c["id"] for c in listing(client, article, sort="newest")["comments"]]
    assert ids == [root.id, first.id, nested.id, second.id]


def test_thread_page_links_to_the_next_page_and_sort_order(client, make_user, make_article):
    article = make_article()
    _thread_of(article, make_user, roots=4)
    client.application.config["COMMENTS_PER_PAGE"] = 2
    page = shown(client.get(f"/articles/{article.key}"))
    assert "Innlegg 0" in page and "Innlegg 1" in page and "Innlegg 2" not in page
    more = re.search(r'<a href="([^"]+)">More comments</a>', page).group(1)
    second = shown(client.get(more.replace("&amp;", "&")))
    assert "Innlegg 2" in second and "Innlegg 3" in second and "Innlegg 0" not in second
    newest = shown(client.get(f"/articles/{article.key}?sort=newest"))
    assert "Innlegg 3" in newest and "Innlegg 0" not in newest
    assert 'aria-current="true">Newest first' in newest


def test_front_page_lists_articles_newest_first_with_public_counts(client, make_user, make_article):
    older = make_article(title="Eldre sak")
    newer = make_article(title="Nyere sak")
    older.created_at = clock.now() - timedelta(days=1)
    db.session.commit()
    make_comment(older, make_user(AgeClass.ADULT), "Synlig")
    make_comment(older, make_user(AgeClass.UNDER_16_PRESUMED), "Holdt")
    page = client.get("/").text
    assert page.index("Nyere sak") < page.index("Eldre sak")
    assert "1 comment<" in page and "0 comments" in page
    assert newer.key in page


def test_article_title_links_to_the_article(client, make_article):
    article = make_article(title="Bybanen")
    page = client.get(f"/articles/{article.key}").text
    assert f'<a href="{article.url}" rel="noopener">Bybanen</a>' in page


# -- technical data ----------------------------------------------------------------------------


def test_ip_address_is_truncated_and_user_agent_clipped_at_write_time(
    client, login, make_user, make_article
):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    client.post(
        f"/articles/{article.key}/comments",
        data={"body": "Teknisk", "csrf_token": token_of(client)},
        environ_base={"REMOTE_ADDR": "203.0.113.77"},
        headers={"User-Agent": "Mozilla/5.0 " + "x" * 500},
    )
    (comment,) = comments_on(article)
    assert comment.ip_prefix == "203.0.113.0"
    assert len(comment.user_agent) == 300 and comment.user_agent.startswith("Mozilla/5.0")


def test_ip_truncation_keeps_only_the_network():
    assert comments_service.truncate_ip("198.51.100.200") == "198.51.100.0"
    assert comments_service.truncate_ip("2001:db8:abcd:12::1") == "2001:db8:abcd::"
    assert comments_service.truncate_ip("::ffff:203.0.113.9") == "203.0.113.0"
    assert comments_service.truncate_ip("not an address") is None
    assert comments_service.truncate_ip(None) is None


# -- the page cache ----------------------------------------------------------------------------


def cached_keys(article) -> list[bytes]:
    return list(jobs.connection().scan_iter(match=f"kommentar:page:{article.key}:*"))


def test_anonymous_thread_is_cached_and_a_new_comment_invalidates_it(
    client, login, make_user, make_article, browser
):
    article = make_article()
    anonymous = browser()
    anonymous.get(f"/articles/{article.key}")
    anonymous.get(f"/embed/{article.key}")
    listing(anonymous, article)
    assert len(cached_keys(article)) == 3

    login(make_user(AgeClass.ADULT))
    post_form(client, article, "Ferske nyheter")
    assert cached_keys(article) == []
    assert "Ferske nyheter" in anonymous.get(f"/articles/{article.key}").text


def test_cached_page_carries_each_visitors_own_csrf_token(client, make_article, browser):
    article = make_article()
    first, second = browser(), browser()
    page_one = first.get(f"/articles/{article.key}").text
    page_two = shown(second.get(f"/articles/{article.key}"))
    assert csrf_from(page_one) != csrf_from(page_two)
    assert "__kommentar_csrf_token__" not in page_two


def test_logged_in_readers_are_never_served_from_the_cache(client, login, make_user, make_article):
    article = make_article()
    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    login(teen)
    client.get(f"/articles/{article.key}")
    assert cached_keys(article) == []
    make_comment(article, teen, "Bare for meg")  # stored directly: no invalidation
    assert "Bare for meg" in client.get(f"/articles/{article.key}").text


def test_invalidate_counts_the_renderings_it_removed(client, make_article):
    article = make_article()
    client.get(f"/articles/{article.key}")
    client.get(f"/articles/{article.key}?sort=newest")
    assert page_cache.invalidate(article.id) == 2
    assert page_cache.invalidate(article.id) == 0


class BrokenRedis:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise redis.ConnectionError("down")

        return fail


def test_threads_are_served_and_comments_posted_while_redis_is_down(
    client, login, make_user, make_article, monkeypatch
):
    article = make_article()
    make_comment(article, make_user(AgeClass.ADULT), "Fortsatt her")
    monkeypatch.setitem(client.application.extensions, "kommentar.redis", BrokenRedis())
    assert "Fortsatt her" in client.get(f"/articles/{article.key}").text
    assert "Fortsatt her" in client.get(f"/embed/{article.key}").text
    assert "Fortsatt her" in api_texts(client, article)
    login(make_user(AgeClass.UNDER_16_PRESUMED))
    assert post_form(client, article, "Når Redis er nede").status_code == 302
    held = [c for c in comments_on(article) if c.status is CommentStatus.PENDING]
    assert len(held) == 1  # stored, and its screening task waits for the sweeper
    assert screening_task_of(held[0]) is not None


# -- rate limits -------------------------------------------------------------------------------


@pytest.fixture
def limited(settings):
    settings["RATELIMIT_ENABLED"] = True
    return settings


def test_a_reader_posting_too_fast_is_asked_to_slow_down(
    limited, client, login, make_user, make_article
):
    article = make_article()
    login(make_user(AgeClass.ADULT))
    answers = [post_form(client, article, f"Innlegg nummer {n}").status_code for n in range(10)]
    assert answers == [302] * 10
    too_many = post_form(client, article, "Ett for mye")
    assert too_many.status_code == 429
    assert post_api(client, article, "Også gjennom API-et").status_code == 429
    first = comments_on(article)[0]
    edit = client.patch(
        f"/api/v1/comments/{first.id}",
        json={"body": "Endret"},
        headers={"X-CSRFToken": token_of(client)},
    )
    assert edit.status_code == 429  # edits share the budget
    assert edit.get_json()["error"]["status"] == 429 and "Retry-After" in edit.headers
    assert len(comments_on(article)) == 10
    assert "Endret" not in comments_on(article)[0].body_html
