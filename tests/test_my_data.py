"""A reader sees everything held about them, downloads it, corrects their name, and can leave."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AgeClass,
    CommentStatus,
    ErasureRequest,
    ErasureState,
    ErasureTrigger,
    FeedbackMessage,
    OutgoingMail,
    ReplySubscription,
    User,
)
from app.privacy import map as privacy_map
from tests.factories import make_comment
from tests.helpers import shown
from tests.helpers import token_of as token


@pytest.fixture
def reader(make_user, make_article):
    user = make_user(AgeClass.ADULT, name="Kari Nordmann")
    article = make_article(title="Bybanen forlenges")
    make_comment(article, user, "Min publiserte mening")
    make_comment(article, user, "Min ventende mening", status=CommentStatus.PENDING)
    rejected = make_comment(article, user, "Min avviste mening", status=CommentStatus.REJECTED)
    rejected.rejection_reason = "Shares someone's phone number"
    db.session.add(
        FeedbackMessage(
            user_id=user.id,
            name="Kari",
            email="kari@example.no",
            message="Takk for en fin tjeneste",
        )
    )
    db.session.add(ReplySubscription(user_id=user.id, email="kari@example.no"))
    db.session.add(
        OutgoingMail(
            user_id=user.id,
            to_address="kari@example.no",
            subject="Bekreft e-postadressen din",
            body="...",
        )
    )
    db.session.commit()
    return user


def test_my_data_needs_a_login(client):
    response = client.get("/me")
    assert response.status_code == 302
    assert "/login" in response.location


def test_reader_sees_everything_held_about_them_and_why(client, login, reader):
    login(reader)
    page = client.get("/me").text
    assert "Kari Nordmann" in page
    assert "16 or older: your comments are published at once." in page
    assert "Facebook told us your age range is 21+." in page
    assert "Min publiserte mening" in page and "Published" in page
    assert "Min ventende mening" in page and "Waiting for a moderator" in page
    assert "Min avviste mening" in page and "Rejected" in page
    assert "Shares someone&#39;s phone number" in page
    assert "You are logged in on 1 device" in page
    assert "Takk for en fin tjeneste" in page
    assert "We e-mail kari@example.no when someone replies to you" in page
    assert "Bekreft e-postadressen din" in page
    # The "why" comes from the privacy map.
    for table in privacy_map.owned_tables():
        if table.name != "moderator_grants":
            assert table.label in page


def test_a_reader_sees_nobody_elses_data(client, login, reader, make_user, make_article):
    stranger = make_user(AgeClass.ADULT, name="Ola Fremmed")
    make_comment(make_article(), stranger, "Olas hemmelige mening", status=CommentStatus.PENDING)
    login(reader)
    page = client.get("/me").text
    exported = client.get("/me/export.json").text
    for text in (page, exported):
        assert "Ola Fremmed" not in text and "Olas hemmelige mening" not in text


def test_a_child_sees_their_age_in_plain_words(client, login, make_user):
    login(make_user(AgeClass.UNDER_16_PRESUMED))
    page = client.get("/me").text
    assert "You may be under 16, so your comments wait for a moderator." in page
    assert "Facebook told us your age range is 13-17, so you may be under 16." in page
    # A child keeps the made-up name we gave them (tests/test_display_names.py).
    assert "shown with the made-up name above" in page and "cannot be changed" in page


def test_export_is_a_download_of_all_their_data(client, login, reader):
    login(reader)
    response = client.get("/me/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    export = json.loads(response.data)
    data = export["data"]
    assert set(data) == {t.name for t in privacy_map.owned_tables()}
    assert data["users"][0]["display_name"] == "Kari Nordmann"
    assert data["users"][0]["facebook_id"] == reader.facebook_id
    bodies = {c["body_html"] for c in data["comments"]}
    assert bodies == {
        "<p>Min publiserte mening</p>",
        "<p>Min ventende mening</p>",
        "<p>Min avviste mening</p>",
    }
    statuses = {c["status"] for c in data["comments"]}
    assert statuses == {"published", "pending", "rejected"}
    assert data["feedback_messages"][0]["message"] == "Takk for en fin tjeneste"
    assert data["reply_subscriptions"][0]["email"] == "kari@example.no"
    assert data["outgoing_mail"][0]["subject"] == "Bekreft e-postadressen din"
    assert data["age_signals"][0] == {
        "source": "facebook",
        "verdict": "adult",
        "detail": "21+",
        "recorded_at": data["age_signals"][0]["recorded_at"],
    }
    assert len(data["login_sessions"]) == 1
    assert "id" not in data["login_sessions"][0]  # the session token's hash stays ours
    assert export["articles_you_commented_on"][0]["title"] == "Bybanen forlenges"
    assert export["purposes"]["comments"]["why"]


def test_reader_corrects_their_display_name(client, login, reader):
    login(reader)
    response = client.post(
        "/me/name", data={"display_name": "  Kari   N. ", "csrf_token": token(client)}
    )
    assert response.status_code == 302
    assert db.session.get(User, reader.id).display_name == "Kari N."
    assert "Kari N." in client.get("/me").text


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 51, "\u200b\u200b"],
    ids=["empty", "blank", "too-long", "invisible-only"],
)
def test_a_bad_name_is_refused_and_changes_nothing(client, login, reader, name):
    login(reader)
    response = client.post("/me/name", data={"display_name": name, "csrf_token": token(client)})
    assert response.status_code == 400
    assert db.session.get(User, reader.id).display_name == "Kari Nordmann"


def test_a_name_with_control_characters_is_refused(client, login, reader):
    login(reader)
    response = client.post(
        "/me/name", data={"display_name": "Kari\x07", "csrf_token": token(client)}
    )
    assert response.status_code == 400
    assert db.session.get(User, reader.id).display_name == "Kari Nordmann"


def test_renaming_without_the_csrf_token_is_refused(client, login, reader):
    login(reader)
    assert client.post("/me/name", data={"display_name": "Evil"}).status_code == 400
    assert db.session.get(User, reader.id).display_name == "Kari Nordmann"


def test_a_child_keeps_the_pseudonym(client, login, make_user):
    """Issue 7 reversed this: a name a child picks would go public without a moderator."""
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 1234")
    login(child)
    response = client.post(
        "/me/name", data={"display_name": "Stjerneskudd", "csrf_token": token(client)}
    )
    assert response.status_code == 403
    assert db.session.get(User, child.id).display_name == "Reader 1234"


def test_deleting_the_account_needs_the_box_ticked(client, login, reader):
    login(reader)
    response = client.post("/me/delete", data={"csrf_token": token(client)})
    assert response.status_code == 400
    assert "Tick the box" in response.text
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0
    assert client.get("/me").status_code == 200  # still logged in


def test_reader_deletes_their_account_and_follows_it_by_code(client, login, reader, run_jobs):
    reader_id = reader.id
    login(reader)
    response = client.post("/me/delete", data={"confirm": "y", "csrf_token": token(client)})
    assert response.status_code == 200
    receipt = db.session.scalars(select(ErasureRequest)).one()
    assert receipt.trigger is ErasureTrigger.SELF
    assert receipt.code in response.text
    assert f"/deletion/{receipt.code}" in response.text
    assert client.get("/me").status_code == 302  # logged out

    run_jobs()

    assert db.session.get(ErasureRequest, receipt.id).state is ErasureState.COMPLETED
    assert db.session.get(User, reader_id) is None
    assert "Completed on" in client.get(f"/deletion/{receipt.code}").text


def test_log_out_everywhere_ends_every_session(client, app, login, reader):
    laptop = app.test_client()
    login(reader)
    login(reader, via=laptop)
    response = client.post("/me/sessions/end", data={"csrf_token": token(client)})
    assert response.status_code == 302
    assert client.get("/me").status_code == 302
    assert laptop.get("/me").status_code == 302
    assert db.session.get(User, reader.id) is not None


# -- the privacy notice ----------------------------------------------------------------------


NOTICE = "privacy-notice"


def test_a_changed_privacy_statement_is_announced_until_acknowledged(client, login, reader, app):
    login(reader)
    assert NOTICE not in shown(client.get("/me"))  # a new reader has nothing to catch up on
    app.config["PRIVACY_POLICY_VERSION"] += 1  # the statement changes after they joined
    assert NOTICE in client.get("/me").text
    response = client.post("/privacy/seen", data={"csrf_token": token(client), "next": "/me"})
    assert response.location == "/me"
    assert NOTICE not in shown(client.get("/me"))

    app.config["PRIVACY_POLICY_VERSION"] += 1  # a new version of the statement
    assert NOTICE in client.get("/me").text


def test_a_reader_who_joins_after_a_change_is_not_told_it_changed(client, login, app):
    app.config["PRIVACY_POLICY_VERSION"] = 3
    login("adult")  # first login through the Facebook stand-in: a brand-new reader
    assert NOTICE not in shown(client.get("/me"))


def test_visitors_who_are_not_logged_in_see_no_notice(client):
    assert NOTICE not in shown(client.get("/privacy"))


def test_acknowledging_without_a_token_changes_nothing(client, login, reader):
    login(reader)
    client.post("/privacy/seen", data={"next": "/me"})
    assert db.session.get(User, reader.id).privacy_version_seen is None


@pytest.fixture
def limited_settings(settings):
    settings["RATELIMIT_ENABLED"] = True
    return settings


def test_a_flood_of_delete_requests_is_rate_limited(limited_settings, app, login, reader):
    browser = app.test_client()
    login(reader, via=browser)
    csrf = token(browser)
    answers = [browser.post("/me/delete", data={"csrf_token": csrf}).status_code for _ in range(6)]
    assert answers == [400] * 5 + [429]
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0


def test_adults_find_reply_notifications_from_their_page_and_children_do_not(
    client, login, make_user, csrf_token
):
    login(make_user(AgeClass.ADULT))
    assert "/notifications/" in client.get("/me").text
    client.post("/logout", data={"csrf_token": csrf_token()})
    login(make_user(AgeClass.UNDER_16_PRESUMED))
    assert "/notifications/" not in shown(client.get("/me"))
