"""Languages: Norwegian bokmål first, English too (Flask-Babel).

The reader's language comes from, in order: a ``lang`` query parameter (the switch), the
choice remembered in the session, the browser's ``Accept-Language``, the embedding page's
``<html lang>`` (``page_lang``, passed to the widget by embed.js), and ``DEFAULT_LOCALE``.
Times are shown in the reader's time zone (``tz`` from the widget or remembered), else
``DEFAULT_TIMEZONE``.

Catalogues live in app/translations (the .po files are the source; the compiled .mo files are
committed beside them so that an editable install and a wheel both work without a build
step; tests/test_i18n.py fails when a .mo is stale or a string has no translation).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import dates as babel_dates
from babel.dates import TIMEDELTA_UNITS, format_timedelta
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_number,
    format_time,
    get_locale,
    get_timezone,
    get_translations,
    gettext,
)

from app import clock
from app.extensions import babel

LOCALES = ("nb", "en")
LANGUAGE_NAMES = {"nb": "Norsk", "en": "English"}
SESSION_KEY = "lang"
TZ_SESSION_KEY = "tz"
# Relative times ("for 5 minutter siden") up to a week; older ones get a date.
RELATIVE_UNTIL = timedelta(days=7)


def normalise(value: str | None) -> str | None:
    """``nb``/``no``/``nn``/``nb-NO`` → ``nb``; ``en-GB`` → ``en``; anything else None."""
    if not value or not isinstance(value, str):
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    if primary in ("nb", "no", "nn"):
        return "nb"
    return "en" if primary == "en" else None


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["DEFAULT_LOCALE"]
    chosen = normalise(request.args.get("lang"))
    if chosen is not None:
        return chosen
    remembered = normalise(session.get(SESSION_KEY)) if SESSION_KEY in session else None
    if remembered is not None:
        return remembered
    for language, _quality in request.accept_languages:
        match = normalise(language)
        if match is not None:
            return match
    page = normalise(request.args.get("page_lang"))  # else the widget speaks its page's
    if page is not None:
        return page
    return current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str:
    if has_request_context():
        for candidate in (request.args.get("tz"), session.get(TZ_SESSION_KEY)):
            if valid_timezone(candidate):
                return str(candidate)
    return current_app.config["DEFAULT_TIMEZONE"]


def valid_timezone(name: Any) -> bool:
    if not isinstance(name, str) or not name or len(name) > 64 or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def remember_choice() -> None:
    """Keep a reader's explicit switch (``?lang=``/``?tz=``) for their next pages."""
    chosen = normalise(request.args.get("lang"))
    if chosen is not None and session.get(SESSION_KEY) != chosen:
        session[SESSION_KEY] = chosen
    tz = request.args.get("tz")
    if valid_timezone(tz) and session.get(TZ_SESSION_KEY) != tz:
        session[TZ_SESSION_KEY] = tz


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


def when(moment: datetime | None) -> str:
    """A stored (naive UTC) time for people: relative if recent, else a date in their zone."""
    if moment is None:
        return ""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    age = clock.now().replace(tzinfo=UTC) - aware
    if timedelta(0) <= age < RELATIVE_UNTIL:
        if age < timedelta(minutes=1):
            return gettext("just now")
        faces = _request_faces()
        if faces is not None:
            return faces.ago(-age)
        return format_timedelta(-age, add_direction=True, locale=get_locale(), threshold=1.0)
    faces = _request_faces()
    if faces is not None:
        return faces.dated(aware)
    return f"{format_date(aware, 'medium')}, {format_time(aware, 'short')}"


def full_time(moment: datetime | None) -> str:
    """The exact time, for a tooltip: long date and time in the reader's zone."""
    if moment is None:
        return ""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    faces = _request_faces()
    if faces is not None:
        return faces.full_time(aware)
    return f"{format_datetime(aware, 'long')} ({get_timezone().zone})"


class _Faces:
    """This request's time formats, for a thread's hundred timestamps: the same text as
    Flask-Babel's functions (tests/test_i18n.py compares them), without looking up the
    locale, the zone and Babel's patterns again for every comment.

    Relative times are kept by what decides Babel's text (the unit, the rounded number, past
    or future), long dates by the day: a thread's comments share most of them.
    """

    def __init__(self, locale: Any, tzinfo: Any) -> None:
        self.locale = locale
        self.tzinfo = tzinfo
        self.datetime_format = str(babel_dates.get_datetime_format("long", locale=locale))
        self.datetime_format = self.datetime_format.replace("'", "")
        self.zone = tzinfo.zone
        pattern: Any = babel_dates.parse_pattern(babel_dates.get_time_format("long", locale=locale))
        self.time_format: str = pattern.format
        short: Any = babel_dates.parse_pattern(babel_dates.get_time_format("short", locale=locale))
        self.short_time_format: str = short.format
        self._ago: dict[tuple[str, int, bool], str] = {}
        self._dates: dict[Any, str] = {}
        self._medium_dates: dict[Any, str] = {}
        self._zone_names: dict[tuple[Any, ...], str] = {}

    def ago(self, delta: timedelta) -> str:
        """``format_timedelta(delta, add_direction=True, threshold=1.0)`` in this locale."""
        seconds = delta.total_seconds()
        for unit, secs_per_unit in TIMEDELTA_UNITS:  # Babel's own choice of unit and number
            value = abs(seconds) / secs_per_unit
            if value >= 1.0 or unit == "second":
                if unit == "second" and value > 0:
                    value = max(1, value)
                key = (unit, int(round(value)), seconds >= 0)
                break
        else:  # pragma: no cover - "second" always ends the loop
            key = ("", 0, True)
        text = self._ago.get(key)
        if text is None:
            text = self._ago[key] = format_timedelta(
                delta, add_direction=True, locale=self.locale, threshold=1.0
            )
        return text

    def _local(self, aware: datetime) -> datetime:
        local = aware.astimezone(self.tzinfo)
        if hasattr(self.tzinfo, "normalize"):  # pytz
            local = self.tzinfo.normalize(local)
        return local

    def _date_text(self, cache: dict[date, str], local: datetime, width: str) -> str:
        """``format_date(local, width)``, looked up once per day."""
        day = local.date()
        text = cache.get(day)
        if text is None:
            text = cache[day] = babel_dates.format_date(day, width, locale=self.locale)
        return text

    def dated(self, aware: datetime) -> str:
        """``format_date(aware, 'medium')``, ``format_time(aware, 'short')``: :func:`when`
        beyond the relative week, the date looked up once per day."""
        local = self._local(aware)
        date_text = self._date_text(self._medium_dates, local, "medium")
        time_text = self.short_time_format % _TimeFields(local, self.locale, self._zone_names)
        return f"{date_text}, {time_text}"

    def full_time(self, aware: datetime) -> str:
        """``format_datetime(aware, 'long')`` and the zone's name, as :func:`full_time` had."""
        local = self._local(aware)
        date_text = self._date_text(self._dates, local, "long")
        # format_time(local, "long"), with the zone's name looked up once per offset
        time_text = self.time_format % _TimeFields(local, self.locale, self._zone_names)
        text = self.datetime_format.replace("{0}", time_text).replace("{1}", date_text)
        return f"{text} ({self.zone})"


class _TimeFields(babel_dates.DateTimeFormat):
    """Babel's fields of a time; a zone's name (``z``, ``v``, ``O`` ...) is the same for
    every time with the same offset, daylight saving and abbreviation, so it is kept."""

    def __init__(self, value: datetime, locale: Any, zone_names: dict) -> None:
        # What DateTimeFormat.__init__ sets, without parsing the (already parsed) locale again
        # for each of a thread's timestamps; ``value`` is always aware here.
        self.value = value
        self.locale = locale
        self.reference_date = None
        self.zone_names = zone_names

    def __getitem__(self, name: str) -> str:
        # The hour, minute and second as Babel's DateTimeFormat writes them (zero-padded), without
        # its long dispatch; a zone's name and the am/pm mark kept by what decides them.
        char = name[:1]
        value: Any = self.value
        if char == "H":
            return f"{value.hour:0{len(name)}d}"
        if char == "m":
            return f"{value.minute:0{len(name)}d}"
        if char == "s":
            return f"{value.second:0{len(name)}d}"
        if char == "h":
            return f"{value.hour % 12 or 12:0{len(name)}d}"
        if char == "a":
            key: tuple[Any, ...] = (name, value.hour >= 12)
        elif char in "zZOvVxX":
            key = (name, value.utcoffset(), value.dst(), value.tzname())
        else:
            return super().__getitem__(name)
        text = self.zone_names.get(key)
        if text is None:
            text = self.zone_names[key] = super().__getitem__(name)
        return text


def _request_faces() -> _Faces | None:
    """This request's :class:`_Faces` (None outside a request)."""
    if not has_request_context():
        return None
    locale, tzinfo = get_locale(), get_timezone()
    if locale is None or tzinfo is None:
        return None
    faces = g.get("_kommentar_time_faces")
    if faces is None or faces.locale is not locale or faces.tzinfo is not tzinfo:
        faces = g._kommentar_time_faces = _Faces(locale, tzinfo)
    return faces


class Stamps:
    """A list's timestamps, as :func:`when` and :func:`full_time` give them, with the request's
    formats looked up once for the whole list rather than for each of its comments (a
    template asks for it once per list: ``time_stamps()``)."""

    def __init__(self) -> None:
        self.faces = _request_faces()
        self.now = clock.now().replace(tzinfo=UTC)  # one "now" for the whole list

    def when(self, moment: datetime | None) -> str:
        faces = self.faces
        if faces is None or moment is None:
            return when(moment)
        aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        age = self.now - aware
        if timedelta(minutes=1) <= age < RELATIVE_UNTIL:
            return faces.ago(-age)
        if timedelta(0) <= age < RELATIVE_UNTIL:
            return when(moment)  # just now
        return faces.dated(aware)

    def full_time(self, moment: datetime | None) -> str:
        faces = self.faces
        if faces is None or moment is None:
            return full_time(moment)
        return faces.full_time(moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment)


def _format_number(number: Any) -> str:
    """Flask-Babel's ``format_number``, kept for the request (a thread's reply boxes each
    show the same limit)."""
    if not has_request_context():
        return format_number(number)
    locale = get_locale()
    kept = g.get("_kommentar_numbers")
    if kept is None or kept[0] is not locale:
        kept = g._kommentar_numbers = (locale, {})
    text = kept[1].get(number)
    if text is None:
        text = kept[1][number] = format_number(number)
    return text


def _translations() -> Any:
    """This request's catalogue, looked up once per request and locale (templates ask for a
    translation of each comment's labels, hundreds of times a thread)."""
    if not has_request_context():
        return get_translations()
    locale = get_locale()
    kept = g.get("_kommentar_translations")
    if kept is None or kept[0] is not locale:
        kept = g._kommentar_translations = (locale, get_translations())
    return kept[1]


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def long_date(moment: datetime | None) -> str:
    """ "29. november 2026" / "29 November 2026", in the reader's zone."""
    return "" if moment is None else format_date(_aware(moment), "long")


def date_time(moment: datetime | None) -> str:
    """Date and time in the reader's zone, with the zone's name."""
    if moment is None:
        return ""
    aware = _aware(moment)
    return f"{format_date(aware, 'long')}, {format_time(aware, 'short')} ({get_timezone().zone})"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["DEFAULT_LOCALE"])
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["DEFAULT_TIMEZONE"])
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.before_request(remember_choice)
    # As Flask-Babel installs them, with the catalogue looked up once per request.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["full_time"] = full_time
    app.jinja_env.filters["format_number"] = _format_number
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["date_time"] = date_time
    app.jinja_env.globals["time_stamps"] = Stamps

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {
            "lang": current_language(),
            "languages": LANGUAGE_NAMES,
        }
