"""Only moderators reach the desk; only vetted (full) moderators see children's comments."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import AgeClass, CommentStatus, ModeratorScope, User
from tests.helpers import shown
from tests.test_moderation_support import desk_post, hold_comment, make_moderator, status_of

# Every desk route: (method, path template, vetted-only). {c} is a comment id, {u} a user id.
ROUTES = [
    ("GET", "/moderation/", False),
    ("GET", "/moderation/minors", True),
    ("GET", "/moderation/comments/{c}", True),
    ("POST", "/moderation/comments/{c}/approve", True),
    ("POST", "/moderation/comments/{c}/reject", True),
    ("POST", "/moderation/comments/{c}/claim", True),
    ("POST", "/moderation/comments/{c}/undo", True),
    ("POST", "/moderation/minors/bulk", True),
    ("GET", "/moderation/reports", False),
    ("POST", "/moderation/reports/{c}/remove", False),
    ("POST", "/moderation/reports/{c}/dismiss", False),
    ("POST", "/moderation/users/{u}/mark-under-16", False),
    ("POST", "/moderation/users/{u}/suspend", False),
    ("POST", "/moderation/users/{u}/unsuspend", False),
    ("POST", "/moderation/users/{u}/erase", True),
    ("GET", "/moderation/suspended", False),
    ("GET", "/moderation/audit", True),
    ("GET", "/moderation/stats", False),
    ("GET", "/moderation/stats/depth.svg", False),
    ("GET", "/moderation/guardian/", True),
    ("GET", "/moderation/age-reviews/", True),
    ("POST", "/moderation/age-reviews/{u}/keep", True),
    ("POST", "/moderation/age-reviews/{u}/lift", True),
    ("GET", "/moderation/ops/queues", True),
]


def test_every_desk_route_is_in_the_access_list(app):
    """A new /moderation route cannot escape the 403 checks below."""
    import re

    listed = {re.sub(r"\{[cu]\}", "<id>", path) for _, path, _ in ROUTES}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/moderation") and "guardian/<" not in rule.rule:
            path = re.sub(r"<int:\w+>", "<id>", rule.rule).replace("<name>", "depth")
            assert path in listed, f"{rule.rule} is missing from ROUTES"


@pytest.fixture
def held(make_user, make_article):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    return hold_comment(make_article(), child, "Ring meg på 912 34 567")


def _form(comment_id: int) -> dict:
    return {"reason": "contact", "ids": [str(comment_id)], "action": "approve"}


def _request(client, method: str, path: str, comment_id: int):
    if method == "GET":
        return client.get(path)
    return desk_post(client, path, _form(comment_id))


@pytest.mark.parametrize("who", ["anonymous", "reader", "under_16_reader"])
def test_non_moderators_get_403_on_every_desk_route_and_action(who, client, login, make_user, held):
    if who != "anonymous":
        age = AgeClass.ADULT if who == "reader" else AgeClass.UNDER_16_PRESUMED
        login(make_user(age))
    for method, template, _vetted in ROUTES:
        path = template.format(c=held.id, u=held.author_id)
        response = _request(client, method, path, held.id)
        assert response.status_code == 403, (method, path, response.status_code)
        assert "912 34 567" not in response.text
    assert status_of(held.id) is CommentStatus.PENDING  # nothing changed


def test_reports_only_moderator_is_kept_out_of_childrens_comments(client, login, held):
    login(make_moderator(ModeratorScope.REPORTS))
    for method, template, vetted in ROUTES:
        path = template.format(c=held.id, u=held.author_id)
        response = _request(client, method, path, held.id)
        if vetted:
            assert response.status_code == 403, (method, path)
            assert "912 34 567" not in response.text
    overview = client.get("/moderation/")
    assert overview.status_code == 200
    assert "Reported" in overview.text
    assert "/moderation/minors" not in overview.text  # no link to the under-16 queue
    assert status_of(held.id) is CommentStatus.PENDING


def test_full_moderator_reaches_every_page(client, login, held):
    login(make_moderator())
    for method, template, _vetted in ROUTES:
        if method == "GET":
            path = template.format(c=held.id, u=held.author_id)
            assert client.get(path).status_code == 200, path


def test_moderators_see_the_desk_link_and_readers_do_not(client, login, make_user, csrf_token):
    login(make_user(AgeClass.ADULT))
    assert 'href="/moderation/"' not in shown(client.get("/privacy"))
    client.post("/logout", data={"csrf_token": csrf_token()})
    login(make_moderator())
    assert 'href="/moderation/"' in client.get("/privacy").text


def test_grant_before_first_login_makes_a_moderator(client, login, facebook, app):
    from app.devtools.fake_facebook import Persona

    runner = app.test_cli_runner()
    result = runner.invoke(args=["moderators", "add", "100000000000777"])
    assert result.exit_code == 0, result.output
    facebook.state.add_persona(Persona("new-moderator", "100000000000777", "Nora", {"min": 21}))
    login("new-moderator")
    assert client.get("/moderation/minors").status_code == 200


def test_reports_only_grant_from_the_command_line(client, login, facebook, app):
    from app.devtools.fake_facebook import Persona

    runner = app.test_cli_runner()
    result = runner.invoke(args=["moderators", "add", "100000000000778", "--reports-only"])
    assert result.exit_code == 0, result.output
    facebook.state.add_persona(Persona("reports-mod", "100000000000778", "Rolf", {"min": 21}))
    login("reports-mod")
    assert client.get("/moderation/reports").status_code == 200
    assert client.get("/moderation/minors").status_code == 403


def test_an_action_without_csrf_token_is_refused_and_changes_nothing(client, login, held):
    login(make_moderator())
    response = client.post(f"/moderation/comments/{held.id}/approve")
    assert response.status_code == 400
    assert status_of(held.id) is CommentStatus.PENDING
    response = client.post(f"/moderation/comments/{held.id}/approve", data={"csrf_token": "x"})
    assert response.status_code == 400
    assert status_of(held.id) is CommentStatus.PENDING


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/comments/abc",
        "/moderation/comments/-1",
        "/moderation/comments/0",
        "/moderation/comments/99999999999999999999999",
        "/moderation/comments/1.5",
    ],
)
def test_non_integer_or_absurd_ids_in_urls_are_404(path, client, login):
    login(make_moderator())
    assert client.get(path).status_code == 404
    assert desk_post(client, f"{path}/approve").status_code == 404


def test_absurd_user_ids_are_404(client, login):
    login(make_moderator())
    for user_id in ("99999999999999999999", "12345678", "x"):
        response = desk_post(client, f"/moderation/users/{user_id}/suspend")
        assert response.status_code == 404


@pytest.mark.parametrize(
    "query", ["after=yesterday", "after=2026-01-01T00:00:00_x", "after=_1", "after=nonsense_12"]
)
def test_a_bad_queue_position_is_400(query, client, login):
    login(make_moderator())
    assert client.get(f"/moderation/minors?{query}").status_code == 400
    assert client.get(f"/moderation/reports?{query}").status_code == 400


def test_a_bad_audit_filter_is_400(client, login):
    login(make_moderator())
    assert client.get("/moderation/audit?action=explode").status_code == 400
    assert client.get("/moderation/audit?before=abc").status_code == 400
    assert client.get("/moderation/stats/secret.svg").status_code == 404


def test_a_non_integer_comment_reference_in_a_form_is_400(client, login, make_user):
    reader = make_user(AgeClass.ADULT)
    login(make_moderator())
    for bad in ("abc", "-3", "1e9", "99999999999999999999"):
        response = desk_post(client, f"/moderation/users/{reader.id}/suspend", {"comment_id": bad})
        assert response.status_code == 400, bad
    db.session.expire_all()
    assert not db.session.get(User, reader.id).is_suspended
