"""gunicorn's settings for Kommentar; ``gunicorn wsgi:app`` reads this file from the project
directory (or name it: ``gunicorn -c gunicorn.conf.py wsgi:app``).

Every value comes from the app's own settings (app/config.py, from the environment):
``WEB_BIND``, ``WEB_WORKERS``, ``WEB_THREADS``, ``WEB_TIMEOUT_SECONDS``. Forwarded headers
(``X-Forwarded-For``/``-Proto``) are the app's business, by its proxy setting: gunicorn is
told to trust none itself, so they are interpreted once, in one place.

Before the first process starts, the restore guard runs: after a backup restore the
service refuses to start until ``flask --app wsgi erasure replay`` has run
(app/services/restore.py). With ``PROMETHEUS_MULTIPROC_DIR`` set, every process writes its
metrics there; the directory is emptied at start and a dead process's files are removed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from app.config import load

_settings = load()

bind = _settings["WEB_BIND"]
workers = _settings["WEB_WORKERS"]
threads = _settings["WEB_THREADS"]
worker_class = "gthread"
timeout = _settings["WEB_TIMEOUT_SECONDS"]
graceful_timeout = _settings["WEB_TIMEOUT_SECONDS"]  # SIGTERM: requests in flight finish
keepalive = 5
max_requests = 5000  # recycle processes now and then (memory), staggered
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108 - heartbeat
# Our own access line (logger kommentar.access) names routes, never paths or addresses.
accesslog = None
# Forwarded headers: only the app's proxy setting interprets them (see the docstring).
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
proxy_allow_ips = ""
# gunicorn 23+ opens a control socket at one per-user path: several instances on a machine
# (or in the scale-out test) would fight over it; nothing of ours uses it.
control_socket_disable = True


def on_starting(server: Any) -> None:
    """Refuse to start after a restore until the erasures are replayed; reset metrics."""
    if _settings.get("ERASURE_REGISTRY_FILE"):
        from sqlalchemy.exc import SQLAlchemyError

        from app import create_app
        from app.extensions import db
        from app.services import restore

        app = create_app()
        with app.app_context():
            try:
                reason = restore.refusal()
            except SQLAlchemyError as exc:  # the database is down: start, answer 503, and
                server.log.warning(  # check again at each request until it is back
                    "restore guard deferred to the first request (%s)", type(exc).__name__
                )
                reason = None
            db.engine.dispose()
        if reason:
            server.log.error("Kommentar will not start: %s", reason)
            sys.exit(3)
    shared = _settings.get("PROMETHEUS_MULTIPROC_DIR")
    if shared:
        directory = Path(shared)
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):  # samples of processes from an earlier run
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A process ended: its live gauges go; its counters stay summed (prometheus_client)."""
    if _settings.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


MALLOC_ARENAS = 2  # glibc's default is 8 per core: each gthread keeps its own freed memory


def post_fork(server: Any, worker: Any) -> None:
    """Fewer malloc arenas in each worker (as MALLOC_ARENA_MAX=2 would): its threads share
    freed memory instead of each keeping its own, so a worker stays smaller (issue 12)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to tune
        ctypes.CDLL("libc.so.6").mallopt(-8, MALLOC_ARENAS)  # -8: M_ARENA_MAX


def post_worker_init(worker: Any) -> None:
    """The app is loaded: what it made at start (modules, models, compiled statements, about
    120,000 objects) lives as long as the worker, so the collector stops walking it
    (gc.freeze). A full collection then looks at what requests made only: it stopped every
    thread for tens of milliseconds (over 100 on a busy machine), now for well under one."""
    import gc

    gc.collect()  # garbage from loading goes first, rather than live on frozen
    gc.freeze()
