"""Run an RQ worker inside the app: ``python worker.py [queue ...]``.

With no queue named it serves every queue in priority order (erasure, minors, default), so
operators can also dedicate workers: ``python worker.py minors``.
"""

from __future__ import annotations

import sys

from rq.serializers import JSONSerializer

from app import create_app, jobs
from app.jobs.worker import KommentarWorker


def main(argv: list[str]) -> int:
    names = argv or list(jobs.QUEUES)
    unknown = [name for name in names if name not in jobs.QUEUES]
    if unknown:
        print(f"unknown queue(s): {', '.join(unknown)}; choose from {', '.join(jobs.QUEUES)}")
        return 2
    app = create_app({"EMBEDDED_WORKER": False})
    if not app.config.get("REDIS_URL"):
        print("REDIS_URL is not set: the embedded queue runs inside the web process instead.")
        return 2
    with app.app_context():
        connection = jobs.connection().__class__.from_url(app.config["REDIS_URL"])
        worker = KommentarWorker(
            [jobs.queue(name, connection) for name in names],
            connection=connection,
            serializer=JSONSerializer,
            worker_ttl=45,
            maintenance_interval=app.config["PERIODIC_INTERVAL_SECONDS"],
        )
        worker.work(with_scheduler=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
