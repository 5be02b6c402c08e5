"""The RQ workers Kommentar runs: every job in its own app context, periodic jobs in maintenance."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import redis
from flask import Flask
from rq import Worker
from rq.serializers import JSONSerializer

from app import jobs
from app.extensions import db

log = logging.getLogger(__name__)

WORKER_TTL = 45  # seconds; a worker that stops heart-beating is considered dead after this


class AppContextJobs:
    """Run each job inside a fresh app context, so it gets a clean database session.

    RQ's callbacks (the outbox's ``mark_task_done`` / ``note_task_failure``) run inside
    ``perform_job`` too, so they share that context.
    """

    app: Flask

    def perform_job(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> bool:
        with self.app.app_context():
            try:
                return super().perform_job(job, queue, *args, **kwargs)  # type: ignore[misc]
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

        # Registry cleaning may run the outbox's failure callback for an abandoned job.
        with self.app.app_context():
            try:
                super().run_maintenance_tasks()
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
