"""The embedded queue for the one-command default: RQ on fakeredis, worked by a thread.

Jobs still go through RQ's code path (serialisation, retries, callbacks, scheduled retries);
only the Redis server and the worker process are replaced.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

import redis
from flask import Flask
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from rq.timeouts import TimerDeathPenalty

from app import jobs
from app.jobs.worker import AppContextJobs

log = logging.getLogger(__name__)


class InProcessWorker(AppContextJobs, SimpleWorker):
    """An RQ worker that runs jobs in this process, on any thread, each in its own app context.

    No signal handlers (they belong to the main thread) and timer-based job timeouts.
    """

    death_penalty_class = TimerDeathPenalty

    def __init__(self, queues: Sequence[Any], *, app: Flask, **kwargs: Any) -> None:
        super().__init__(queues, **kwargs)
        self.app = app
        self.jobs_succeeded = 0  # RQ keeps its own count in Redis only

    def handle_job_success(self, *args: Any, **kwargs: Any) -> None:
        super().handle_job_success(*args, **kwargs)
        self.jobs_succeeded += 1

    def _install_signal_handlers(self) -> None:  # signals belong to the main thread
        pass


def in_process_worker(app: Flask, conn: redis.Redis | None = None) -> InProcessWorker:
    """A worker on every queue, in priority order, sharing the app's Redis (or fakeredis)."""
    with app.app_context():
        conn = conn or jobs.connection()
        return InProcessWorker(
            [jobs.queue(name, conn) for name in jobs.QUEUES],
            app=app,
            connection=conn,
            serializer=JSONSerializer,
        )


def work_until_empty(worker: InProcessWorker) -> int:
    """Work every queue until empty (due scheduled retries included); jobs done this time."""
    before = worker.jobs_succeeded
    worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
    return worker.jobs_succeeded - before


def start_embedded_worker(app: Flask, poll_seconds: float = 0.5) -> threading.Thread:
    """Work the embedded queue on a daemon thread, and enqueue the due periodic jobs."""
    from app.jobs.schedule import run_due_periodic_jobs

    def loop() -> None:
        worker = in_process_worker(app)
        last_periodic = 0.0
        while True:
            try:
                work_until_empty(worker)
                if time.monotonic() - last_periodic > app.config["PERIODIC_INTERVAL_SECONDS"]:
                    with app.app_context():
                        run_due_periodic_jobs()
                    last_periodic = time.monotonic()
            except Exception:  # keep the demo's queue alive whatever a job does
                log.exception("embedded worker error")
            time.sleep(poll_seconds)

    thread = threading.Thread(target=loop, name="kommentar-embedded-worker", daemon=True)
    thread.start()
    return thread
