"""A web worker stays lean and quick: it loads neither the migration tooling, the Facebook
client nor the chart library until something needs them, and it asks the database whether a
pooled connection is alive only when that connection has sat idle, not on every request."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import QueuePool

from app import config, extensions


def test_serving_threads_never_loads_migrations_the_facebook_client_charts_or_the_parser(
    tmp_path,
):
    probe = textwrap.dedent(
        f"""
        import sys
        from flask_migrate import upgrade
        from app import create_app
        settings = {{"APP_ENV": "testing", "DATABASE_URL": "sqlite:///{tmp_path}/lean.db"}}
        with create_app(settings).app_context():
            upgrade()  # migrations work, in the process that runs them
        for name in [n for n in sys.modules if n.split(".")[0] in ("alembic", "flask_migrate")]:
            del sys.modules[name]
        app = create_app(settings)
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        assert client.get("/articles/no-such-story").status_code == 404
        assert client.get("/api/v1/articles/no-such-story/comments").status_code == 404
        heavy = {{"alembic", "flask_migrate", "authlib", "pygal", "bleach", "html5lib"}}
        print(" ".join(sorted({{n.split(".")[0] for n in sys.modules}} & heavy)))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == ""  # none of them loaded by a reader's requests


def test_a_plain_comment_is_written_without_loading_the_parser():
    probe = textwrap.dedent(
        """
        import sys
        from app.services import sanitize
        assert sanitize.clean_comment("Kommunen bør bygge bybanen nå!\\n\\nHilsen Kari") == (
            "<p>Kommunen bør bygge bybanen nå!</p><p>Hilsen Kari</p>"
        )
        print(" ".join(sorted({n.split(".")[0] for n in sys.modules} & {"bleach", "html5lib"})))
        assert sanitize.clean_comment("Se nrk.no").startswith('<p>Se <a href="http://nrk.no"')
        assert "bleach" in sys.modules  # markup or an address: the whole way, as before
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == ""


def test_the_db_commands_still_list_their_subcommands(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "--help"])
    assert result.exit_code == 0
    assert "upgrade" in result.output and "downgrade" in result.output


# -- pooled connections ------------------------------------------------------------------------


@pytest.fixture
def pooled(tmp_path, monkeypatch):
    """An engine set up as create_app() sets up the app's, on a clock the test moves."""
    now = [1000.0]
    monkeypatch.setattr(extensions, "_clock", lambda: now[0])
    engine = create_engine(f"sqlite:///{tmp_path}/pool.db", poolclass=QueuePool, pool_size=1)
    extensions.ping_after_idle(engine, 30)
    yield engine, now
    engine.dispose()


def dbapi_connection_of(engine):
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        return conn.connection.dbapi_connection


def test_a_connection_back_a_moment_ago_is_used_without_a_ping(pooled):
    engine, now = pooled
    first = dbapi_connection_of(engine)
    now[0] += 5
    assert dbapi_connection_of(engine) is first  # the same connection, and no ping was sent


def test_a_connection_that_idled_and_died_is_replaced_before_a_request_sees_it(pooled):
    engine, now = pooled
    first = dbapi_connection_of(engine)
    first.close()  # the server or a proxy dropped it while it idled
    now[0] += 60
    with engine.connect() as conn:  # the ping finds it dead: a fresh one, no error
        assert conn.execute(text("SELECT 1")).scalar() == 1
        assert conn.connection.dbapi_connection is not first


def test_production_settings_do_not_ping_on_every_checkout():
    settings = config.load(
        overrides={"APP_ENV": "testing", "DATABASE_URL": "sqlite:///:memory:"}, environ={}
    )
    assert not settings["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping")
    assert settings["SQLALCHEMY_ENGINE_OPTIONS"]["pool_recycle"] > 0
    assert settings["DB_PING_AFTER_IDLE"] > 0
