"""On an empty PostgreSQL database, ``flask --app wsgi db upgrade`` builds exactly the models'
schema (and ``db downgrade base`` takes it all away again)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app.config import PROJECT_ROOT, _sqlalchemy_url
from app.extensions import db

pytestmark = pytest.mark.integration


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A brand-new database next to the test database, dropped afterwards."""
    admin_url = make_url(_sqlalchemy_url(os.environ["TEST_DATABASE_URL"]))
    name = f"kommentar_it_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask_db(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "KOMMENTAR_"))}
    env.update(APP_ENV="testing", DATABASE_URL=url)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrations_build_the_models_schema_on_an_empty_postgresql_database(empty_database):
    upgraded = flask_db(empty_database, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr

    engine = create_engine(empty_database)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
            assert differences == [], f"models and migrations differ: {differences}"
            assert context.get_current_revision() is not None

        downgraded = flask_db(empty_database, "downgrade", "base")
        assert downgraded.returncode == 0, downgraded.stderr
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
