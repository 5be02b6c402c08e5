"""Nobody can aim our mail at an inbox: each address gets a few messages an hour, at most."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AgeClass, GuardianCase
from tests.factories import make_article, make_comment, make_user
from tests.helpers import token_of
from tests.test_reply_notifications import confirm, publish_reply, subscribe

VICTIM = "offer@example.no"

pytestmark = pytest.mark.usefixtures("mailbox")


def test_guardian_form_cannot_flood_one_inbox(app, mailbox, run_jobs):
    """Twenty strangers (each from their own address) name the same inbox."""
    limit = app.config["MAIL_PER_RECIPIENT_PER_HOUR"]
    answers = []
    for n in range(20):
        stranger = app.test_client()
        answers.append(
            stranger.post(
                "/guardian",
                data={"csrf_token": token_of(stranger), "child_name": f"Reader {n}",
                      "relationship": "parent", "email": VICTIM.upper() if n % 2 else VICTIM,
                      "consent": "y"},  # fmt: skip
                environ_base={"REMOTE_ADDR": f"203.0.113.{n}"},
            ).status_code
        )
    run_jobs()
    assert answers == [303] * 20  # the same answer for everyone: the form tells nothing
    assert len(mailbox.to(VICTIM)) + len(mailbox.to(VICTIM.upper())) == limit
    assert db.session.scalar(select(func.count()).select_from(GuardianCase)) == limit


def test_many_accounts_cannot_subscribe_one_inbox(app, login, mailbox, run_jobs):
    limit = app.config["MAIL_PER_RECIPIENT_PER_HOUR"]
    answers = []
    for n in range(limit + 3):
        browser = app.test_client()
        login(make_user(AgeClass.ADULT, name=f"Konto {n}"), via=browser)
        answers.append(subscribe(browser, lambda b=browser: token_of(b), VICTIM))
    run_jobs()
    assert [a.status_code for a in answers] == [303] * limit + [429] * 3
    assert "several e-mails this hour" in answers[-1].text
    assert len(mailbox.to(VICTIM)) == limit


def test_a_busy_thread_does_not_bury_a_subscriber(app, client, login, mailbox, run_jobs):
    limit = app.config["MAIL_PER_RECIPIENT_PER_HOUR"]
    kari = make_user(AgeClass.ADULT, name="Kari Nordmann")
    login(kari)
    subscribe(client, lambda: token_of(client), VICTIM)
    confirm(client, mailbox, run_jobs, VICTIM)
    parent = make_comment(make_article(), kari, "Hei")
    for n in range(12):
        publish_reply(parent, make_user(AgeClass.ADULT, name=f"Svarer {n}"), f"Svar {n}")
    run_jobs()
    assert len(mailbox.to(VICTIM)) == limit  # the confirmation link and limit-1 notifications
