"""Every setting Kommentar has, read from the environment.

This is the only module that looks at ``os.environ``. Each ``APP_ENV`` has a class of
defaults; an environment variable always overrides the default of every environment.
Nothing is read at import time: :func:`load` is called by ``create_app()``.
"""

from __future__ import annotations

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


class DevelopmentConfig(Config):
    APP_ENV = "development"
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - development default
    FAKE_FACEBOOK_ALLOWED = True
    FACEBOOK_CLIENT_ID = "kommentar-local"
    FACEBOOK_CLIENT_SECRET = "local-secret"  # noqa: S105 - the local stand-in's
    EMBED_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")


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
}



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
    settings.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
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
