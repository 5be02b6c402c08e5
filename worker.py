"""Run an RQ worker inside the app: ``python worker.py [queue ...]``.

With no queue named it serves every queue in priority order (erasure, minors, default), so
operators can also dedicate workers: ``python worker.py minors``. The worker forks a work
horse per job, retries failed jobs on schedule (RQ's scheduler) and, in its maintenance
rounds, enqueues the due periodic jobs (the outbox sweeper among them).
"""

from __future__ import annotations

import sys

from app import create_app, jobs
from app.jobs.moderation import warm_up
from app.jobs.worker import build_worker


def main(argv: list[str]) -> int:
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
