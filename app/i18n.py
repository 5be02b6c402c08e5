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

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_timedelta
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
        return format_timedelta(-age, add_direction=True, locale=get_locale(), threshold=1.0)
    return f"{format_date(aware, 'medium')}, {format_time(aware, 'short')}"


def full_time(moment: datetime | None) -> str:
    """The exact time, for a tooltip: long date and time in the reader's zone."""
    if moment is None:
        return ""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return f"{format_datetime(aware, 'long')} ({get_timezone().zone})"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def long_date(moment: datetime | None) -> str:
    """"29. november 2026" / "29 November 2026", in the reader's zone."""
    return "" if moment is None else format_date(_aware(moment), "long")


def date_time(moment: datetime | None) -> str:
    """Date and time in the reader's zone, with the zone's name."""
    if moment is None:
        return ""
    aware = _aware(moment)
    return f"{format_date(aware, 'long')}, {format_time(aware, 'short')} ({get_timezone().zone})"


def request_translations() -> Any:
    """Flask-Babel's translations for the current locale, remembered next to the locale it
    chose for this request: asked again only when that locale changes (``force_locale``,
    ``refresh``)."""
    state = g.get("_flask_babel")
    if state is not None:
        remembered = getattr(state, "kommentar_translations", None)
        if remembered is not None and remembered[0] is getattr(state, "babel_locale", None):
            return remembered[1]
    translations = get_translations()
    state = g.get("_flask_babel")
    if state is not None:
        state.kommentar_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["DEFAULT_LOCALE"])
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["DEFAULT_TIMEZONE"])
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.before_request(remember_choice)
    # Flask-Babel's own callables look the request's translations up afresh for every
    # string (a dozen context lookups and a Locale formatted); a page of the desk asks ~900.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # jinja2.ext.i18n
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["full_time"] = full_time
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["date_time"] = date_time

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {
            "lang": current_language(),
            "languages": LANGUAGE_NAMES,
        }
