"""Every Flask extension, created unbound; ``create_app()`` binds them.

Authlib's OAuth registry is the exception: it caches clients process-wide, so each app gets
its own (see app/auth/facebook.py), made on the first login.
"""

from __future__ import annotations

import time
from typing import Any

import click
from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that Alembic migrations are stable on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


class Migrations:
    """Flask-Migrate, imported only when a migration runs (``flask db …``, ``upgrade()``).

    Alembic and Flask-Migrate weigh about 11 MB: a web worker that never migrates never loads
    them. ``app.extensions["migrate"]`` stands in for Flask-Migrate's own entry and builds it
    on first use; the ``db`` command group resolves its subcommands the same way.
    """

    def init_app(self, app: Flask, db: SQLAlchemy, **kwargs: Any) -> None:
        app.extensions["migrate"] = _MigrateOnDemand(app, db, kwargs)
        app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))


class _MigrateOnDemand:
    def __init__(self, app: Flask, db: SQLAlchemy, kwargs: dict[str, Any]) -> None:
        self._app, self._db, self._kwargs = app, db, kwargs
        self._real: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._real is None:
            from flask_migrate import Migrate

            Migrate().init_app(self._app, self._db, **self._kwargs)  # replaces this entry
            self._real = self._app.extensions["migrate"]
        return getattr(self._real, name)


class _MigrationCommands(click.Group):
    @staticmethod
    def _real() -> click.Group:
        from flask_migrate.cli import db as commands

        return commands

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # Flask-Migrate's group parses its own options (--directory, -x) into ``g``.
        return self._real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._real().get_command(ctx, name)


migrate = Migrations()
csrf = CSRFProtect()
login_manager = LoginManager()


def _limiter_key() -> str:
    """The rate limiter's key for this request, as create_app() wired it: a keyed hash of the
    reader or of the address, never the address itself (app/services/rate_limits.py)."""
    return current_app.extensions["kommentar.limiter_key"]()


babel = Babel()
limiter = Limiter(key_func=_limiter_key, default_limits=[])


_IDLE_SINCE = "kommentar.idle_since"
_clock = time.monotonic


def ping_after_idle(engine: Engine, seconds: float) -> None:
    """Ping a pooled connection before use only when it sat idle for ``seconds``.

    ``pool_pre_ping`` costs a round trip on every checkout, that is on every request; a
    connection returned a moment ago is alive. One that idled may have been dropped by the
    server or a proxy: it is pinged, and a dead one is replaced (the pool retries checkout
    on DisconnectionError), so the request never sees it.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_IDLE_SINCE] = _clock()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or _clock() - since < seconds:
            return  # new, or back in the pool only just now
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
        except Exception as exc:  # any failure: the connection is not usable
            raise DisconnectionError("idle connection is gone") from exc
