"""A thread's timestamps are formatted once per request's locale and zone (app/i18n.py,
``_Faces``), and say exactly what Flask-Babel's functions say, for every unit of a
relative time, on both sides of a daylight-saving change, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import format_timedelta
from flask_babel import format_datetime, get_locale, get_timezone

from app import clock, i18n

ZONES = ("Europe/Oslo", "UTC", "America/St_Johns", "Asia/Kolkata")


def ages() -> list[timedelta]:
    """Every unit and rounding edge of 'n minutes/hours/days ago' within the relative week."""
    seconds = {60, 61, 89, 90, 91, 119, 120, 3599, 3600, 5399, 5400, 86399, 86400, 129599}
    seconds |= {129600, 6 * 86400, 7 * 86400 - 61}
    seconds |= {n * 37 + n * n for n in range(0, 800)}
    week = 7 * 86400
    kept = sorted(s for s in seconds if 60 <= s < week - 60)
    return [timedelta(seconds=s, microseconds=250_000) for s in kept]


def moments() -> list[datetime]:
    """Times around the year and both of Oslo's 2026 daylight-saving changes."""
    start = datetime(2026, 1, 1, 0, 0, 7)
    found = [start + timedelta(hours=n * 11, minutes=n) for n in range(800)]
    for change in (datetime(2026, 3, 29, 0, 30), datetime(2026, 10, 25, 0, 30)):
        found += [change + timedelta(minutes=n * 13) for n in range(20)]
    return found


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("zone", ZONES)
def test_relative_times_and_tooltips_say_what_babel_says(app, lang, zone):
    now = clock.now()
    with app.test_request_context(f"/articles/x?lang={lang}&tz={zone}"):
        assert str(get_locale()) == lang and get_timezone().zone == zone
        for age in ages():
            expected = format_timedelta(-age, add_direction=True, locale=get_locale(), threshold=1)
            assert i18n.when(now - age) == expected, age
        for moment in moments():
            aware = moment.replace(tzinfo=UTC)
            expected = f"{format_datetime(aware, 'long')} ({get_timezone().zone})"
            assert i18n.full_time(moment) == expected, moment


def test_a_request_that_changes_language_gets_that_languages_times(app):
    moment = datetime(2026, 6, 1, 12, 0, 0)
    with app.test_request_context("/articles/x?lang=nb&tz=Europe/Oslo"):
        norwegian = i18n.full_time(moment)
        from flask_babel import force_locale

        with force_locale("en"):
            english = i18n.full_time(moment)
        assert i18n.full_time(moment) == norwegian
    assert norwegian != english and "June" in english and "juni" in norwegian


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("zone", ZONES)
def test_older_times_and_a_lists_stamps_say_what_babel_says(app, lang, zone):
    """Beyond the relative week a time is a medium date and a short time; a list's stamps
    (``time_stamps()``, one lookup of the formats for a whole thread) say what the filters
    say, for recent and old times, just now and the future."""
    from flask_babel import format_date, format_time

    now = clock.now()
    with app.test_request_context(f"/articles/x?lang={lang}&tz={zone}"):
        stamps = i18n.Stamps()
        for moment in moments():
            aware = moment.replace(tzinfo=UTC)
            assert stamps.full_time(moment) == i18n.full_time(moment), moment
            if timedelta(0) <= now - moment < i18n.RELATIVE_UNTIL:
                continue  # a relative time (above)
            expected = f"{format_date(aware, 'medium')}, {format_time(aware, 'short')}"
            assert i18n.when(moment) == expected, moment
            assert stamps.when(moment) == expected, moment
        for age in [timedelta(seconds=5), *ages(), timedelta(days=7), timedelta(minutes=-5)]:
            assert stamps.when(now - age) == i18n.when(now - age), age
        assert stamps.when(None) == stamps.full_time(None) == ""
