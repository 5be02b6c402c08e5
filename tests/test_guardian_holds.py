"""A guardian's request hides nothing by itself, except comments of a reader we already
believe may be under 16; whatever happens, the requester is told the same thing.

Before issue 7 anyone could file and confirm a request naming any reader's comment, and
every published comment of that reader was hidden until a moderator dismissed the case.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, CommentStatus, GuardianCase
from app.services import guardian
from tests.factories import make_article, make_comment, make_user
from tests.public_view import public_view
from tests.test_guardian import PARENT, guardian_request

pytestmark = pytest.mark.usefixtures("mailbox")


def file_and_confirm(app, mailbox, run_jobs, comment, email: str = PARENT):
    """A stranger's browser files a request naming ``comment`` and confirms it by mail;
    returns what that browser was shown (confirmation page, status page, mails)."""
    from tests.helpers import token_of

    browser = app.test_client()
    token = token_of(browser, "/guardian")
    guardian_request(
        browser, lambda: token, comments=f"/articles/x#comment-{comment.id}", email=email
    )
    run_jobs()
    link = mailbox.last_to(email).link_to("/guardian/confirm/")
    confirmed = browser.post(link, data={"csrf_token": token_of(browser, link)})
    assert confirmed.status_code == 200
    run_jobs()
    status = browser.get(mailbox.last_to(email).link_to("/guardian/case/"))
    mails = [m.body for m in mailbox.to(email)]
    return confirmed.text, status.text, mails


def _without_codes(text: str) -> str:
    text = re.sub(r"G-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", "REF", text)
    text = re.sub(r"/guardian/confirm/\S+", "LINK", text)
    text = re.sub(r'content="[^"]+"', "", text)  # CSRF tokens
    return re.sub(r"\d{1,2} \w+ \d{4}", "DATE", text)


@pytest.mark.parametrize("age_class", [AgeClass.ADULT, AgeClass.UNKNOWN])
def test_a_request_naming_a_reader_without_an_under_age_signal_hides_nothing(
    app, mailbox, run_jobs, age_class
):
    article = make_article(title="Valget")
    reader = make_user(age_class, name="Per Hansen")
    status = CommentStatus.PUBLISHED
    said = make_comment(article, reader, "Stem i dag!", status)
    make_comment(make_article(), reader, "Og i morgen!", status)

    file_and_confirm(app, mailbox, run_jobs, said)

    assert public_view(app, article).shows("Stem i dag!") == ["page", "widget", "api", "feed"]
    (case,) = db.session.scalars(select(GuardianCase)).all()
    assert case.subject_id == reader.id  # suggested to the moderator, who decides
    assert not case.held_comment_ids


@pytest.mark.parametrize("age_class", [AgeClass.UNDER_16_PRESUMED, AgeClass.UNDER_16_CONFIRMED])
def test_a_request_naming_a_reader_who_may_be_a_child_hides_their_comments_at_once(
    app, mailbox, run_jobs, age_class
):
    article = make_article(title="Skolestart")
    child = make_user(age_class, name="Reader 4821")
    said = make_comment(article, child, "Jeg gleder meg!", CommentStatus.PUBLISHED)
    file_and_confirm(app, mailbox, run_jobs, said)
    assert public_view(app, article).shows("Jeg gleder meg!") == []


def test_the_requester_is_told_the_same_whoever_the_request_names(app, mailbox, run_jobs):
    article = make_article(title="Skolestart")
    adult = make_user(AgeClass.ADULT, name="Per Hansen")
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4821")
    by_adult = make_comment(article, adult, "Voksen", CommentStatus.PUBLISHED)
    by_child = make_comment(article, child, "Barn", CommentStatus.PUBLISHED)
    nobody = make_comment(article, None, "Tombstone", CommentStatus.DELETED)

    told = [
        file_and_confirm(app, mailbox, run_jobs, comment, email=f"parent{i}@example.no")
        for i, comment in enumerate([by_adult, by_child, nobody])
    ]
    pages = [tuple(_without_codes(part) for part in (c, s, *m)) for c, s, m in told]
    assert pages[0] == pages[1] == pages[2]
    assert "hidden" not in " ".join(pages[0])


def test_open_cases_per_reader_are_limited(app, mailbox, run_jobs):
    """A flood of requests naming one child attaches no more than the limit; the rest wait
    for a moderator without being attached to anyone."""
    article = make_article()
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4821")
    said = make_comment(article, child, "Hei", CommentStatus.PUBLISHED)
    limit = guardian.MAX_OPEN_CASES_PER_SUBJECT
    for i in range(limit + 2):
        file_and_confirm(app, mailbox, run_jobs, said, email=f"p{i}@example.no")
    cases = db.session.scalars(select(GuardianCase).order_by(GuardianCase.id)).all()
    attached = [c for c in cases if c.subject_id == child.id]
    assert len(attached) == limit
    assert [c.details["match"] for c in cases[limit:]] == ["subject_limit"] * 2
