"""The embedded queue for the one-command default: RQ on fakeredis, worked by a thread.

Jobs still go through RQ's code path (serialisation, retries, callbacks); only the Redis
server and the worker process are replaced.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from rq.timeouts import TimerDeathPenalty

from app import jobs
from app.extensions import db

log = logging.getLogger(__name__)


class ThreadWorker(SimpleWorker):
    """An RQ worker that can live on a thread: no signal handlers, timer-based timeouts."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:  # signals belong to the main thread
        pass


def start_embedded_worker(app: Flask, poll_seconds: float = 0.5) -> threading.Thread:
    def loop() -> None:
        with app.app_context():
            conn = jobs.connection()
            worker = ThreadWorker(
                [jobs.queue(name, conn) for name in jobs.QUEUES],
                connection=conn,
                serializer=JSONSerializer,
            )
            last_periodic = 0.0
            while True:
                try:
                    worker.work(burst=True, with_scheduler=False, logging_level="WARNING")
                    if time.monotonic() - last_periodic > app.config["PERIODIC_INTERVAL_SECONDS"]:
                        from app.jobs.schedule import run_due_periodic_jobs

                        run_due_periodic_jobs()
                        last_periodic = time.monotonic()
                except Exception:  # keep the demo's queue alive whatever a job does
                    log.exception("embedded worker error")
                finally:
                    db.session.remove()
                time.sleep(poll_seconds)

    thread = threading.Thread(target=loop, name="kommentar-embedded-worker", daemon=True)
    thread.start()
    return thread
