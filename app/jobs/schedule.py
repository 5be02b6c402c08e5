"""Periodic jobs, declared as data; workers enqueue the due ones (one worker per interval)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from flask import current_app
from rq.callbacks import Callback
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from app import jobs
from app.jobs import guardian as guardian_jobs
from app.jobs import maintenance
from app.jobs import retention as retention_jobs

LOCK_PREFIX = "kommentar:periodic:"
RUNS_PREFIX = "kommentar:periodic-runs:"  # the latest runs of each, for operators and tests
RUNS_KEPT = 50


@dataclass(frozen=True)
class Periodic:
    name: str
    func: Callable[..., Any]
    queue: str
    interval_setting: str  # the setting that holds its interval in seconds

    def every_seconds(self) -> int:
        return max(1, int(current_app.config[self.interval_setting]))


PERIODIC: list[Periodic] = [
    Periodic("sweep-outbox", maintenance.sweep_outbox, jobs.DEFAULT, "SWEEP_INTERVAL_SECONDS"),
    Periodic(
        "export-erasure-registry",
        maintenance.export_erasure_registry,
        jobs.DEFAULT,
        "SWEEP_INTERVAL_SECONDS",
    ),
    Periodic(
        "expire-guardian-requests",
        guardian_jobs.expire_unconfirmed_cases,
        jobs.DEFAULT,
        "RETENTION_INTERVAL_SECONDS",
    ),
    Periodic(
        "alarm-overdue-guardian-cases",
        guardian_jobs.raise_overdue_alarm,
        jobs.DEFAULT,
        "GUARDIAN_ALARM_INTERVAL_SECONDS",
    ),
    # Retention: what is past its time goes (app/jobs/retention.py runs app/privacy/retention.py).
    *(
        Periodic(f"retention-{name}", func, jobs.DEFAULT, "RETENTION_INTERVAL_SECONDS")
        for name, func in retention_jobs.JOBS.items()
    ),
]


def note_periodic_run(job: Job, conn: redis.Redis, result: Any, *args: Any, **kwargs: Any) -> None:
    """RQ success callback: remember when (it was enqueued) and by which worker it ran."""
    name = str(job.meta.get("periodic", ""))
    enqueued = job.enqueued_at.timestamp() if job.enqueued_at else 0.0
    entry = json.dumps(
        {
            "enqueued_at": enqueued,
            "enqueued_by": job.meta.get("enqueued_by"),
            "ran_on": job.worker_name,
        }
    )
    with conn.pipeline() as pipe:
        pipe.lpush(RUNS_PREFIX + name, entry)
        pipe.ltrim(RUNS_PREFIX + name, 0, RUNS_KEPT - 1)
        pipe.execute()


def recent_runs(name: str, conn: redis.Redis | None = None) -> list[dict[str, Any]]:
    """The latest runs of one periodic job, oldest first."""
    raw = (conn or jobs.connection()).lrange(RUNS_PREFIX + name, 0, -1)
    return [json.loads(item) for item in reversed(raw)]


def run_due_periodic_jobs(by: str | None = None) -> list[str]:
    """Enqueue each periodic job at most once per interval across every worker on every machine."""
    conn = jobs.connection()
    started = []
    for periodic in PERIODIC:
        job_id = f"periodic-{periodic.name}"
        try:
            # The lock lives one interval: whoever sets it enqueues, everyone else skips.
            lock = LOCK_PREFIX + periodic.name
            if not conn.set(lock, "1", nx=True, ex=periodic.every_seconds()):
                continue
            if _still_waiting(conn, job_id):  # a backlog: don't pile up copies
                continue
            jobs.queue(periodic.queue, conn).enqueue(
                periodic.func,
                job_id=job_id,
                result_ttl=60,
                failure_ttl=24 * 3600,
                meta={"periodic": periodic.name, "enqueued_by": by},
                on_success=Callback(note_periodic_run),
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
