"""The RQ workers Kommentar runs: every job in its own app context, periodic jobs in maintenance.

``python -m app.jobs.worker [queue ...]`` (or ``python worker.py`` in a source checkout) starts
one. With no queue named it serves every queue in priority order (erasure, minors, default), so
operators can also dedicate workers: ``python -m app.jobs.worker minors``. The worker forks a
work horse per job, retries failed jobs on schedule (RQ's scheduler) and, in its maintenance
rounds, enqueues the due periodic jobs (the outbox sweeper among them).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import redis
from flask import Flask
from rq import Worker
from rq.serializers import JSONSerializer

from app import create_app, jobs
from app.extensions import db
from app.jobs.moderation import warm_up

log = logging.getLogger(__name__)

WORKER_TTL = 45  # seconds; RQ waits up to WORKER_TTL - 15 s for a job (see dequeue_timeout)


def withheld_traceback(exc_type: Any, exc_value: Any, tb: Any) -> str:
    """A failure's stack and exception classes, without any message."""
    frames = "".join(traceback.format_list(traceback.extract_tb(tb)))
    names: list[str] = []
    cause = exc_value
    while cause is not None and len(names) < 5:
        names.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    chain = " <- ".join(names) or getattr(exc_type, "__name__", "Exception")
    return f"Traceback (most recent call last):\n{frames}{chain} (message withheld)"


class AppContextJobs:
    """Run each job inside a fresh app context, so it gets a clean database session.

    RQ's callbacks (the outbox's ``mark_task_done`` / ``note_task_failure``) run inside
    ``perform_job`` too, so they share that context.
    """

    app: Flask
    log: logging.Logger  # RQ's worker provides it
    _withheld_failure: str | None

    def perform_job(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> bool:
        with self.app.app_context():
            try:
                return super().perform_job(job, queue, *args, **kwargs)  # type: ignore[misc]
            finally:
                db.session.remove()

    def handle_exception(self, job: Any, *exc_info: Any) -> None:
        # RQ would log the whole traceback, message included, and keep it in Redis with the
        # failed job; a message may quote personal data (SQLAlchemy puts a statement's
        # parameters in its own). Keep the stack and the exception's class only.
        self._withheld_failure = withheld_traceback(*exc_info)
        self.log.error("job %s failed\n%s", job.id, self._withheld_failure)
        for handler in reversed(self._exc_handlers):  # type: ignore[attr-defined]
            if handler(job, *exc_info) is False:  # RQ's rule: False stops the chain
                break

    def handle_job_failure(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> None:
        withheld = getattr(self, "_withheld_failure", None)
        if withheld:
            kwargs["exc_string"] = withheld
            self._withheld_failure = None
        super().handle_job_failure(job, queue, *args, **kwargs)  # type: ignore[misc]

    def run_maintenance_tasks(self) -> None:
        # Cleaning the registries runs the outbox's failure callback for an abandoned job.
        with self.app.app_context():
            try:
                super().run_maintenance_tasks()  # type: ignore[misc]
            finally:
                db.session.remove()


class KommentarWorker(AppContextJobs, Worker):
    """A forking RQ worker that also enqueues due periodic jobs (sweeper, retention)."""

    def __init__(self, queues: Sequence[Any], *, app: Flask, **kwargs: Any) -> None:
        super().__init__(queues, **kwargs)
        self.app = app

    @property
    def dequeue_timeout(self) -> int:
        # RQ blocks for a job for worker_ttl - 15 s and runs maintenance only between waits;
        # wake at least twice per maintenance interval so maintenance (and so the periodic
        # jobs) runs every interval rather than every other one.
        return max(1, min(self.worker_ttl - 15, int(self.maintenance_interval) // 2))

    def run_maintenance_tasks(self) -> None:
        from app.jobs.schedule import run_due_periodic_jobs

        super().run_maintenance_tasks()
        with self.app.app_context():
            try:
                run_due_periodic_jobs()
            except Exception:  # a periodic job must never stop the worker
                log.exception("periodic jobs could not be enqueued")
            finally:
                db.session.remove()

    def fork_work_horse(self, job: Any, queue: Any) -> None:
        # The horse must not share the parent's database sockets: close them here; each
        # process opens fresh connections when it next needs one.
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        super().fork_work_horse(job, queue)

    def perform_job(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().perform_job(job, queue, *args, **kwargs)
        finally:
            if getattr(self, "_is_horse", False):  # close the horse's connections cleanly
                with self.app.app_context():
                    db.engine.dispose()


def worker_connection(url: str) -> redis.Redis:
    """The worker's own Redis client (RQ sets a socket timeout longer than its blocking pop)."""
    return redis.Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)


def build_worker(app: Flask, queue_names: Sequence[str]) -> KommentarWorker:
    """A worker for ``queue_names`` (in that priority order) on the app's ``REDIS_URL``."""
    unknown = [name for name in queue_names if name not in jobs.QUEUES]
    if unknown:
        raise ValueError(f"unknown queue(s): {', '.join(unknown)}")
    connection = worker_connection(app.config["REDIS_URL"])
    return KommentarWorker(
        [jobs.queue(name, connection) for name in queue_names],
        app=app,
        connection=connection,
        serializer=JSONSerializer,
        worker_ttl=WORKER_TTL,
        maintenance_interval=app.config["PERIODIC_INTERVAL_SECONDS"],
    )


def main(argv: list[str]) -> int:
    """Serve the named queues (all of them when none is named) until stopped."""
    names = list(dict.fromkeys(argv)) or list(jobs.QUEUES)
    unknown = [name for name in names if name not in jobs.QUEUES]
    if unknown:
        print(
            f"unknown queue(s): {', '.join(unknown)}; choose from {', '.join(jobs.QUEUES)}",
            file=sys.stderr,
        )
        return 2
    app = create_app({"EMBEDDED_WORKER": False})
    if not app.config.get("REDIS_URL"):
        print(
            "REDIS_URL is not set: the embedded queue runs inside the web process instead.",
            file=sys.stderr,
        )
        return 2
    with app.app_context():
        warm_up()  # imports and compiled patterns, inherited by every forked job
        worker = build_worker(app, names)
        worker.work(with_scheduler=True, logging_level=app.config["LOG_LEVEL"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
