"""Every setting Kommentar has, read from the environment.

This is the only module that looks at ``os.environ``. Each ``APP_ENV`` has a class of
defaults; an environment variable always overrides the default of every environment.
Nothing is read at import time: :func:`load` is called by ``create_app()``.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
# A source checkout keeps templates/, migrations/ and instance/ at the top of the tree. An
# installed wheel ships the first two inside the package (setup.py maps them there) and, as
# Flask does for installed apps, keeps its instance folder under the environment's prefix
# rather than in site-packages.
SOURCE_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file()
INSTANCE_DIR = (
    PROJECT_ROOT / "instance" if SOURCE_CHECKOUT else Path(sys.prefix) / "var" / "kommentar"
)


def shipped_dir(name: str) -> Path:
    """``templates`` or ``migrations``: in the package when installed, else at the top."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


DEFAULT_GRAPH_VERSION = "v21.0"


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to set."""


class Config:
    """Defaults shared by every environment."""

    APP_ENV = "development"
    SECRET_KEY: str | None = None
    PSEUDONYM_KEY: str | None = None  # HMAC key for erasure hashes and audit pseudonyms
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'kommentar.sqlite3'}"
    REDIS_URL: str | None = None  # unset: the embedded queue

    FACEBOOK_CLIENT_ID: str | None = None
    FACEBOOK_CLIENT_SECRET: str | None = None
    FACEBOOK_GRAPH_VERSION = DEFAULT_GRAPH_VERSION
    FACEBOOK_DIALOG_URL: str | None = None  # derived from the version when unset
    FACEBOOK_GRAPH_URL: str | None = None
    FACEBOOK_SCOPE = "public_profile,user_age_range"

    MINOR_AGE = 16
    MAIL_URL: str | None = None  # unset: mail is kept in the local outbox (development)
    MAIL_FROM = "Kommentar <noreply@kommentar.local>"
    MAIL_DIR = str(INSTANCE_DIR / "mail")  # where mail goes when MAIL_URL is unset
    EMBED_ORIGINS: tuple[str, ...] = ()
    PUBLIC_URL = "http://127.0.0.1:5000"  # where links in e-mails and callbacks point

    COMMENT_MAX_LENGTH = 5000
    DISPLAY_NAME_MAX_LENGTH = 50
    EDIT_WINDOW_SECONDS = 15 * 60
    COMMENTS_PER_PAGE = 50
    MAX_CONTENT_LENGTH = 64 * 1024
    SCREENING_WORDS_FILE: str | None = None

    MODERATION_PAGE_SIZE = 50
    CLAIM_SECONDS = 5 * 60
    UNDO_SECONDS = 10
    GUARDIAN_OVERDUE_HOURS = 72
    GUARDIAN_CONTACT_RETENTION_DAYS = 30
    TECHNICAL_DATA_RETENTION_DAYS = 30
    FEEDBACK_RETENTION_DAYS = 180
    SENT_MAIL_RETENTION_DAYS = 7
    PRIVACY_POLICY_VERSION = 1
    # Who answers for the data (named on /privacy) and where to write about it.
    PRIVACY_CONTROLLER = "The publisher running this Kommentar service"
    PRIVACY_CONTACT: str | None = None  # an e-mail address; unset: the contact form only
    AUDIT_NOTE_RETENTION_DAYS = 365  # a moderator's own words in the audit log
    FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS = 24 * 3600  # older callbacks are refused
    FACEBOOK_SIGNED_REQUEST_SKEW_SECONDS = 300  # clocks may differ this much
    DEFAULT_LOCALE = "nb"  # Norwegian first; readers choose English by browser or switch
    DEFAULT_TIMEZONE = "Europe/Oslo"  # until the reader's browser tells us its own

    SWEEP_GRACE_SECONDS = 60  # a task older than this without a live job is re-enqueued
    JOB_RETRY_INTERVALS: tuple[int, ...] = (5, 30, 120, 600, 1800)
    PERIODIC_INTERVAL_SECONDS = 30
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI: str | None = None  # derived from REDIS_URL when unset
    EMBEDDED_WORKER = False  # run jobs on a thread inside the web process (development)
    FAKE_FACEBOOK_ALLOWED = False

    # -- hardening (issue 8): proxies, embed signing, mail floods, headers ---------------
    PROXY_COUNT = 0  # reverse proxies in front that set X-Forwarded-*; 0 trusts none
    EMBED_KEYS: dict[str, str] = {}  # origin -> key that signs widget parameters (embed.js)
    EMBED_CREATE_PER_HOUR = 30  # articles one embedding site may create on first view
    MAIL_PER_RECIPIENT_PER_HOUR = 5  # guardian and notification mail to one inbox
    HSTS_SECONDS = 365 * 24 * 3600  # sent in production only
    APP_ENV_EXPLICIT = True  # False when APP_ENV was not set: development on loopback only

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    WTF_CSRF_SSL_STRICT = False  # the widget posts from publishers' origins; CSRF token suffices
    LOG_LEVEL = "INFO"

    # -- operations: health, metrics, logs, workers, restore (issue 11) ------------------------
    LOG_FORMAT = "text"  # "json": one JSON object a line (request id, route, status, duration)
    METRICS_TOKEN: str | None = None  # /metrics answers "Authorization: Bearer <token>"
    # Networks /metrics answers without a token. None in production: behind a proxy on the
    # same host every client would look like loopback unless the proxy setting is right.
    METRICS_ALLOW: tuple[str, ...] = ()
    PROMETHEUS_MULTIPROC_DIR: str | None = None  # gunicorn: every process writes metrics here
    READY_WORKER_SEEN_SECONDS = 90  # /readyz: a worker must have beaten this recently
    READY_QUEUE_LAG_SECONDS = 300  # /readyz: the oldest waiting job may be this old
    WORKER_JOB_MONITORING_SECONDS = 5  # a running job's heartbeat; a killed worker's job is
    WORKER_HEARTBEAT_GRACE_SECONDS = 10  # ...taken back this long after its last heartbeat
    WORKER_MAX_BACKOFF_SECONDS = 30  # Redis or the database away: retry at most this far apart
    SWEEP_INTERVAL_SECONDS = 60  # periodic jobs, each at most once per interval (all workers)
    RETENTION_INTERVAL_SECONDS = 3600
    GUARDIAN_ALARM_INTERVAL_SECONDS = 3600  # overdue guardian cases are logged as an alarm
    ERASURE_REGISTRY_FILE: str | None = None  # off-site registry export: the restore guard
    WEB_WORKERS = 2  # gunicorn.conf.py: processes, threads each, request timeout
    WEB_THREADS = 4
    WEB_TIMEOUT_SECONDS = 30
    WEB_BIND = "127.0.0.1:8000"


class DevelopmentConfig(Config):
    APP_ENV = "development"
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - development default
    FAKE_FACEBOOK_ALLOWED = True
    FACEBOOK_CLIENT_ID = "kommentar-local"
    FACEBOOK_CLIENT_SECRET = "local-secret"  # noqa: S105 - the local stand-in's
    EMBED_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")
    METRICS_ALLOW = ("127.0.0.1/32", "::1/128")


class TestingConfig(Config):
    APP_ENV = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105 - testing default
    DATABASE_URL = "sqlite://"
    FAKE_FACEBOOK_ALLOWED = True
    FACEBOOK_CLIENT_ID = "kommentar-test"
    FACEBOOK_CLIENT_SECRET = "test-secret"  # noqa: S105 - the local stand-in's
    RATELIMIT_ENABLED = False
    PUBLIC_URL = "http://localhost"
    METRICS_ALLOW = ("127.0.0.1/32", "::1/128")
    DEFAULT_LOCALE = "en"  # most tests read English; the Norwegian ones ask for it


class ProductionConfig(Config):
    APP_ENV = "production"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "None"  # the widget is an iframe on the publisher's site
    PREFERRED_URL_SCHEME = "https"


ENVIRONMENTS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _origins(value: str) -> tuple[str, ...]:
    return tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())


def _ints(value: str) -> tuple[int, ...]:
    return tuple(int(v) for v in value.split(",") if v.strip())


def _embed_keys(value: str) -> dict[str, str]:
    """``https://news.example=key1,https://sport.example=key2`` → {origin: key}."""
    keys: dict[str, str] = {}
    for pair in value.split(","):
        if pair.strip():
            origin, equals, key = pair.strip().partition("=")  # a key may end in "="
            if not equals or not origin or not key:
                raise ValueError("write EMBED_KEYS as origin=key pairs separated by commas")
            keys[origin.rstrip("/")] = key
    return keys


# Settings an operator may set from the environment, with how to parse each.
ENVIRONMENT_SETTINGS: dict[str, Callable[[str], Any]] = {
    "SECRET_KEY": str,
    "PSEUDONYM_KEY": str,
    "DATABASE_URL": str,
    "REDIS_URL": str,
    "FACEBOOK_CLIENT_ID": str,
    "FACEBOOK_CLIENT_SECRET": str,
    "FACEBOOK_GRAPH_VERSION": str,
    "FACEBOOK_DIALOG_URL": str,
    "FACEBOOK_GRAPH_URL": str,
    "MINOR_AGE": int,
    "MAIL_URL": str,
    "MAIL_FROM": str,
    "MAIL_DIR": str,
    "EMBED_ORIGINS": _origins,
    "PUBLIC_URL": str,
    "COMMENT_MAX_LENGTH": int,
    "EDIT_WINDOW_SECONDS": int,
    "COMMENTS_PER_PAGE": int,
    "SCREENING_WORDS_FILE": str,
    "CLAIM_SECONDS": int,
    "UNDO_SECONDS": int,
    "GUARDIAN_OVERDUE_HOURS": int,
    "GUARDIAN_CONTACT_RETENTION_DAYS": int,
    "TECHNICAL_DATA_RETENTION_DAYS": int,
    "FEEDBACK_RETENTION_DAYS": int,
    "PRIVACY_POLICY_VERSION": int,
    "PRIVACY_CONTROLLER": str,
    "PRIVACY_CONTACT": str,
    "AUDIT_NOTE_RETENTION_DAYS": int,
    "FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS": int,
    "FACEBOOK_SIGNED_REQUEST_SKEW_SECONDS": int,
    "DEFAULT_LOCALE": str,
    "DEFAULT_TIMEZONE": str,
    "SWEEP_GRACE_SECONDS": int,
    "JOB_RETRY_INTERVALS": _ints,
    "PERIODIC_INTERVAL_SECONDS": int,
    "RATELIMIT_ENABLED": _bool,
    "RATELIMIT_STORAGE_URI": str,
    "EMBEDDED_WORKER": _bool,
    "LOG_LEVEL": str,
    "PROXY_COUNT": int,
    "EMBED_KEYS": _embed_keys,
    "EMBED_CREATE_PER_HOUR": int,
    "MAIL_PER_RECIPIENT_PER_HOUR": int,
    "HSTS_SECONDS": int,
    # -- operations (issue 11) --
    "LOG_FORMAT": str,
    "METRICS_TOKEN": str,
    "METRICS_ALLOW": _origins,
    "PROMETHEUS_MULTIPROC_DIR": str,
    "READY_WORKER_SEEN_SECONDS": int,
    "READY_QUEUE_LAG_SECONDS": int,
    "WORKER_JOB_MONITORING_SECONDS": int,
    "WORKER_HEARTBEAT_GRACE_SECONDS": int,
    "WORKER_MAX_BACKOFF_SECONDS": int,
    "SWEEP_INTERVAL_SECONDS": int,
    "RETENTION_INTERVAL_SECONDS": int,
    "GUARDIAN_ALARM_INTERVAL_SECONDS": int,
    "ERASURE_REGISTRY_FILE": str,
    "WEB_WORKERS": int,
    "WEB_THREADS": int,
    "WEB_TIMEOUT_SECONDS": int,
    "WEB_BIND": str,
}


# What each setting means, for the README's settings table: `python -m app.devtools.settings`
# writes the table from these and the defaults above; tests/test_config.py checks it matches.
# A display default replaces the literal one where that would be machine-specific.
SETTING_DOCS: dict[str, tuple[str, str | None]] = {
    "APP_ENV": ("`development`, `production` or `testing`", None),
    "SECRET_KEY": ("required in production", "development value"),
    "PSEUDONYM_KEY": (
        "HMAC key of erasure hashes and audit pseudonyms; keep it stable across "
        "`SECRET_KEY` rotations",
        "`SECRET_KEY`",
    ),
    "DATABASE_URL": (
        "`postgresql://…` in production (psycopg 3)",
        "SQLite file `instance/kommentar.sqlite3`",
    ),
    "REDIS_URL": ("`redis://…`; required for `python worker.py`", "unset: embedded queue"),
    "FACEBOOK_CLIENT_ID": ("required in production", "the stand-in's in development"),
    "FACEBOOK_CLIENT_SECRET": ("required in production", "the stand-in's in development"),
    "FACEBOOK_GRAPH_VERSION": ("the Graph API version of both URLs below", None),
    "FACEBOOK_DIALOG_URL": (
        "production refuses anything that is not https on facebook.com",
        "`https://www.facebook.com/<version>/dialog/oauth`",
    ),
    "FACEBOOK_GRAPH_URL": (
        "token at `<graph>/oauth/access_token`, profile at `<graph>/me?fields=id,name,age_range`",
        "`https://graph.facebook.com/<version>`",
    ),
    "MINOR_AGE": ("the age threshold; never a literal in the code", None),
    "MAIL_URL": ("`smtp://host:port`", "unset: mail kept locally"),
    "MAIL_FROM": ("the sender of every mail", None),
    "MAIL_DIR": ("where mail goes when `MAIL_URL` is unset", "`instance/mail`"),
    "EMBED_ORIGINS": (
        "comma-separated origins that may embed threads",
        "none (demo: the pretend newspaper)",
    ),
    "PUBLIC_URL": ("where links in e-mails and callback answers point", None),
    "COMMENT_MAX_LENGTH": ("characters", None),
    "EDIT_WINDOW_SECONDS": ("how long an author may edit (deleting has no window)", None),
    "COMMENTS_PER_PAGE": ("top-level comments per page (replies come with their parent)", None),
    "SCREENING_WORDS_FILE": ("one word or phrase a line, `#` comments", "the shipped list"),
    "CLAIM_SECONDS": ("a moderator's claim on an item", None),
    "UNDO_SECONDS": ("the undo window of a moderator's decision", None),
    "GUARDIAN_OVERDUE_HOURS": ("when an undecided guardian case is raised as overdue", None),
    "GUARDIAN_CONTACT_RETENTION_DAYS": (
        "a guardian's contact details after the case closes",
        None,
    ),
    "TECHNICAL_DATA_RETENTION_DAYS": ("IP prefix and user agent kept with comments", None),
    "FEEDBACK_RETENTION_DAYS": ("feedback messages", None),
    "PRIVACY_POLICY_VERSION": ("raise it when the statement changes: readers see a notice", None),
    "SWEEP_GRACE_SECONDS": ("a task older than this without a live job is re-enqueued", None),
    "JOB_RETRY_INTERVALS": ("seconds between a failing job's retries", None),
    "PERIODIC_INTERVAL_SECONDS": (
        "how often workers run maintenance and look for due periodic jobs",
        None,
    ),
    "RATELIMIT_ENABLED": ("Flask-Limiter's limits on posting and reporting", None),
    "RATELIMIT_STORAGE_URI": ("where limits are counted (shared by every instance)",
                              "`REDIS_URL`, else memory"),
    "EMBEDDED_WORKER": (
        "work the embedded queue on a thread of the web process",
        "off (the demo turns it on)",
    ),
    "LOG_LEVEL": ("`DEBUG`, `INFO`, `WARNING`, `ERROR`", None),
    "PRIVACY_CONTROLLER": (
        "the controller named on `/privacy` (the publisher's legal name and address)",
        "a placeholder",
    ),
    "PRIVACY_CONTACT": (
        "an e-mail address for privacy questions, named on `/privacy`",
        "unset: the contact form only",
    ),
    "AUDIT_NOTE_RETENTION_DAYS": (
        "a moderator's own words in the audit log (the preset reason code stays)",
        None,
    ),
    "FACEBOOK_SIGNED_REQUEST_MAX_AGE_SECONDS": (
        "an older Facebook callback is refused as stale",
        None,
    ),
    "FACEBOOK_SIGNED_REQUEST_SKEW_SECONDS": (
        "how far in the future a callback's `issued_at` may be",
        None,
    ),
    "DEFAULT_LOCALE": (
        "language when neither the switch, the embedding page nor the browser names `nb` or `en`",
        "`nb` (`en` in testing)",
    ),
    "DEFAULT_TIMEZONE": ("time zone for dates until the widget passes the reader's own", None),
    "PROXY_COUNT": (
        "reverse proxies in front that set `X-Forwarded-*` (see Security); `0` trusts none",
        None,
    ),
    "EMBED_KEYS": (
        "`origin=key,…`: per-site keys that sign the widget's parameters (see Security)",
        "none",
    ),
    "EMBED_CREATE_PER_HOUR": ("articles one site may create on first view of its widget", None),
    "MAIL_PER_RECIPIENT_PER_HOUR": ("guardian and notification mail to one address", None),
    "HSTS_SECONDS": ("`Strict-Transport-Security` max-age, production only", None),
    "LOG_FORMAT": (
        "`json`: one JSON object a line (time, level, logger, message, request id; access "
        "lines add route, method, status, duration_ms)",
        None,
    ),
    "METRICS_TOKEN": ("`/metrics` answers `Authorization: Bearer <token>`", "unset"),
    "METRICS_ALLOW": (
        "comma-separated networks `/metrics` answers without a token (set the proxy setting "
        "right first, or every client looks like the proxy)",
        "none; loopback in development and testing",
    ),
    "PROMETHEUS_MULTIPROC_DIR": (
        "an empty directory for every gunicorn process's metrics (gunicorn.conf.py)",
        "unset: one process",
    ),
    "READY_WORKER_SEEN_SECONDS": ("`/readyz` fails when no worker of a queue beat this recently",
                                  None),
    "READY_QUEUE_LAG_SECONDS": ("`/readyz` fails when a queue's oldest job waited longer", None),
    "WORKER_JOB_MONITORING_SECONDS": ("a running job's heartbeat interval", None),
    "WORKER_HEARTBEAT_GRACE_SECONDS": (
        "a killed worker's job is taken back this long after its last heartbeat",
        None,
    ),
    "WORKER_MAX_BACKOFF_SECONDS": ("a worker retries Redis and the database at most this far apart",
                                   None),
    "SWEEP_INTERVAL_SECONDS": ("the outbox sweeper and the registry export, once per interval",
                               None),
    "RETENTION_INTERVAL_SECONDS": ("retention and expiry of unconfirmed guardian requests", None),
    "GUARDIAN_ALARM_INTERVAL_SECONDS": ("how often overdue guardian cases are logged as an alarm",
                                        None),
    "ERASURE_REGISTRY_FILE": (
        "the erasure registry export on storage a restore does not roll back; the restore "
        "guard (see Backups and restore)",
        "unset: no guard",
    ),
    "WEB_WORKERS": ("gunicorn processes (gunicorn.conf.py)", None),
    "WEB_THREADS": ("threads per gunicorn process", None),
    "WEB_TIMEOUT_SECONDS": ("gunicorn kills a request's process after this long", None),
    "WEB_BIND": ("gunicorn's address", None),
}


def _shown(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return f"`{','.join(str(v) for v in value)}`" if value else "none"
    return f"`{value}`"


def settings_table() -> str:
    """The README's settings table, from ``SETTING_DOCS`` and the ``Config`` defaults."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name in ("APP_ENV", *ENVIRONMENT_SETTINGS):
        meaning, default = SETTING_DOCS[name]
        shown = default if default is not None else _shown(getattr(Config, name))
        rows.append(f"| `{name}` | {shown} | {meaning} |")
    return "\n".join(rows) + "\n"


def load(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Build the settings for ``APP_ENV``: class defaults, then environment, then overrides.

    ``overrides`` is for tests and tools that build an app in-process.
    """
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    env_name = overrides.get("APP_ENV") or environ.get("APP_ENV") or "development"
    app_env_explicit = bool(overrides.get("APP_ENV") or environ.get("APP_ENV"))
    if env_name not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env_name!r}")
    defaults = ENVIRONMENTS[env_name]
    settings = {name: getattr(defaults, name) for name in dir(defaults) if name.isupper()}
    for name, parse in ENVIRONMENT_SETTINGS.items():
        if environ.get(name, "") != "":
            try:
                settings[name] = parse(environ[name])
            except ValueError as exc:
                raise ConfigError(f"{name} is not valid: {exc}") from exc
    settings.update(overrides)
    settings["APP_ENV"] = env_name
    if "APP_ENV_EXPLICIT" not in overrides:
        settings["APP_ENV_EXPLICIT"] = app_env_explicit
    if env_name == "production":
        _refuse_unsafe_production(settings, environ, overrides)
    _derive(settings)
    _validate(settings)
    return settings


def _derive(settings: dict[str, Any]) -> None:
    version = settings["FACEBOOK_GRAPH_VERSION"]
    settings["FACEBOOK_DIALOG_URL"] = (
        settings.get("FACEBOOK_DIALOG_URL") or f"https://www.facebook.com/{version}/dialog/oauth"
    )
    settings["FACEBOOK_GRAPH_URL"] = (
        settings.get("FACEBOOK_GRAPH_URL") or f"https://graph.facebook.com/{version}"
    ).rstrip("/")
    settings["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url(settings["DATABASE_URL"])
    # No ping on every checkout (a round trip per request): a connection idle longer than
    # DB_PING_AFTER_IDLE seconds is pinged before use and replaced if dead, and none is kept
    # past pool_recycle (servers and proxies drop idle connections). See app/extensions.py.
    settings.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_recycle": 1800})
    settings.setdefault("DB_PING_AFTER_IDLE", 30.0)
    if not settings.get("RATELIMIT_STORAGE_URI"):
        settings["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"] or "memory://"
    if settings["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # A hung Redis must not hold a request for long: limits fail open (swallowed errors).
        settings.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1}
        )
    settings["RATELIMIT_HEADERS_ENABLED"] = True
    settings["RATELIMIT_SWALLOW_ERRORS"] = True  # a Redis outage never fails a request
    settings["PUBLIC_URL"] = settings["PUBLIC_URL"].rstrip("/")
    # Keep PSEUDONYM_KEY stable across SECRET_KEY rotations, or erased children go unrecognised.
    settings["PSEUDONYM_KEY"] = settings.get("PSEUDONYM_KEY") or settings.get("SECRET_KEY")


# Keys that ship in this repository or are too short to resist guessing.
_KNOWN_KEYS = {
    DevelopmentConfig.SECRET_KEY,
    TestingConfig.SECRET_KEY,
    DevelopmentConfig.FACEBOOK_CLIENT_SECRET,
    TestingConfig.FACEBOOK_CLIENT_SECRET,
}
MIN_KEY_LENGTH = 32


def _refuse_unsafe_production(
    settings: dict[str, Any], environ: Mapping[str, str], overrides: Mapping[str, Any]
) -> None:
    """Production starts only on settings an operator chose; each refusal says what to set."""

    def given(name: str) -> bool:
        return bool(overrides.get(name) or environ.get(name))

    problems: list[str] = []
    for name in ("SECRET_KEY", "PSEUDONYM_KEY"):
        value = settings.get(name) or ""
        if not given(name) or not value:
            problems.append(f"set {name} to a random string of {MIN_KEY_LENGTH}+ characters")
        elif value in _KNOWN_KEYS or len(value) < MIN_KEY_LENGTH:
            problems.append(
                f"{name} is a development value or shorter than {MIN_KEY_LENGTH} characters: "
                "set a random one (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
    if given("PSEUDONYM_KEY") and settings.get("PSEUDONYM_KEY") == settings.get("SECRET_KEY"):
        problems.append("PSEUDONYM_KEY must differ from SECRET_KEY (it outlives key rotations)")
    if settings.get("FACEBOOK_CLIENT_SECRET") in _KNOWN_KEYS:
        problems.append("FACEBOOK_CLIENT_SECRET is the local stand-in's: set your app's secret")
    database = str(settings.get("DATABASE_URL") or "")
    if not given("DATABASE_URL") or database.startswith("sqlite"):
        problems.append("set DATABASE_URL to the PostgreSQL database (postgresql://...)")
    if not settings.get("REDIS_URL"):
        problems.append("set REDIS_URL: without it jobs go to an in-process queue nobody works")
    public = urlsplit(str(settings.get("PUBLIC_URL") or ""))
    if not given("PUBLIC_URL") or public.scheme != "https" or not public.hostname:
        problems.append("set PUBLIC_URL to the service's https address (https://comments...)")
    if problems:
        raise ConfigError("Production refuses unsafe settings:\n  - " + "\n  - ".join(problems))


def _sqlalchemy_url(url: str) -> str:
    """Accept the usual ``postgres://`` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _validate(settings: dict[str, Any]) -> None:
    if settings["MINOR_AGE"] < 13 or settings["MINOR_AGE"] > 18:
        raise ConfigError("MINOR_AGE must be between 13 and 18")
    if settings["LOG_FORMAT"] not in ("text", "json"):
        raise ConfigError("LOG_FORMAT must be text or json")
    try:
        settings["METRICS_ALLOW"] = tuple(
            str(ipaddress.ip_network(n, strict=False)) for n in settings["METRICS_ALLOW"]
        )
    except ValueError as exc:
        raise ConfigError(f"METRICS_ALLOW is not a list of networks: {exc}") from exc
    if settings["DEFAULT_LOCALE"] not in ("nb", "en"):
        raise ConfigError("DEFAULT_LOCALE must be nb or en")
    if settings["APP_ENV"] != "production":
        return
    if not settings.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY is required in production")
    if not (settings.get("FACEBOOK_CLIENT_ID") and settings.get("FACEBOOK_CLIENT_SECRET")):
        raise ConfigError(
            "FACEBOOK_CLIENT_ID and FACEBOOK_CLIENT_SECRET are required in production"
        )
    for name in ("FACEBOOK_DIALOG_URL", "FACEBOOK_GRAPH_URL"):
        if not is_facebook_url(settings[name]):
            raise ConfigError(
                f"{name} must point at Facebook over https in production "
                "(the local stand-in is for development and tests only)"
            )


def is_facebook_url(url: str) -> bool:
    """True for an https URL on facebook.com (the stand-in never is)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and (host == "facebook.com" or host.endswith(".facebook.com"))
