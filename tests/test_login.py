"""Readers log in with Facebook; their age is read at every login."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, LoginSession, User


def user_with_facebook_id(facebook_id: str) -> User | None:
    return db.session.scalar(select(User).where(User.facebook_id == facebook_id))


def test_adult_reader_logs_in_and_lands_where_they_started(client, login):
    response = login("adult", next="/articles/some-article")
    assert response.status_code == 302
    assert response.location == "/articles/some-article"
    reader = user_with_facebook_id("100000000000021")
    assert reader.age_class is AgeClass.ADULT
    assert reader.display_name == "Kari"
    assert "Log out" in client.get("/privacy").text


def test_teen_is_presumed_under_16_and_gets_a_pseudonym(login):
    login("teen")
    reader = user_with_facebook_id("100000000000013")
    assert reader.age_class is AgeClass.UNDER_16_PRESUMED
    assert "Ida" not in reader.display_name  # a child's real name is never stored


def test_reader_without_age_range_is_asked_once_before_commenting(client, login, csrf_token):
    response = login("unknown", next="/privacy")
    assert response.location.startswith("/age")
    page = client.get(response.location).text
    assert "Are you 16 or older?" in page
    answered = client.post(response.location, data={"answer": "no", "csrf_token": csrf_token()})
    assert answered.location == "/privacy"
    reader = user_with_facebook_id("100000000000000")
    assert reader.age_class is AgeClass.UNDER_16_PRESUMED
    # An under-16 answer cannot be undone by the reader.
    again = client.post("/age", data={"answer": "yes", "csrf_token": csrf_token()})
    assert again.status_code == 302
    assert user_with_facebook_id("100000000000000").age_class is AgeClass.UNDER_16_PRESUMED


def test_cancelled_login_shows_a_friendly_page(client, login):
    response = login("cancel")
    assert response.status_code == 200
    assert "You did not log in" in response.text


def test_login_stores_no_token_email_or_picture(login, app):
    login("adult")
    columns = {c.name for c in User.__table__.columns}
    assert not columns & {"access_token", "email", "picture", "birthday"}


def test_logout_ends_the_session(client, login, csrf_token):
    login("adult")
    assert db.session.scalar(select(LoginSession.id)) is not None
    client.post("/logout", data={"csrf_token": csrf_token()})
    assert db.session.scalar(select(LoginSession.id)) is None
    assert "Log in with Facebook" in client.get("/privacy").text


def test_logout_without_csrf_token_is_refused(client, login):
    login("adult")
    response = client.post("/logout")
    assert response.status_code == 400
    assert "Log out" in client.get("/privacy").text


def test_age_range_is_re_read_at_every_login(login, make_user, client, csrf_token):
    reader = make_user(AgeClass.UNDER_16_PRESUMED)
    login(reader)
    assert user_with_facebook_id(reader.facebook_id).age_class is AgeClass.UNDER_16_PRESUMED
    client.post("/logout", data={"csrf_token": csrf_token()})
    reader.age_class = AgeClass.ADULT  # Facebook now reports the 18+ bucket
    login(reader)
    assert user_with_facebook_id(reader.facebook_id).age_class is AgeClass.ADULT


def test_confirmed_child_stays_under_16_whatever_facebook_says(login, make_user, facebook):
    child = make_user(AgeClass.UNDER_16_CONFIRMED)
    from app.devtools.fake_facebook import Persona

    facebook.state.add_persona(Persona("grown", child.facebook_id, "Grown Up", {"min": 21}))
    login("grown")
    assert user_with_facebook_id(child.facebook_id).age_class is AgeClass.UNDER_16_CONFIRMED
