"""Periodic jobs, declared as data; workers enqueue the due ones (one worker per interval)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from app import jobs
from app.jobs import guardian as guardian_jobs
from app.jobs import maintenance
from app.jobs import retention as retention_jobs

LOCK_PREFIX = "kommentar:periodic:"


@dataclass(frozen=True)
class Periodic:
    name: str
    func: Callable[..., Any]
    queue: str
    every_seconds: int


PERIODIC: list[Periodic] = [
    Periodic("sweep-outbox", maintenance.sweep_outbox, jobs.DEFAULT, 60),
    Periodic(
        "expire-guardian-requests", guardian_jobs.expire_unconfirmed_cases, jobs.DEFAULT, 3600
    ),
    # Retention: what is past its time goes (app/jobs/retention.py).
    *(
        Periodic(f"retention-{name}", func, jobs.DEFAULT, 3600)
        for name, func in retention_jobs.JOBS.items()
    ),
]


def run_due_periodic_jobs() -> list[str]:
    """Enqueue each periodic job at most once per interval across every worker on every machine."""
    conn = jobs.connection()
    started = []
    for periodic in PERIODIC:
        job_id = f"periodic-{periodic.name}"
        try:
            # The lock lives one interval: whoever sets it enqueues, everyone else skips.
            if not conn.set(LOCK_PREFIX + periodic.name, "1", nx=True, ex=periodic.every_seconds):
                continue
            if _still_waiting(conn, job_id):  # a backlog: don't pile up copies
                continue
            jobs.queue(periodic.queue, conn).enqueue(
                periodic.func, job_id=job_id, result_ttl=60, failure_ttl=24 * 3600
            )
            started.append(periodic.name)
        except jobs.REDIS_FAILURES:
            break  # Redis is down: the next round tries again
    return started


def _still_waiting(conn: redis.Redis, job_id: str) -> bool:
    try:
        status = Job.fetch(job_id, connection=conn, serializer=JSONSerializer).get_status()
    except NoSuchJobError:
        return False
    return status in (JobStatus.QUEUED, JobStatus.STARTED)
