"""A database connection opened ahead for the next work horse.

A forked work horse must not share its parent's database connections, so each one used to
open its own when its job began: a TCP connect, authentication and a new server process,
about as long as a short job's own work. Instead the worker, while a horse works, opens the
connection the *next* horse will use and never sends anything on it. The next horse
inherits it with the fork and its engine takes it as its first new connection; the parent
then drops its copy of the socket without a word to the server (its descriptor is pointed
at /dev/null before libpq says goodbye), so exactly one process ever talks on it.

A spare that waited longer than ``DB_PING_AFTER_IDLE`` is closed instead of handed over
(the server or a proxy may have dropped it), and the horse connects as before. Opening one
that fails (the database is away) is retried at the next job, at most every
``RETRY_AFTER_SECONDS``; nothing is ever worse than a horse connecting on its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 2  # the worker waits no longer than this for a spare
RETRY_AFTER_SECONDS = 30.0  # after a failed attempt


_SPARES: list[SpareConnection] = []  # every spare this process (or its parent) made


def forget_inherited() -> None:
    """In a process forked for something else (RQ's scheduler): let go of any spare copied
    with the fork, so that only its horse keeps that session open."""
    for spare in _SPARES:
        spare.forget()


class SpareConnection:
    """One engine's connection-in-waiting for the next forked horse (PostgreSQL only)."""

    def __init__(self, engine: Engine, max_age: float, connect_args: dict[str, Any]) -> None:
        self.engine = engine
        self.max_age = max_age
        self.connect_args = connect_args  # the engine's own (SQLALCHEMY_ENGINE_OPTIONS)
        self._connection: Any = None
        self._opened_at = 0.0
        self._failed_at = -RETRY_AFTER_SECONDS
        self._adopted_by: int | None = None
        self._connect_args: tuple[Any, dict[str, Any]] | None = None
        event.listen(engine, "do_connect", self._do_connect)
        _SPARES.append(self)

    @classmethod
    def for_engine(
        cls, engine: Engine, max_age: float, connect_args: dict[str, Any] | None = None
    ) -> SpareConnection | None:
        """The engine's spare (one per engine), or None where the database is not PostgreSQL."""
        if engine.dialect.name != "postgresql":
            return None
        spare = engine.__dict__.get("_kommentar_spare")
        if spare is None:
            spare = cls(engine, max_age, dict(connect_args or {}))
            engine.__dict__["_kommentar_spare"] = spare
        return spare

    # -- in the worker ---------------------------------------------------------------------

    def open(self) -> None:
        """Open the next horse's connection (in the worker, while a horse works)."""
        if self._connection is not None:
            return
        if time.monotonic() - self._failed_at < RETRY_AFTER_SECONDS:
            return
        try:
            cargs, cparams = self._connect_args or self._configured_args()
            params = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, **cparams}
            self._connection = self.engine.dialect.connect(*cargs, **params)
        except Exception as exc:  # noqa: BLE001 - the horse connects on its own, as before
            self._failed_at = time.monotonic()
            log.info("no spare database connection (%s)", type(exc).__name__)
            return
        self._opened_at = time.monotonic()

    def _configured_args(self) -> tuple[Any, dict[str, Any]]:
        """How the engine connects, before it has (its own connects are watched after)."""
        cargs, cparams = self.engine.dialect.create_connect_args(self.engine.url)
        return tuple(cargs), {**cparams, **self.connect_args}

    def before_fork(self) -> None:
        """Close a spare too old to trust: the horse about to be forked connects itself."""
        if self._connection is not None and time.monotonic() - self._opened_at > self.max_age:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def handed_over(self) -> None:
        """In the worker, just after the fork: the horse owns the spare now; drop our copy."""
        self.forget()

    def forget(self) -> None:
        """Let go of this process's copy of the spare without ending the server's session.

        Another process (the horse) owns it: libpq's goodbye goes to /dev/null, and only this
        process's descriptor is closed.
        """
        connection, self._connection = self._connection, None
        if connection is None:
            return
        with contextlib.suppress(Exception):
            fd = connection.fileno()
            devnull = os.open(os.devnull, os.O_RDWR)
            try:
                os.dup2(devnull, fd)
            finally:
                os.close(devnull)
        with contextlib.suppress(Exception):
            connection.close()

    def close(self) -> None:
        """The worker stops: end the spare's session (nobody else has it)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()

    # -- in the horse -----------------------------------------------------------------------

    def adopt(self) -> None:
        """In a freshly forked horse: its engine's first new connection is the spare."""
        self._adopted_by = os.getpid()

    def _do_connect(self, dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        self._connect_args = (tuple(cargs), dict(cparams))
        if self._adopted_by == os.getpid() and self._connection is not None:
            connection, self._connection = self._connection, None
            return connection
        return None
