"""Fixtures: app → client → login, on SQLite + fakeredis, and on PostgreSQL + Redis when
``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` are set (the integration tier runs the same
behaviour tests against the real services).

A fake Facebook runs on 127.0.0.1 for the whole session; ``login`` drives the real Authlib
flow through it over HTTP.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import create_engine, text

from app import create_app, jobs
from app.devtools import fake_facebook
from app.extensions import db
from app.models import AgeClass, User
from tests import factories

TEST_CLIENT_ID = "kommentar-test"
TEST_CLIENT_SECRET = "test-secret"
GRAPH_VERSION = "v21.0"

BACKENDS = ["sqlite"]
if os.environ.get("TEST_DATABASE_URL"):
    BACKENDS.append("postgresql")


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("KOMMENTAR_REQUIRE_INTEGRATION") and not (
        os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL")
    ):
        raise pytest.UsageError(
            "KOMMENTAR_REQUIRE_INTEGRATION is set but TEST_DATABASE_URL/TEST_REDIS_URL are not"
        )


# -- services that live for the whole session ------------------------------------------------


@pytest.fixture(scope="session")
def facebook() -> Iterator[fake_facebook.RunningServer]:
    """The local stand-in for Facebook, on a free port of 127.0.0.1."""
    server = fake_facebook.serve(
        fake_facebook.create_fake_facebook(TEST_CLIENT_ID, TEST_CLIENT_SECRET)
    )
    yield server
    server.shutdown()


def _base_settings(facebook: fake_facebook.RunningServer) -> dict:
    return {
        "APP_ENV": "testing",
        "FACEBOOK_CLIENT_ID": TEST_CLIENT_ID,
        "FACEBOOK_CLIENT_SECRET": TEST_CLIENT_SECRET,
        "FACEBOOK_DIALOG_URL": fake_facebook.dialog_url(facebook.url, GRAPH_VERSION),
        "FACEBOOK_GRAPH_URL": fake_facebook.graph_url(facebook.url, GRAPH_VERSION),
        "EMBED_ORIGINS": ("https://news.example", "https://sport.example"),
        "JOB_RETRY_INTERVALS": (0, 0),
        "SWEEP_GRACE_SECONDS": 0,
        "REDIS_URL": None,
        "MAIL_URL": None,
    }


def _migrate(settings: dict) -> None:
    from flask_migrate import upgrade

    app = create_app(settings)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, facebook) -> Path:
    """A SQLite file migrated once with ``db upgrade``; each test gets a copy."""
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _migrate({**_base_settings(facebook), "DATABASE_URL": f"sqlite:///{path}"})
    return path


@pytest.fixture(scope="session")
def postgresql_url(facebook) -> str:
    """The integration database, emptied and migrated once with ``db upgrade``."""
    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(_sqlalchemy_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _migrate({**_base_settings(facebook), "DATABASE_URL": url})
    return url


def _sqlalchemy_url(url: str) -> str:
    from app.config import _sqlalchemy_url as convert

    return convert(url)


# -- per test ---------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def settings(backend, facebook, tmp_path, request) -> dict:
    """The app's settings for this test; a test may change them before using ``app``."""
    values = _base_settings(facebook)
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        copy = tmp_path / "kommentar.sqlite3"
        shutil.copyfile(template, copy)
        values["DATABASE_URL"] = f"sqlite:///{copy}"
    else:
        values["DATABASE_URL"] = request.getfixturevalue("postgresql_url")
        values["REDIS_URL"] = os.environ.get("TEST_REDIS_URL")
    return values


@pytest.fixture
def app(settings, backend) -> Iterator[Flask]:
    app = create_app(settings)

    @app.teardown_request
    def _forget_loaded_rows(exc):  # the test and its requests share one app context
        db.session.expire_all()

    with app.app_context():
        if backend == "postgresql":
            _empty_postgresql()
            jobs.connection().flushdb()
        yield app
        db.session.remove()
        db.engine.dispose()


def _empty_postgresql() -> None:
    tables = ", ".join(f'"{t.name}"' for t in reversed(db.metadata.sorted_tables))
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_token(client) -> Callable[[], str]:
    """The token every HTML page carries in ``<meta name="csrf-token">``."""
    import re

    def token() -> str:
        page = client.get("/privacy").text
        match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
        assert match, "every page carries a CSRF token"
        return match.group(1)

    return token


AGE_RANGES = {
    AgeClass.ADULT: {"min": 21},
    AgeClass.UNDER_16_PRESUMED: {"min": 13, "max": 17},
    AgeClass.UNDER_16_CONFIRMED: None,
    AgeClass.UNKNOWN: None,
}


@pytest.fixture
def login(client, facebook) -> Callable[..., object]:
    """Log a reader in through the real flow: our app → fake Facebook → our callback.

    ``login(user)`` logs in a factory-made user (Facebook reports an age range matching
    their age class); ``login("teen")`` logs in a stand-in persona by key.
    """

    def do_login(who: User | str, via: FlaskClient | None = None, next: str = "/"):
        browser = via or client
        if isinstance(who, User):
            persona = fake_facebook.Persona(
                key=f"user-{who.facebook_id}",
                facebook_id=who.facebook_id,
                name=who.display_name,
                age_range=AGE_RANGES[who.age_class],
            )
            facebook.state.add_persona(persona)
            key = persona.key
        else:
            key = who
        start = browser.get("/login/facebook", query_string={"next": next})
        assert start.status_code == 302, start.text
        dialog = requests.get(
            start.location, params={"persona": key}, allow_redirects=False, timeout=10
        )
        assert dialog.status_code == 302, dialog.text
        back = urlsplit(dialog.headers["Location"])
        return browser.get(f"{back.path}?{back.query}")

    return do_login


@pytest.fixture
def run_jobs(app) -> Callable[[], int]:
    """Work every queue until empty, the way a worker would (RQ's own code path)."""

    def work() -> int:
        conn = jobs.connection()
        worker = SimpleWorker(
            [jobs.queue(name, conn) for name in jobs.QUEUES],
            connection=conn,
            serializer=JSONSerializer,
        )
        worker.work(burst=True)
        db.session.expire_all()
        return worker.successful_job_count

    return work


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    return factories.make_user


@pytest.fixture
def make_article(app):
    return factories.make_article
