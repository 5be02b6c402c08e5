"""Issue 4's promise, end to end: after a guardian's case is confirmed, a search of every
table, every Redis key (failed jobs included), the mail outbox and the logs for the child's
name, Facebook id and comment texts finds nothing but the receipt; other readers' replies stay.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus, ErasureRequest, ErasureState
from tests.helpers import shown
from tests.test_erasure import app_logs, database_hits, enqueue_failing_job, redis_hits  # noqa: F401
from tests.test_guardian import PARENT, _meta_csrf, guardian_request
from tests.test_moderation_support import desk_post, make_moderator

CHILD_NAME = "Ida Vingebakken"
CHILD_FACEBOOK_ID = "100000000077777"
CHILD_TEXTS = ["Jeg bor i Kirkeveien 5B og går i 8B", "Ring meg på 912 34 567 etter skolen"]
REPLY = "Velkommen til debatten, husk å ikke dele nummeret ditt!"


def api_post(browser, key: str, body: str, parent_id: int | None = None):
    token = _meta_csrf(browser.get(f"/articles/{key}").text)
    payload = {"body": body} | ({"parent_id": parent_id} if parent_id else {})
    response = browser.post(
        f"/api/v1/articles/{key}/comments", json=payload, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201, response.text
    return response.get_json()


def test_a_confirmed_guardian_case_leaves_nothing_of_the_child_anywhere(
    app,
    client,
    login,
    make_user,
    make_article,
    mailbox,
    run_jobs,
    app_logs,  # noqa: F811
):
    article = make_article(title="Skolestart i Bergen")
    thread = f"/articles/{article.key}"

    # Ida, 13, logs in with Facebook, writes two comments (held), and sends us feedback.
    ida = make_user(AgeClass.UNDER_16_PRESUMED, name=CHILD_NAME, facebook_id=CHILD_FACEBOOK_ID)
    ida_browser = app.test_client()
    login(ida, via=ida_browser)
    first = api_post(ida_browser, article.key, CHILD_TEXTS[0])
    second = api_post(ida_browser, article.key, CHILD_TEXTS[1])
    assert first["status"] == second["status"] == "pending"
    feedback_page = ida_browser.get("/feedback").text
    ida_browser.post(
        "/feedback",
        data={"message": f"Hei, det er {CHILD_NAME} her", "csrf_token": _meta_csrf(feedback_page)},
    )
    run_jobs()  # screening

    # A moderator approves the first comment; an adult replies to it.
    mona_browser = app.test_client()
    login(make_moderator(), via=mona_browser)
    approved = desk_post(mona_browser, f"/moderation/comments/{first['id']}/approve")
    assert approved.status_code in (302, 303)
    kari_browser = app.test_client()
    login(make_user(AgeClass.ADULT, name="Kari Nordmann"), via=kari_browser)
    reply = api_post(kari_browser, article.key, REPLY, parent_id=first["id"])
    assert CHILD_TEXTS[0] in client.get(thread).text

    # A job about her comment failed earlier; RQ keeps the failed-job record in Redis.
    enqueue_failing_job(first["id"])
    run_jobs()

    # Her mother asks us to remove it, and confirms through the link mailed to her.
    mother = app.test_client()
    sent = guardian_request(
        mother,
        lambda: _meta_csrf(mother.get("/guardian").text),
        child_name=CHILD_NAME,
        article=article.title,
        comments=f"http://localhost{thread}#comment-{first['id']}",
    )
    assert sent.status_code in (302, 303)
    run_jobs()
    link = mailbox.last_to(PARENT).link_to("/guardian/confirm/")
    mother.post(link, data={"csrf_token": _meta_csrf(mother.get(link).text)})
    assert CHILD_TEXTS[0] not in shown(client.get(thread))  # hidden at once

    # A vetted moderator confirms the case; the erasure runs.
    case_id = int(
        re.search(
            r"/moderation/guardian/(\d+)", mona_browser.get("/moderation/guardian/").text
        ).group(1)
    )
    assert desk_post(mona_browser, f"/moderation/guardian/{case_id}/confirm").status_code == 303
    run_jobs()

    receipt = db.session.scalars(select(ErasureRequest)).one()
    assert receipt.state is ErasureState.COMPLETED
    needles = (CHILD_NAME, CHILD_FACEBOOK_ID, *CHILD_TEXTS)
    assert database_hits(*needles) == []
    assert redis_hits(*needles) == []
    for mail in mailbox.received:
        assert not [n for n in needles if n in mail.body or n in mail.subject]
    assert not [n for n in needles if n in app_logs.text]

    # Her sessions are over; Kari's reply stays, under an author-less tombstone.
    assert ida_browser.get("/me").status_code in (302, 401)
    page = client.get(thread).text
    assert REPLY in page
    tombstone = db.session.get(Comment, first["id"])
    assert tombstone.status is CommentStatus.ERASED and tombstone.author_id is None
    assert db.session.get(Comment, reply["id"]).parent_id == first["id"]
    assert "Completed" in mother.get(mailbox.last_to(PARENT).link_to("/deletion/")).text
