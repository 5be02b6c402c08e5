"""A parent asks us to remove a child's comments: the request, the mailed confirmation, the
status page. Nobody can use the form to learn who comments here, and nothing irreversible
happens until a moderator decides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.jobs.guardian import expire_unconfirmed_cases
from app.models import (
    AgeClass,
    Comment,
    CommentStatus,
    ErasureRequest,
    GuardianCase,
    GuardianCaseState,
    OutgoingMail,
    User,
)
from tests.factories import make_article, make_comment, make_user
from tests.helpers import csrf_from as _meta_csrf
from tests.helpers import shown

PARENT = "mor.til.ida@example.no"


# -- helpers shared by the guardian test modules ------------------------------------------------


def guardian_request(browser, csrf_token, **fields):
    """Fill in /guardian as a parent would; returns the response (not followed)."""
    data = {
        "child_name": "",
        "article": "",
        "comments": "",
        "relationship": "parent",
        "email": PARENT,
        "consent": "y",
        "csrf_token": csrf_token(),
        **fields,
    }
    return browser.post("/guardian", data={k: v for k, v in data.items() if v is not None})


def confirm_by_mail(browser, mailbox, run_jobs, address: str = PARENT):
    """Open the confirmation link from the e-mail and press the button."""
    run_jobs()
    link = mailbox.last_to(address).link_to("/guardian/confirm/")
    page = browser.get(link)
    assert page.status_code == 200
    token = _meta_csrf(page.text)
    return browser.post(link, data={"csrf_token": token})


def the_case() -> GuardianCase:
    (case,) = db.session.scalars(select(GuardianCase)).all()
    return case


def erasure_requests() -> int:
    return db.session.scalar(select(func.count()).select_from(ErasureRequest))


def a_child_who_commented(name: str = "Reader 4821"):
    article = make_article(title="Skolestart i Bergen")
    child = make_user(AgeClass.UNDER_16_PRESUMED, name=name)
    comment = make_comment(article, child, "Jeg gleder meg til skolen!", CommentStatus.PUBLISHED)
    return article, child, comment


# -- the request ---------------------------------------------------------------------------------


def test_the_form_asks_for_what_we_need_and_no_account(client):
    page = client.get("/guardian")
    assert page.status_code == 200
    for text in ("name as it is shown", "article", "comments", "e-mail address", "I agree"):
        assert text.lower() in page.text.lower()
    assert 'name="csrf_token"' in page.text


def test_the_answer_is_the_same_whether_or_not_the_child_comments_here(client, csrf_token):
    article, child, comment = a_child_who_commented()
    found = guardian_request(
        client,
        csrf_token,
        child_name=child.display_name,
        article=article.title,
        comments=f"http://localhost/articles/{article.key}#comment-{comment.id}",
    )
    not_found = guardian_request(
        client,
        csrf_token,
        child_name="Reader 1111",
        article="No such article",
        comments="http://localhost/articles/nothing#comment-99999",
    )
    assert (found.status_code, found.location) == (not_found.status_code, not_found.location)
    assert found.status_code == 303
    assert client.get(found.location).text == client.get(not_found.location).text
    assert found.text == not_found.text
    # Nothing is looked up, let alone hidden, before the guardian confirms.
    assert db.session.get(Comment, comment.id).is_visible_to_public
    cases = db.session.scalars(select(GuardianCase)).all()
    assert [c.subject_id for c in cases] == [None, None]  # both requests, neither linked


def test_guardian_confirms_by_the_mailed_link_and_the_childs_comments_disappear(
    client, csrf_token, mailbox, run_jobs
):
    article, child, comment = a_child_who_commented()
    other_article = make_article(title="Fotball")
    elsewhere = make_comment(other_article, child, "Heia Brann!", CommentStatus.PUBLISHED)
    assert "Jeg gleder meg til skolen!" in client.get(f"/articles/{article.key}").text

    guardian_request(client, csrf_token, child_name=child.display_name, article=article.title)
    run_jobs()
    mail = mailbox.last_to(PARENT)
    assert mail.rcpt_tos == [PARENT]
    assert "confirm" in mail.subject.lower()
    assert child.display_name not in mail.body  # mail never repeats what was typed
    link = mail.link_to("/guardian/confirm/")

    # Opening the link (as a mail scanner would) changes nothing.
    page = client.get(link)
    assert "Confirm my request" in page.text
    assert the_case().state is GuardianCaseState.UNCONFIRMED
    assert db.session.get(Comment, comment.id).is_visible_to_public

    confirmed = client.post(link, data={"csrf_token": csrf_token()})
    assert confirmed.status_code == 200
    case = the_case()
    assert case.state is GuardianCaseState.OPEN
    assert case.reference in confirmed.text
    assert set(case.held_comment_ids) == {comment.id, elsewhere.id}
    assert "Jeg gleder meg til skolen!" not in shown(client.get(f"/articles/{article.key}"))
    assert "Heia Brann!" not in shown(client.get(f"/articles/{other_article.key}"))
    # Hidden, not gone: nothing irreversible yet.
    assert db.session.get(Comment, comment.id).status is CommentStatus.PUBLISHED
    assert db.session.get(User, child.id) is not None
    assert erasure_requests() == 0

    run_jobs()
    status_mail = mailbox.last_to(PARENT)
    assert case.reference in status_mail.subject
    status = shown(client.get(status_mail.link_to("/guardian/case/")))
    assert "A moderator is looking at this request." in status
    assert child.display_name not in status


def test_a_comment_link_alone_finds_the_child(client, csrf_token, mailbox, run_jobs):
    article, child, comment = a_child_who_commented()
    guardian_request(
        client, csrf_token, comments=f"http://localhost/articles/{article.key}#comment-{comment.id}"
    )
    confirm_by_mail(client, mailbox, run_jobs)
    assert the_case().subject_id == child.id
    assert the_case().held_comment_ids == [comment.id]


def test_readers_sharing_a_name_are_left_for_the_moderator(client, csrf_token, mailbox, run_jobs):
    article, child, comment = a_child_who_commented("Reader 5000")
    namesake = make_user(AgeClass.ADULT, name="Reader 5000")
    theirs = make_comment(article, namesake, "Ikke meg!", CommentStatus.PUBLISHED)
    guardian_request(client, csrf_token, child_name="reader  5000", article=article.title)
    confirm_by_mail(client, mailbox, run_jobs)
    case = the_case()
    assert case.state is GuardianCaseState.OPEN
    assert case.subject_id is None
    assert db.session.get(Comment, comment.id).is_visible_to_public
    assert db.session.get(Comment, theirs.id).is_visible_to_public


def test_when_nothing_matches_the_case_still_goes_to_the_moderators(
    client, csrf_token, mailbox, run_jobs
):
    guardian_request(client, csrf_token, child_name="Reader 7777", article="Unknown")
    confirmed = confirm_by_mail(client, mailbox, run_jobs)
    assert "Thank you, your request is confirmed" in confirmed.text
    case = the_case()
    assert case.state is GuardianCaseState.OPEN
    assert case.subject_id is None and not case.held_comment_ids


def test_confirming_twice_changes_nothing(client, csrf_token, mailbox, run_jobs):
    article, child, comment = a_child_who_commented()
    guardian_request(client, csrf_token, child_name=child.display_name, article=article.key)
    run_jobs()
    link = mailbox.last_to(PARENT).link_to("/guardian/confirm/")
    first = client.post(link, data={"csrf_token": csrf_token()})
    held = the_case().held_comment_ids
    confirmed_at = the_case().confirmed_at
    again = client.post(link, data={"csrf_token": csrf_token()})
    assert first.status_code == again.status_code == 200
    assert the_case().held_comment_ids == held
    assert the_case().confirmed_at == confirmed_at
    run_jobs()
    assert len(mailbox.to(PARENT)) == 2  # the confirmation link, then one "we have it"


def test_unknown_links_and_references_are_not_found(client, csrf_token):
    assert client.get("/guardian/confirm/not-a-token").status_code == 404
    assert (
        client.post("/guardian/confirm/not-a-token", data={"csrf_token": csrf_token()}).status_code
        == 404
    )
    assert client.get("/guardian/confirm/" + "x" * 500).status_code == 404
    assert client.get("/guardian/case/G-AAAA-BBBB").status_code == 404
    assert client.get("/guardian/case/nonsense").status_code == 404
    assert client.get("/guardian/case/%0d%0aX").status_code == 404


def test_the_status_page_finds_a_case_by_reference_in_any_letter_case(
    client, csrf_token, mailbox, run_jobs
):
    guardian_request(client, csrf_token, child_name="Reader 1234")
    confirm_by_mail(client, mailbox, run_jobs)
    reference = the_case().reference
    page = client.get(f"/guardian/case/{reference.lower()}")
    assert page.status_code == 200
    assert reference in page.text
    assert PARENT not in page.text and "Reader 1234" not in page.text


def test_confirmation_needs_the_csrf_token(client, csrf_token, mailbox, run_jobs):
    guardian_request(client, csrf_token, child_name="Reader 1234")
    run_jobs()
    link = mailbox.last_to(PARENT).link_to("/guardian/confirm/")
    assert client.post(link).status_code == 400
    assert the_case().state is GuardianCaseState.UNCONFIRMED


# -- bad input and abuse -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"child_name": "", "comments": ""},  # nothing to look for
        {"child_name": "Reader 1", "email": "not-an-address"},
        {"child_name": "Reader 1", "email": ""},
        {"child_name": "Reader 1", "email": "a@example.no, eve@example.com"},
        {"child_name": "Reader 1", "consent": None},
        {"child_name": "Reader 1", "relationship": "neighbour"},
        {"child_name": "Reader 1", "relationship": None},
        {"child_name": "Reader 1\r\nBcc: eve@example.com"},
        {"child_name": "Reader 1", "article": "x\nBcc: eve@example.com"},
        {"child_name": "Reader 1", "email": "a@example.no\r\nBcc: eve@example.com"},
        {"child_name": "Reader 1", "email": "a@example.no\nCc: eve@example.com"},
        {"child_name": "R" * 201},
        {"child_name": "Reader 1", "comments": "1" * 4001},
        {"child_name": "Reader\x001"},
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(
    client, csrf_token, mailbox, run_jobs, fields
):
    response = guardian_request(client, csrf_token, **fields)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(GuardianCase)) == 0
    run_jobs()
    assert mailbox.received == []


def test_a_request_without_csrf_token_is_refused(client):
    response = client.post(
        "/guardian",
        data={"child_name": "Reader 1", "relationship": "parent", "email": PARENT, "consent": "y"},
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(GuardianCase)) == 0


def test_line_breaks_in_free_text_add_no_header_or_recipient(client, csrf_token, mailbox, run_jobs):
    guardian_request(
        client,
        csrf_token,
        comments="123\r\nBcc: eve@example.com\r\nTo: eve@example.com\r\n\r\nspam",
        note="Subject: free money\r\nBcc: eve@example.com",
    )
    run_jobs()
    (received,) = mailbox.received
    assert received.rcpt_tos == [PARENT]
    assert received.message.get_all("To") == [PARENT]
    assert received.message["Bcc"] is None and received.message["Cc"] is None
    assert "eve@example.com" not in received.body and "free money" not in received.body


@pytest.fixture
def rate_limited(settings):
    """The limiter is off in tests unless asked for (before the app is created)."""
    settings["RATELIMIT_ENABLED"] = True


@pytest.mark.usefixtures("rate_limited")
def test_a_flood_of_requests_is_slowed_down(client, csrf_token):
    answers = [
        guardian_request(client, csrf_token, child_name="Reader 1").status_code for _ in range(6)
    ]
    assert answers == [303] * 5 + [429]
    assert db.session.scalar(select(func.count()).select_from(GuardianCase)) == 5
    refused = guardian_request(client, csrf_token, child_name="Reader 1")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert client.get("/guardian").status_code == 200  # reading the form is not limited


# -- never confirmed -----------------------------------------------------------------------------


def test_an_unconfirmed_request_expires_after_a_week_and_its_details_go(
    client, csrf_token, mailbox, run_jobs
):
    article, child, comment = a_child_who_commented()
    guardian_request(client, csrf_token, child_name=child.display_name, article=article.title)
    run_jobs()
    link = mailbox.last_to(PARENT).link_to("/guardian/confirm/")
    case = the_case()
    case.created_at = clock.now() - timedelta(days=8)
    db.session.commit()
    assert client.get(link).status_code == 404  # too late to confirm

    assert expire_unconfirmed_cases() == 1
    assert expire_unconfirmed_cases() == 0  # safe to repeat
    case = the_case()
    assert case.state is GuardianCaseState.EXPIRED
    assert (case.guardian_email, case.child_name, case.article_ref, case.confirm_token_hash) == (
        None,
        None,
        None,
        None,
    )
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
    # Nothing irreversible happened: the comment was never hidden, nothing was erased.
    assert db.session.get(Comment, comment.id).is_visible_to_public
    assert erasure_requests() == 0
    assert "never confirmed" in client.get(f"/guardian/case/{case.reference}").text
    assert client.post(link, data={"csrf_token": csrf_token()}).status_code == 404


def test_a_fresh_unconfirmed_request_does_not_expire(client, csrf_token):
    guardian_request(client, csrf_token, child_name="Reader 1")
    assert expire_unconfirmed_cases() == 0
    assert the_case().state is GuardianCaseState.UNCONFIRMED


def test_expiry_is_a_periodic_job():
    from app.jobs.schedule import PERIODIC

    assert expire_unconfirmed_cases in [p.func for p in PERIODIC]
