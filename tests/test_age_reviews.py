"""A reader asks a moderator to review a wrong age classification (from /me).

The request lifts nothing; a full moderator keeps the classification or lifts it; a finding
is lifted only when the moderator says so explicitly; every decision is audit-logged.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, AuditAction, AuditEntry, ModeratorScope, User
from tests.helpers import shown, token_of
from tests.test_moderation_support import desk_post, make_moderator


def ask(browser):
    return browser.post("/me/age-review", data={"csrf_token": token_of(browser, "/me")})


def comment(browser, article, text):
    return browser.post(
        f"/articles/{article.key}/comments",
        data={"body": text, "csrf_token": token_of(browser, f"/articles/{article.key}")},
    )


def entries(action: AuditAction) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def age_of(user: User) -> AgeClass:
    db.session.expire_all()
    return db.session.get(User, user.id).age_class


@pytest.fixture
def desk(app, login):
    browser = app.test_client()
    login(make_moderator(ModeratorScope.FULL), via=browser)
    return browser


def test_a_reader_presumed_a_child_asks_and_a_moderator_keeps_it(client, login, make_user, desk):
    reader = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4821")
    login(reader)
    assert "Ask a moderator to review my age" in client.get("/me").text
    assert ask(client).status_code == 302
    assert age_of(reader) is AgeClass.UNDER_16_PRESUMED  # asking lifts nothing
    assert "You asked a moderator to review this" in client.get("/me").text
    assert ask(client).status_code == 409  # once at a time

    queue = desk.get("/moderation/age-reviews/")
    assert "Reader 4821" in queue.text
    assert desk_post(desk, f"/moderation/age-reviews/{reader.id}/keep").status_code == 303
    assert age_of(reader) is AgeClass.UNDER_16_PRESUMED
    assert "Reader 4821" not in shown(desk.get("/moderation/age-reviews/"))
    (entry,) = entries(AuditAction.AGE_REVIEW_KEEP)
    assert entry.subject_pseudonym and entry.reason is None
    assert "kept it as it was" in client.get("/me").text
    assert ask(client).status_code == 409  # not again right away


def test_a_moderator_lifts_a_presumption_and_the_reader_is_published_at_once(
    client, login, make_user, make_article, desk, app
):
    article = make_article()
    reader = make_user(AgeClass.UNDER_16_PRESUMED)
    login(reader)
    ask(client)
    assert desk_post(desk, f"/moderation/age-reviews/{reader.id}/lift").status_code == 303
    assert age_of(reader) is AgeClass.ADULT
    (entry,) = entries(AuditAction.AGE_REVIEW_LIFT)
    assert entry.details == {"before": "under_16_presumed", "after": "adult"}
    comment(client, article, "Nå er jeg voksen")
    assert "Nå er jeg voksen" in app.test_client().get(f"/articles/{article.key}").text


def test_a_finding_is_lifted_only_explicitly(client, login, make_user, desk):
    reader = make_user(AgeClass.UNDER_16_CONFIRMED)
    login(reader)
    ask(client)
    refused = desk_post(desk, f"/moderation/age-reviews/{reader.id}/lift")
    assert refused.status_code == 409
    assert age_of(reader) is AgeClass.UNDER_16_CONFIRMED
    assert entries(AuditAction.AGE_REVIEW_LIFT) == []
    lifted = desk_post(desk, f"/moderation/age-reviews/{reader.id}/lift", {"finding": "y"})
    assert lifted.status_code == 303
    assert age_of(reader) is AgeClass.ADULT
    (entry,) = entries(AuditAction.AGE_REVIEW_LIFT)
    assert entry.details["before"] == "under_16_confirmed"
    audit = desk.get("/moderation/audit?action=age_review_lift").text
    assert "Lifted an age classification on review" in audit
    assert "under_16_confirmed" in audit and entry.subject_pseudonym in audit


def test_no_request_nothing_to_decide(client, login, make_user, desk):
    reader = make_user(AgeClass.UNDER_16_PRESUMED)
    for action in ("keep", "lift"):
        response = desk_post(desk, f"/moderation/age-reviews/{reader.id}/{action}")
        assert response.status_code == 409
    assert age_of(reader) is AgeClass.UNDER_16_PRESUMED
    assert desk_post(desk, "/moderation/age-reviews/999999/lift").status_code == 404


@pytest.mark.parametrize("age_class", [AgeClass.ADULT, AgeClass.UNKNOWN])
def test_only_a_reader_whose_comments_wait_and_whose_age_is_on_record_may_ask(
    client, login, make_user, age_class
):
    reader = make_user(age_class)
    login(reader)
    assert "Ask a moderator to review my age" not in shown(client.get("/me"))
    assert ask(client).status_code == 409
    assert age_of(reader) is age_class


def test_a_reports_moderator_never_sees_the_requests(client, login, make_user, app):
    reader = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4821")
    login(reader)
    ask(client)
    reports = app.test_client()
    login(make_moderator(ModeratorScope.REPORTS, name="Rolf"), via=reports)
    assert reports.get("/moderation/age-reviews/").status_code == 403
    assert desk_post(reports, f"/moderation/age-reviews/{reader.id}/lift").status_code == 403
    assert age_of(reader) is AgeClass.UNDER_16_PRESUMED


def test_a_new_13_to_17_signal_after_a_lift_puts_the_reader_back_under(
    client, login, make_user, desk, facebook
):
    """A reader who answered "no" by mistake is lifted; Facebook later says 13-17."""
    from app.devtools.fake_facebook import Persona
    from app.models import AgeVerdict, SignalSource
    from app.services import age

    reader = make_user(AgeClass.UNKNOWN)
    age.record_signal(reader, SignalSource.SELF_DECLARED, AgeVerdict.UNDER)
    db.session.commit()
    facebook.state.add_persona(Persona("declines", reader.facebook_id, "X", None))
    login("declines")
    ask(client)
    desk_post(desk, f"/moderation/age-reviews/{reader.id}/lift")
    assert age_of(reader) is AgeClass.ADULT
    facebook.state.add_persona(Persona("teen-x", reader.facebook_id, "X", {"min": 13, "max": 17}))
    client.post("/logout", data={"csrf_token": token_of(client)})
    login("teen-x")
    assert age_of(reader) is AgeClass.UNDER_16_PRESUMED
