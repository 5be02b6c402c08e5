"""Fixtures: app → client → login, on SQLite + fakeredis, and on PostgreSQL + Redis when
``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` are set (the integration tier runs the same
behaviour tests against the real services).

A fake Facebook runs on 127.0.0.1 for the whole session; ``login`` drives the real Authlib
flow through it over HTTP.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from app import create_app, jobs
from app.devtools import fake_facebook
from app.extensions import db
from app.models import AgeClass, User
from tests import factories
from tests.helpers import free_port, token_of

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
    values["MAIL_DIR"] = str(tmp_path / "mail")
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

    @app.url_value_preprocessor
    def _fresh_request_globals(endpoint, values):
        # Shared app context, so each request starts with an empty ``g`` as in production:
        # otherwise the logged-in user and the CSRF token leak between test clients.
        for name in list(g):
            g.pop(name)

    with app.app_context():
        if backend == "postgresql" and settings["DATABASE_URL"] == os.environ["TEST_DATABASE_URL"]:
            _empty_postgresql()  # (unless a test pointed the app elsewhere, e.g. a dead server)
        if backend == "postgresql" and settings["REDIS_URL"] == os.environ.get("TEST_REDIS_URL"):
            jobs.connection().flushdb()  # TEST_REDIS_URL is the tests' own Redis database
        yield app
        db.session.remove()
        db.engine.dispose()
        jobs.connection().close()


def _empty_postgresql() -> None:
    """Delete every row a previous test left (DELETE: ~1 ms here; TRUNCATE takes ~40 ms)."""
    db.session.execute(text("SET LOCAL lock_timeout = '10s'"))  # a leaked session fails fast
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_token(client) -> Callable[[], str]:
    """The token every HTML page carries in ``<meta name="csrf-token">``."""
    return lambda: token_of(client)


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
                key=f"user-{who.id}",  # never the Facebook id: the browser's URL gets logged
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
def run_jobs(app) -> Iterator[Callable[[], int]]:
    """Work every queue until empty, the way a worker would: RQ's own code path, each job in
    its own app context (fresh database session); returns how many jobs succeeded."""
    from app.jobs.embedded import in_process_worker, work_until_empty
    from app.jobs.worker import worker_connection

    # On real Redis the worker gets its own client: RQ lengthens its socket timeout.
    url = app.config.get("REDIS_URL")
    conn = worker_connection(url) if url else None
    worker = in_process_worker(app, conn)

    def work() -> int:
        done = work_until_empty(worker)
        db.session.expire_all()
        return done

    yield work
    if conn is not None:
        conn.close()


@contextlib.contextmanager
def _worker_thread(app: Flask) -> Iterator[None]:
    import threading

    from app.jobs.embedded import in_process_worker, work_until_empty
    from app.jobs.worker import worker_connection

    url = app.config.get("REDIS_URL")
    conn = worker_connection(url) if url else None
    worker = in_process_worker(app, conn)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            work_until_empty(worker)
            stop.wait(0.05)

    thread = threading.Thread(target=loop, name="test-background-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)
        if conn is not None:
            conn.close()


@pytest.fixture
def background_worker(app) -> Iterator[None]:
    """A worker on a thread, working every queue for the whole test: for code that waits for
    the workers to finish (with real Redis nothing else would run its jobs)."""
    with _worker_thread(app):
        yield


@pytest.fixture
def workers_running(app) -> Callable[[], contextlib.AbstractContextManager[None]]:
    """``with workers_running():`` — a worker thread for just that block."""
    return lambda: _worker_thread(app)


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    return factories.make_user


@pytest.fixture
def make_article(app):
    return factories.make_article


# -- mail: a real SMTP server on 127.0.0.1 ------------------------------------------------------


class Mailbox:
    """What the SMTP server received: envelopes and parsed messages, in arrival order."""

    def __init__(self) -> None:
        self.received: list[ReceivedMail] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler hook
        from email import policy
        from email.parser import BytesParser

        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.received if address in m.rcpt_tos]

    def last_to(self, address: str) -> ReceivedMail:
        found = self.to(address)
        assert found, f"no mail reached {address}"
        return found[-1]


class ReceivedMail:
    def __init__(self, mail_from: str, rcpt_tos: list[str], message) -> None:
        self.mail_from = mail_from
        self.rcpt_tos = rcpt_tos
        self.message = message  # email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        text = self.message.get_body(preferencelist=("plain",)).get_content()
        return text.replace("\r\n", "\n")  # as written, not as SMTP carried it

    def links(self) -> list[str]:
        import re

        return re.findall(r"https?://\S+", self.body)

    def link_to(self, path_prefix: str) -> str:
        """The path (and query) of the first link in the mail whose path starts so."""
        for link in self.links():
            parts = urlsplit(link)
            if parts.path.startswith(path_prefix):
                return parts.path + (f"?{parts.query}" if parts.query else "")
        raise AssertionError(f"no link to {path_prefix} in the mail")


@pytest.fixture
def mailbox(settings) -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1; the app's ``MAIL_URL``.

    Mail reaches it when the ``send_mail`` jobs run (``run_jobs()``).
    """
    from aiosmtpd.controller import Controller
    from flask import current_app, has_app_context

    port = free_port()
    inbox = Mailbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    url = f"smtp://127.0.0.1:{port}"
    settings["MAIL_URL"] = url
    if has_app_context():  # the app was created first: point it at the server too
        current_app.config["MAIL_URL"] = url
    yield inbox
    controller.stop()
