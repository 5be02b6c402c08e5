"""The reports-only moderator: adults' reported comments and their authors, nothing else.

Not vetted to see children's material, this role never sees a comment on a guardian hold,
a child's comment (held, pending or approved), or a child's rejection history, and can never
suspend or mark under 16 a moderator or anyone who is not the author of a comment in their
queue. Every desk route is enumerated below; a new one fails the test until it is placed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AgeClass,
    AuditEntry,
    Comment,
    CommentStatus,
    ModeratorScope,
    ReportReason,
    User,
)
from tests import factories
from tests.helpers import shown
from tests.test_moderation_reports import report
from tests.test_moderation_support import desk_post, make_moderator, status_of


@pytest.fixture
def world(make_article):
    """An adult's reported comment (in scope) and reported comments that are not."""
    article = make_article()
    adult = factories.make_user(AgeClass.ADULT, name="Ola Nordmann")
    in_scope = factories.make_comment(article, adult, "Dere er idioter")
    report(in_scope, ReportReason.ABUSE)

    child = factories.make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4821")
    childs = factories.make_comment(article, child, "Ring meg 912 34 567", CommentStatus.PUBLISHED)
    report(childs, ReportReason.ABUSE)
    rejected = factories.make_comment(article, child, "Første forsøk", CommentStatus.REJECTED)
    rejected.rejection_reason = "Inneholder telefonnummeret ditt"
    rejected.decided_at = rejected.created_at
    db.session.commit()

    held_author = factories.make_user(AgeClass.ADULT, name="Guro Holdt")
    held = factories.make_comment(article, held_author, "Under vergesak")
    held.guardian_hold = True
    db.session.commit()
    report(held, ReportReason.ABUSE)

    colleague = make_moderator(ModeratorScope.FULL, name="Mona Kollega")
    colleagues = factories.make_comment(article, colleague, "Moderatoren mener")
    report(colleagues, ReportReason.SPAM)

    bystander = factories.make_user(AgeClass.ADULT, name="Bjørn Uskyldig")
    factories.make_comment(article, bystander, "Hyggelig")
    return {
        "adult": adult,
        "in_scope": in_scope,
        "child": child,
        "childs": childs,
        "held_author": held_author,
        "held": held,
        "colleague": colleague,
        "colleagues": colleagues,
        "bystander": bystander,
    }


def test_the_reported_queue_shows_only_adults_public_comments(client, login, world):
    login(make_moderator(ModeratorScope.REPORTS, name="Rolf"))
    page = client.get("/moderation/reports").text
    assert "Dere er idioter" in page
    for hidden in ("912 34 567", "Under vergesak", "Moderatoren mener", "Telefonnummeret"):
        assert hidden.lower() not in page.lower(), hidden
    overview = client.get("/moderation/").text
    assert "Reported" in overview


def test_a_full_moderator_sees_childrens_reported_comments_but_no_guardian_held_one(
    client, login, world
):
    login(make_moderator(ModeratorScope.FULL, name="Vera"))
    page = shown(client.get("/moderation/reports"))
    assert "Dere er idioter" in page and "912 34 567" in page
    assert "Under vergesak" not in page  # the guardian desk handles it


def test_no_rejection_history_reaches_a_reports_moderator(client, login, make_article):
    """An adult now, but rejected while presumed a child: those decisions stay hidden."""
    article = make_article()
    grown = factories.make_user(AgeClass.ADULT, name="Nå Voksen")
    old = factories.make_comment(article, grown, "Gammel tekst", CommentStatus.REJECTED)
    old.rejection_reason = "Du nevnte skolen din"
    old.decided_at = old.created_at
    db.session.commit()
    report(factories.make_comment(article, grown, "Ny tekst"), ReportReason.SPAM)
    login(make_moderator(ModeratorScope.REPORTS, name="Rolf"))
    page = shown(client.get("/moderation/reports"))
    assert "Ny tekst" in page
    assert "skolen din" not in page and "1 rejected" not in page


@pytest.mark.parametrize("action", ["suspend", "mark-under-16"])
@pytest.mark.parametrize("target", ["colleague", "child", "held_author", "bystander"])
def test_a_reports_moderator_decides_only_about_authors_in_their_queue(
    client, login, world, action, target
):
    login(make_moderator(ModeratorScope.REPORTS, name="Rolf"))
    person = world[target]
    before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    response = desk_post(client, f"/moderation/users/{person.id}/{action}")
    assert response.status_code == 403
    db.session.expire_all()
    after = db.session.get(User, person.id)
    assert after.suspended_at is None
    assert after.age_class is person.age_class
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == before


def test_no_moderator_can_suspend_or_mark_a_moderator(client, login, world):
    login(make_moderator(ModeratorScope.FULL, name="Vera"))
    colleague = world["colleague"]
    for action in ("suspend", "mark-under-16"):
        assert desk_post(client, f"/moderation/users/{colleague.id}/{action}").status_code == 403
    db.session.expire_all()
    assert db.session.get(User, colleague.id).age_class is AgeClass.ADULT


@pytest.mark.parametrize("action", ["remove", "dismiss"])
@pytest.mark.parametrize("target", ["childs", "held", "colleagues"])
def test_a_reports_moderator_cannot_act_on_comments_outside_their_queue(
    client, login, world, action, target
):
    login(make_moderator(ModeratorScope.REPORTS, name="Rolf"))
    comment = world[target]
    before = status_of(comment.id)
    response = desk_post(client, f"/moderation/reports/{comment.id}/{action}")
    assert response.status_code == 403
    assert status_of(comment.id) is before
    assert "912 34 567" not in response.text


# -- every desk route, for this role -------------------------------------------------------------

# endpoint -> (method, path template, status the reports role gets on an in-scope target)
# {c}: the adult's reported comment, {u}: its author, {h}: a child's held comment,
# {g}: a guardian case, {r}: a reader asking for an age review.
DESK_ROUTES = {
    "moderation.index": ("GET", "/moderation/", 200),
    "moderation.minors": ("GET", "/moderation/minors", 403),
    "moderation.item": ("GET", "/moderation/comments/{h}", 403),
    "moderation.approve": ("POST", "/moderation/comments/{h}/approve", 403),
    "moderation.reject": ("POST", "/moderation/comments/{h}/reject", 403),
    "moderation.claim": ("POST", "/moderation/comments/{h}/claim", 403),
    "moderation.undo": ("POST", "/moderation/comments/{h}/undo", 403),
    "moderation.bulk": ("POST", "/moderation/minors/bulk", 403),
    "moderation.reports": ("GET", "/moderation/reports", 200),
    "moderation.remove": ("POST", "/moderation/reports/{c}/remove", 302),
    "moderation.dismiss": ("POST", "/moderation/reports/{c}/dismiss", 302),
    "moderation.mark_under_16": ("POST", "/moderation/users/{u}/mark-under-16", 302),
    "moderation.erase_account": ("POST", "/moderation/users/{u}/erase", 403),
    "moderation.suspend": ("POST", "/moderation/users/{u}/suspend", 302),
    "moderation.unsuspend": ("POST", "/moderation/users/{u}/unsuspend", 409),  # not suspended
    "moderation.suspended": ("GET", "/moderation/suspended", 200),
    "moderation.audit": ("GET", "/moderation/audit", 403),
    "moderation.statistics": ("GET", "/moderation/stats", 200),
    "moderation.chart": ("GET", "/moderation/stats/depth.svg", 200),
    "guardian_desk.cases": ("GET", "/moderation/guardian/", 403),
    "guardian_desk.case": ("GET", "/moderation/guardian/{g}", 403),
    "guardian_desk.confirm": ("POST", "/moderation/guardian/{g}/confirm", 403),
    "guardian_desk.dismiss": ("POST", "/moderation/guardian/{g}/dismiss", 403),
    "guardian_desk.attach": ("POST", "/moderation/guardian/{g}/attach", 403),
    "age_reviews.requests": ("GET", "/moderation/age-reviews/", 403),
    "age_reviews.keep": ("POST", "/moderation/age-reviews/{r}/keep", 403),
    "age_reviews.lift": ("POST", "/moderation/age-reviews/{r}/lift", 403),
    "ops.queues": ("GET", "/moderation/ops/queues", 403),  # the operator's view: full only
}


def test_every_desk_route_is_enumerated(app):
    desk = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/moderation")
    }
    assert desk == set(DESK_ROUTES), "classify the new desk route for the reports role"


@pytest.mark.parametrize("endpoint", sorted(DESK_ROUTES))
def test_what_a_reports_moderator_gets_on_every_desk_route(
    client, login, world, app, endpoint, make_article
):
    from app.models import GuardianCase, GuardianCaseState
    from app.services import stats

    method, template, expected = DESK_ROUTES[endpoint]
    held = factories.make_comment(make_article(), world["child"], "Hemmelig adresse Storgata 5")
    case = GuardianCase(reference="G-2345-6789", state=GuardianCaseState.OPEN)
    db.session.add(case)
    db.session.commit()
    assert "depth" in stats.CHARTS
    path = template.format(
        c=world["in_scope"].id, u=world["adult"].id, h=held.id, g=case.id, r=world["child"].id
    )
    login(make_moderator(ModeratorScope.REPORTS, name="Rolf"))
    if method == "GET":
        response = client.get(path)
    else:
        response = desk_post(client, path, {"ids": str(held.id), "action": "approve"})
    assert response.status_code == expected, (endpoint, response.status_code)
    for secret in ("Storgata 5", "912 34 567", "Under vergesak", "Telefonnummeret"):
        assert secret.lower() not in response.text.lower(), (endpoint, secret)
    db.session.expire_all()
    assert db.session.get(Comment, held.id).status is CommentStatus.PENDING
    assert db.session.get(User, world["child"].id).age_class is AgeClass.UNDER_16_PRESUMED
