"""The age rule: under 16 is sticky; only Facebook's adult bucket lifts a presumption.

Readers log in through the real Facebook flow (the stand-in), answer the age question on
the real form, and comment on the real thread page; an anonymous reader checks what shows.
"""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from app.devtools.fake_facebook import Persona
from app.extensions import db
from app.models import AgeClass, AgeSignal, AgeVerdict, SignalSource, User
from app.services import age
from tests.helpers import shown

_keys = itertools.count(1)


@pytest.fixture
def facebook_login(client, login, facebook, csrf_token):
    """Log in as Facebook id ``fid`` with this ``age_range`` (None: the permission declined)."""

    def do(fid: str, age_range: dict | None, name: str = "Tuva Testesen", via=None):
        browser = via or client
        if browser.get("/privacy").text.count("Log out"):
            browser.post("/logout", data={"csrf_token": csrf_token()})
        key = f"persona-{next(_keys)}"
        facebook.state.add_persona(Persona(key, fid, name, age_range))
        return login(key, via=browser)

    return do


def reader(fid: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.facebook_id == fid))


def post(client, csrf_token, article, text: str):
    return client.post(
        f"/articles/{article.key}/comments", data={"body": text, "csrf_token": csrf_token()}
    )


def test_teen_who_declines_the_age_range_next_time_cannot_answer_their_way_to_adult(
    client, facebook_login, csrf_token, make_article, app
):
    """The reproduced downgrade: 13-17 login, then a login without user_age_range, "yes"."""
    article = make_article()
    facebook_login("700000000000001", {"min": 13, "max": 17})
    answered = facebook_login("700000000000001", None)
    assert not answered.location.startswith("/age")  # not asked: a signal is on record
    assert client.get("/age").status_code == 302
    client.post("/age", data={"answer": "yes", "csrf_token": csrf_token()})
    assert reader("700000000000001").age_class is AgeClass.UNDER_16_PRESUMED
    post(client, csrf_token, article, "Snap meg på x_2012")
    anonymous = app.test_client()
    assert "Snap meg" not in shown(anonymous.get(f"/articles/{article.key}"))


def test_max_17_without_min_is_under_age(facebook_login):
    facebook_login("700000000000002", {"max": 17})
    assert reader("700000000000002").age_class is AgeClass.UNDER_16_PRESUMED


@pytest.mark.parametrize("high", [12, 14, 15])
def test_any_max_below_minor_age_is_under_age(facebook_login, high):
    facebook_login(f"70000000000010{high % 10}", {"min": 13, "max": high})
    assert reader(f"70000000000010{high % 10}").age_class is AgeClass.UNDER_16_PRESUMED


def test_facebook_adult_bucket_lifts_a_presumption(facebook_login):
    facebook_login("700000000000003", {"min": 13, "max": 17})
    facebook_login("700000000000003", {"min": 18, "max": 20})
    assert reader("700000000000003").age_class is AgeClass.ADULT


@pytest.mark.parametrize(
    "source", [SignalSource.MODERATOR, SignalSource.GUARDIAN, SignalSource.ERASURE_REGISTRY]
)
def test_facebook_adult_bucket_never_lifts_a_finding(facebook_login, make_user, source):
    child = make_user(AgeClass.ADULT)
    age.record_signal(child, source, AgeVerdict.UNDER)
    db.session.commit()
    facebook_login(child.facebook_id, {"min": 21})
    assert reader(child.facebook_id).age_class is AgeClass.UNDER_16_CONFIRMED


def test_unknown_signal_lifts_nothing_and_changes_nothing(facebook_login):
    facebook_login("700000000000004", {"min": 13, "max": 17})
    facebook_login("700000000000004", None)
    assert reader("700000000000004").age_class is AgeClass.UNDER_16_PRESUMED
    facebook_login("700000000000005", {"min": 21}, name="Kari Voksen")
    facebook_login("700000000000005", None)
    assert reader("700000000000005").age_class is AgeClass.ADULT


def test_a_later_13_to_17_login_overrides_an_adult_bucket(facebook_login):
    facebook_login("700000000000006", {"min": 21})
    facebook_login("700000000000006", {"min": 13, "max": 17})
    assert reader("700000000000006").age_class is AgeClass.UNDER_16_PRESUMED


def test_own_under_16_answer_is_not_lifted_by_facebook(facebook_login, client, csrf_token):
    """The reader told us they are under 16: only a moderator's review lifts that."""
    facebook_login("700000000000007", None)
    client.post("/age", data={"answer": "no", "csrf_token": csrf_token()})
    facebook_login("700000000000007", {"min": 21})
    assert reader("700000000000007").age_class is AgeClass.UNDER_16_PRESUMED


def test_question_is_asked_only_while_nothing_is_on_record_and_only_once(
    facebook_login, client, csrf_token
):
    first = facebook_login("700000000000008", None)
    assert first.location.startswith("/age")
    client.post("/age", data={"answer": "yes", "csrf_token": csrf_token()})
    assert reader("700000000000008").age_class is AgeClass.ADULT
    again = facebook_login("700000000000008", None)
    assert not again.location.startswith("/age")
    assert client.get("/age").status_code == 302


def test_own_adult_answer_does_not_lift_anything(make_user, app):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    assert not age.needs_age_question(child)
    # Even written straight to the rule (a path that forgot to ask first), it lifts nothing.
    age.record_signal(child, SignalSource.SELF_DECLARED, AgeVerdict.ADULT)
    assert child.age_class is AgeClass.UNDER_16_PRESUMED


@pytest.mark.parametrize(
    ("minor_age", "age_range", "expected"),
    [
        (15, {"min": 13, "max": 17}, AgeVerdict.UNDER),
        (15, {"min": 18, "max": 20}, AgeVerdict.ADULT),
        (13, {"min": 13, "max": 17}, AgeVerdict.ADULT),
        (13, {"max": 12}, AgeVerdict.UNDER),
        (13, {"max": 17}, AgeVerdict.UNDER),
        (18, {"min": 13, "max": 17}, AgeVerdict.UNDER),
        (18, {"min": 18, "max": 20}, AgeVerdict.ADULT),
        (16, {}, AgeVerdict.UNKNOWN),
        (16, {"min": "18"}, AgeVerdict.UNKNOWN),
        (16, {"min": True}, AgeVerdict.UNKNOWN),
    ],
)
def test_a_bucket_is_under_age_when_it_may_hold_someone_below_minor_age(
    minor_age, age_range, expected
):
    verdict, _ = age.verdict_from_age_range(age_range, minor_age)
    assert verdict is expected


def test_minor_age_is_configuration(app, facebook_login):
    """With MINOR_AGE 15 the 13-17 bucket still may hold a child; 18+ lifts the presumption."""
    app.config["MINOR_AGE"] = 15
    facebook_login("700000000000009", {"min": 13, "max": 17})
    assert reader("700000000000009").age_class is AgeClass.UNDER_16_PRESUMED
    facebook_login("700000000000009", {"min": 18, "max": 20})
    assert reader("700000000000009").age_class is AgeClass.ADULT


def test_with_minor_age_13_only_the_18_plus_bucket_lifts(app, facebook_login):
    """The 13-17 bucket is adult when MINOR_AGE is 13, but it lifts no presumption: only
    Facebook's adult bucket (18+) does."""
    app.config["MINOR_AGE"] = 13
    facebook_login("700000000000010", {"max": 17})
    facebook_login("700000000000010", {"min": 13, "max": 17})
    assert reader("700000000000010").age_class is AgeClass.UNDER_16_PRESUMED
    facebook_login("700000000000010", {"min": 18, "max": 20})
    assert reader("700000000000010").age_class is AgeClass.ADULT


def test_signals_are_combined_in_the_order_they_came(make_user):
    """The whole history counts, not the newest per source."""
    user = make_user(AgeClass.ADULT)
    for source, verdict, detail in [
        (SignalSource.FACEBOOK, AgeVerdict.UNDER, "13-17"),
        (SignalSource.FACEBOOK, AgeVerdict.UNKNOWN, None),
        (SignalSource.SELF_DECLARED, AgeVerdict.ADULT, None),
    ]:
        age.record_signal(user, source, verdict, detail)
    assert user.age_class is AgeClass.UNDER_16_PRESUMED
    assert isinstance(user.signals[0], AgeSignal)


def test_readers_downgraded_under_the_old_rule_are_caught_by_reclassify(
    make_user, make_article, app
):
    """Stored as adult by the old "newest per source" rule: the command holds them now."""
    from tests import factories

    article = make_article()
    child = make_user(AgeClass.ADULT, name="Ekte Navn")
    for source, verdict, detail in [
        (SignalSource.FACEBOOK, AgeVerdict.UNDER, "13-17"),
        (SignalSource.FACEBOOK, AgeVerdict.UNKNOWN, None),
        (SignalSource.SELF_DECLARED, AgeVerdict.ADULT, None),
    ]:
        child.signals.append(AgeSignal(source=source, verdict=verdict, detail=detail))
    child.age_class = AgeClass.ADULT  # what the old rule stored
    db.session.commit()
    factories.make_comment(article, child, "Publisert for tidlig")
    anonymous = app.test_client()
    assert "Publisert for tidlig" in anonymous.get(f"/articles/{article.key}").text

    result = app.test_cli_runner().invoke(args=["readers", "reclassify"])
    assert result.exit_code == 0, result.output
    assert "1 reader(s) reclassified" in result.output
    assert reader(child.facebook_id).age_class is AgeClass.UNDER_16_PRESUMED
    page = shown(anonymous.get(f"/articles/{article.key}"))
    assert "Publisert for tidlig" not in page and "Ekte Navn" not in page
    again = app.test_cli_runner().invoke(args=["readers", "reclassify"])
    assert "0 reader(s) reclassified" in again.output


def test_a_reader_sees_in_plain_words_what_facebook_said(facebook_login, client):
    facebook_login("700000000000011", {"max": 17})
    assert "Facebook told us your age range is under 18, so you may be under 16." in (
        client.get("/me").text
    )
