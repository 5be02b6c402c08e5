"""Adults may ask to be e-mailed when someone replies; the mail never carries a reply's text or
a replier's name, and readers who may be children are never asked for an address."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.jobs.notifications import notify_reply_subscribers
from app.models import AgeClass, CommentStatus, OutgoingMail, ReplySubscription
from app.services import subscriptions
from tests.factories import make_article, make_comment, make_user
from tests.test_guardian import _meta_csrf

pytestmark = pytest.mark.usefixtures("mailbox")

KARI = "kari@example.no"


def subscribe(client, csrf_token, address: str = KARI):
    return client.post("/notifications/", data={"email": address, "csrf_token": csrf_token()})


def confirm(client, mailbox, run_jobs, address: str = KARI):
    run_jobs()
    link = mailbox.last_to(address).link_to("/notifications/confirm/")
    page = client.get(link)
    assert page.status_code == 200
    return client.post(link, data={"csrf_token": _meta_csrf(page.text)})


def subscription() -> ReplySubscription | None:
    return db.session.scalars(select(ReplySubscription)).one_or_none()


def publish_reply(parent, author, text="Helt enig!"):
    """A reply becoming public, the way the comment service and the desk announce it."""
    reply = make_comment(parent.article, author, text, CommentStatus.PUBLISHED, parent=parent)
    subscriptions.comment_published(reply)
    db.session.commit()
    return reply


@pytest.fixture
def kari(client, login):
    reader = make_user(AgeClass.ADULT, name="Kari Nordmann")
    login(reader)
    return reader


def test_an_adult_opts_in_confirms_and_hears_of_replies(
    client, csrf_token, kari, mailbox, run_jobs
):
    page = client.get("/notifications/")
    assert page.status_code == 200 and "Off." in page.text
    assert subscribe(client, csrf_token).status_code == 303
    assert "Waiting for you to confirm" in client.get("/notifications/").text

    # Opening the link (a mail scanner) confirms nothing; pressing the button does.
    run_jobs()
    link = mailbox.last_to(KARI).link_to("/notifications/confirm/")
    client.get(link)
    assert subscription().confirmed_at is None
    assert confirm(client, mailbox, run_jobs).status_code == 200
    assert subscription().confirmed_at is not None
    assert "On." in client.get("/notifications/").text

    article = make_article(title="Bybanen")
    hers = make_comment(article, kari, "Bybanen er bra.", CommentStatus.PUBLISHED)
    ola = make_user(AgeClass.ADULT, name="Ola Replier")
    reply = publish_reply(hers, ola, "Helt enig, Kari!")
    run_jobs()
    told = mailbox.last_to(KARI)
    assert told.subject == "A reader replied to your comment"
    assert told.link_to("/articles/") == f"/articles/{article.key}"
    assert f"#comment-{reply.id}" in told.body
    assert "Helt enig" not in told.body and "Ola" not in told.body


def test_a_childs_approved_reply_is_announced_without_a_word_of_it(
    client, csrf_token, kari, mailbox, run_jobs
):
    subscribe(client, csrf_token)
    confirm(client, mailbox, run_jobs)
    hers = make_comment(make_article(), kari, "Hva synes dere?", CommentStatus.PUBLISHED)
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4821")
    publish_reply(hers, child, "Jeg heter Ida og bor i Bergen")  # approved by a moderator
    run_jobs()
    told = mailbox.last_to(KARI)
    assert "A reader replied" in told.body
    assert "Ida" not in told.body and "Reader 4821" not in told.body and "Bergen" not in told.body


def test_nobody_is_told_of_their_own_reply_or_without_a_confirmed_subscription(
    client, csrf_token, kari, mailbox, run_jobs
):
    article = make_article()
    hers = make_comment(article, kari, "Første!", CommentStatus.PUBLISHED)
    other = make_user(AgeClass.ADULT)
    publish_reply(hers, other)  # not subscribed at all
    subscribe(client, csrf_token)
    publish_reply(hers, other)  # subscribed, not yet confirmed
    run_jobs()
    assert len(mailbox.to(KARI)) == 1  # only the confirmation link
    confirm(client, mailbox, run_jobs)
    publish_reply(hers, kari)  # her own reply
    top_level = make_comment(article, other, "Ny tråd", CommentStatus.PUBLISHED)
    subscriptions.comment_published(top_level)  # not a reply
    db.session.commit()
    run_jobs()
    assert len(mailbox.to(KARI)) == 1


def test_a_held_reply_is_not_announced(client, csrf_token, kari, mailbox, run_jobs):
    subscribe(client, csrf_token)
    confirm(client, mailbox, run_jobs)
    hers = make_comment(make_article(), kari, "Hei", CommentStatus.PUBLISHED)
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    pending = make_comment(hers.article, child, "Hei du", CommentStatus.PENDING, parent=hers)
    assert notify_reply_subscribers(pending.id) == "nobody to tell"
    assert notify_reply_subscribers(999_999) == "gone"
    run_jobs()
    assert len(mailbox.to(KARI)) == 1


def test_the_notification_job_is_safe_to_run_twice(client, csrf_token, kari, mailbox, run_jobs):
    subscribe(client, csrf_token)
    confirm(client, mailbox, run_jobs)
    hers = make_comment(make_article(), kari, "Hei", CommentStatus.PUBLISHED)
    reply = publish_reply(hers, make_user(AgeClass.ADULT))
    run_jobs()
    assert notify_reply_subscribers(reply.id) == "nobody to tell"
    run_jobs()
    assert len(mailbox.to(KARI)) == 2  # the confirmation link and one notification


def test_unsubscribing_deletes_the_address(client, csrf_token, kari, mailbox, run_jobs):
    subscribe(client, csrf_token)
    confirm(client, mailbox, run_jobs)
    response = client.post("/notifications/unsubscribe", data={"csrf_token": csrf_token()})
    assert response.status_code == 303
    assert subscription() is None
    assert "Off." in client.get("/notifications/").text
    hers = make_comment(make_article(), kari, "Hei", CommentStatus.PUBLISHED)
    publish_reply(hers, make_user(AgeClass.ADULT))
    run_jobs()
    assert len(mailbox.to(KARI)) == 1


def test_a_new_address_must_be_confirmed_again(client, csrf_token, kari, mailbox, run_jobs):
    subscribe(client, csrf_token)
    confirm(client, mailbox, run_jobs)
    subscribe(client, csrf_token, "kari.ny@example.no")
    assert subscription().confirmed_at is None
    assert subscription().email == "kari.ny@example.no"


@pytest.mark.parametrize(
    "age_class", [AgeClass.UNDER_16_PRESUMED, AgeClass.UNDER_16_CONFIRMED, AgeClass.UNKNOWN]
)
def test_readers_who_may_be_children_are_never_asked_for_an_address(
    client, csrf_token, login, age_class, mailbox, run_jobs
):
    login(make_user(age_class))
    page = client.get("/notifications/")
    assert page.status_code == 403
    assert 'name="email"' not in page.text
    assert "or older" in page.text
    assert subscribe(client, csrf_token, "ida@example.no").status_code == 403
    assert subscription() is None
    run_jobs()
    assert mailbox.received == []


def test_a_reader_who_became_a_child_cannot_confirm(client, csrf_token, kari, mailbox, run_jobs):
    from app.models import AgeVerdict, SignalSource
    from app.services import age

    subscribe(client, csrf_token)
    run_jobs()
    link = mailbox.last_to(KARI).link_to("/notifications/confirm/")
    age.record_signal(kari, SignalSource.MODERATOR, AgeVerdict.UNDER)
    db.session.commit()
    assert client.post(link, data={"csrf_token": csrf_token()}).status_code == 403
    assert subscription() is None


def test_logged_out_visitors_are_sent_to_log_in(client):
    assert client.get("/notifications/").status_code == 302


@pytest.mark.parametrize(
    "address", ["", "not-an-address", "kari@example.no\r\nBcc: eve@example.com", "a@b.no, c@d.no"]
)
def test_bad_addresses_are_refused(client, csrf_token, kari, address, mailbox, run_jobs):
    assert subscribe(client, csrf_token, address).status_code == 400
    assert subscription() is None
    run_jobs()
    assert mailbox.received == []


def test_unknown_confirmation_links_are_not_found(client, csrf_token):
    assert client.get("/notifications/confirm/nope").status_code == 404
    assert (
        client.post("/notifications/confirm/nope", data={"csrf_token": csrf_token()}).status_code
        == 404
    )


def test_confirmation_without_csrf_token_is_refused(client, csrf_token, kari, mailbox, run_jobs):
    subscribe(client, csrf_token)
    run_jobs()
    link = mailbox.last_to(KARI).link_to("/notifications/confirm/")
    assert client.post(link).status_code == 400
    assert subscription().confirmed_at is None


def test_subscription_mail_goes_with_the_readers_erasure(client, csrf_token, kari, run_jobs):
    subscribe(client, csrf_token)
    row = db.session.scalars(select(OutgoingMail)).one()
    assert row.user_id == kari.id  # so the erasure engine finds it
    assert db.session.scalar(select(func.count()).select_from(ReplySubscription)) == 1


def test_an_adults_reply_posted_on_the_page_is_announced(
    app, client, csrf_token, kari, mailbox, run_jobs
):
    subscribe(client, csrf_token)
    confirm(client, mailbox, run_jobs)
    article = make_article()
    hers = make_comment(article, kari, "Hva synes dere?", CommentStatus.PUBLISHED)
    ola = make_user(AgeClass.ADULT, name="Ola")
    from app.services import comments

    comments.post_comment(ola, article, "Jeg er enig.", parent=hers)
    run_jobs()
    assert mailbox.last_to(KARI).subject == "A reader replied to your comment"


def test_a_held_reply_approved_at_the_desk_is_announced(
    client, csrf_token, kari, mailbox, run_jobs
):
    from app import jobs
    from app.services import moderation, roles

    subscribe(client, csrf_token)
    confirm(client, mailbox, run_jobs)
    article = make_article()
    hers = make_comment(article, kari, "Hva synes dere?", CommentStatus.PUBLISHED)
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    reply = make_comment(article, child, "Jeg er enig.", CommentStatus.PENDING, parent=hers)
    jobs.defer(jobs.SCREEN_COMMENT, reply.id)
    db.session.commit()
    run_jobs()
    before = len(mailbox.to(KARI))
    moderator = make_user(AgeClass.ADULT)
    roles.grant(moderator.facebook_id)
    moderation.approve(moderator, reply.id)
    run_jobs()
    assert len(mailbox.to(KARI)) == before + 1
    assert "Jeg er enig" not in mailbox.last_to(KARI).body
