"""A mailed confirmation link travels through access logs: once used, it is worth nothing."""

from __future__ import annotations

import pytest

from tests.helpers import token_of
from tests.test_guardian import (
    PARENT,
    a_child_who_commented,
    guardian_request,
    the_case,
)
from tests.test_reply_notifications import KARI, confirm, kari, subscribe, subscription  # noqa: F401


def test_a_used_guardian_link_shows_nothing_about_the_case(
    client, app, csrf_token, mailbox, run_jobs
):
    article, child, _ = a_child_who_commented()
    guardian_request(client, csrf_token, child_name=child.display_name, article=article.key)
    run_jobs()
    link = mailbox.last_to(PARENT).link_to("/guardian/confirm/")
    confirmed = client.post(link, data={"csrf_token": csrf_token()})
    reference = the_case().reference
    assert reference in confirmed.text  # the guardian who pressed the button is told

    someone_reading_the_logs = app.test_client()
    opened = someone_reading_the_logs.get(link)
    assert opened.status_code == 200
    assert "already been used" in opened.text, opened.text
    assert reference not in opened.text
    pressed = someone_reading_the_logs.post(
        link, data={"csrf_token": token_of(someone_reading_the_logs)}
    )
    assert reference not in pressed.text


@pytest.mark.usefixtures("mailbox")
def test_a_used_notification_link_is_not_valid_any_more(
    client, csrf_token, kari, mailbox, run_jobs  # noqa: F811 - the fixture
):
    subscribe(client, csrf_token)
    assert confirm(client, mailbox, run_jobs).status_code == 200
    link = mailbox.last_to(KARI).link_to("/notifications/confirm/")
    assert client.get(link).status_code == 404
    assert subscription().confirmed_at is not None  # still on
