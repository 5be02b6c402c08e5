"""Display names: a reader who is, or may be, under 16 shows the public only a pseudonym.

Chosen: such a reader keeps the pseudonym we gave them (the simplest and safest; a name
they pick would show on every approved comment without a moderator). An adult's new name
reaches every cached page at once. A reader who becomes a minor later loses their real
name at that moment, on every surface.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.devtools.fake_facebook import Persona
from app.extensions import db
from app.models import AgeClass, CommentStatus, ModeratorScope, User
from tests import factories
from tests.helpers import shown, token_of
from tests.public_view import public_view
from tests.test_moderation_support import desk_post, make_moderator

SNAP = "Snap: x_2012 ring 98765432"


def rename(client, name: str):
    return client.post("/me/name", data={"display_name": name, "csrf_token": token_of(client)})


@pytest.mark.parametrize(
    "age_class", [AgeClass.UNDER_16_PRESUMED, AgeClass.UNKNOWN, AgeClass.UNDER_16_CONFIRMED]
)
def test_reader_who_may_be_a_child_cannot_make_a_name_public(
    client, login, make_user, make_article, app, age_class
):
    article = make_article()
    child = make_user(age_class, name="Reader 4821")
    factories.make_comment(article, child, "Fin artikkel", CommentStatus.PUBLISHED)
    login(child)
    assert 'action="/me/name"' not in shown(client.get("/me"))  # no form to fill in
    response = rename(client, SNAP)
    assert response.status_code == 403
    assert "chosen for you" in response.text
    assert db.session.get(User, child.id).display_name == "Reader 4821"
    assert public_view(app, article).shows("x_2012") == []


def test_adult_rename_reaches_every_cached_surface_at_once(
    client, login, make_user, make_article, app
):
    article = make_article()
    adult = make_user(AgeClass.ADULT, name="Kari Nordmann")
    factories.make_comment(article, adult, "Godt poeng")
    assert public_view(app, article).shows("Kari Nordmann") == ["page", "widget", "api", "feed"]
    login(adult)
    assert rename(client, "Kari N.").status_code == 302
    seen = public_view(app, article)  # without waiting for the cache to expire
    assert seen.shows("Kari Nordmann") == []
    assert seen.shows("Kari N.") == ["page", "widget", "api", "feed"]


def _adult_with_real_name(login, facebook, browser, fid: str) -> User:
    facebook.state.add_persona(Persona(f"real-{fid}", fid, "Per Hansen", {"min": 21}))
    login(f"real-{fid}", via=browser)
    user = db.session.scalar(select(User).where(User.facebook_id == fid))
    assert user.display_name == "Per Hansen"
    return user


def _mark_by_moderator(app, login, reader: User, facebook) -> None:
    desk = app.test_client()
    login(make_moderator(ModeratorScope.FULL), via=desk)
    assert desk_post(desk, f"/moderation/users/{reader.id}/mark-under-16").status_code == 302


def _teen_login(app, login, reader: User, facebook) -> None:
    facebook.state.add_persona(
        Persona("teen-again", reader.facebook_id, "Per Hansen", {"min": 13, "max": 17})
    )
    login("teen-again", via=app.test_client())


def _guardian_confirmed(app, login, reader: User, facebook) -> None:
    from app.models import GuardianCase, GuardianCaseState
    from app.services import guardian

    case = GuardianCase(
        reference="G-2345-6789", state=GuardianCaseState.OPEN, relationship_to_child="parent"
    )
    db.session.add(case)
    db.session.commit()
    moderator = make_moderator(ModeratorScope.FULL)
    comment_id = db.session.scalar(
        select(factories.Comment.id).where(factories.Comment.author_id == reader.id)
    )
    guardian.attach_subject(case, moderator, str(comment_id))
    guardian.confirm_case(case, moderator)


@pytest.mark.parametrize(
    "becomes_minor",
    [_mark_by_moderator, _teen_login, _guardian_confirmed],
    ids=["moderator", "13-17 login", "guardian case"],
)
def test_adult_who_becomes_a_minor_loses_their_real_name_everywhere_at_once(
    client, login, facebook, make_article, app, becomes_minor
):
    article = make_article()
    reader = _adult_with_real_name(login, facebook, client, "710000000000001")
    factories.make_comment(article, reader, "Jeg går i sjuende klasse")
    assert public_view(app, article).shows("Per Hansen") == ["page", "widget", "api", "feed"]

    becomes_minor(app, login, reader, facebook)

    db.session.expire_all()
    user = db.session.get(User, reader.id)
    assert user is None or (user.age_class.is_minor and "Per" not in user.display_name)
    assert public_view(app, article).shows("Per Hansen") == []
    assert public_view(app, article).shows("sjuende klasse") == []
    # Approved again by a moderator, the comment shows the pseudonym, never the old name.
    if becomes_minor is not _guardian_confirmed:  # (that one's account is being erased)
        desk = app.test_client()
        login(make_moderator(ModeratorScope.FULL, name="Mari"), via=desk)
        (held,) = db.session.scalars(
            select(factories.Comment).where(factories.Comment.author_id == user.id)
        ).all()
        assert desk_post(desk, f"/moderation/comments/{held.id}/approve").status_code == 302
        seen = public_view(app, article)
        assert seen.shows("sjuende klasse") == ["page", "widget", "api", "feed"]
        assert seen.shows("Per Hansen") == []
        assert seen.shows(user.display_name) == ["page", "widget", "api", "feed"]
