"""What operators watch: backlogs in the database, queues and workers in Redis.

Everything here is counts, ages, ids and function names — never a job's arguments, a
comment's text or anything else that could be personal data. ``/readyz``, ``/metrics``
and the operator's queue page (``/moderation/ops/queues``) all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import redis
from flask import current_app
from rq import Worker
from rq.job import Job
from rq.registry import (
    BaseRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)
from rq.serializers import JSONSerializer
from sqlalchemy import func, select

from app import clock, jobs
from app.extensions import db
from app.jobs import outbox
from app.models import (
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureState,
    OutgoingMail,
)
from app.services import guardian  # the overdue rule lives with the guardian cases

OPEN_ERASURE_STATES = (ErasureState.RECEIVED, ErasureState.RUNNING)


def _age(since: datetime | None, now: datetime | None = None) -> float | None:
    if since is None:
        return None
    now = now or clock.now()
    return max(0.0, (now - since).total_seconds())


# -- the database's backlogs ------------------------------------------------------------------


@dataclass
class Backlogs:
    held_comments: int = 0
    oldest_held_comment_seconds: float | None = None
    erasures_open: int = 0
    oldest_erasure_seconds: float | None = None
    guardian_cases_overdue: int = 0
    outbox_pending: int = 0
    outbox_failed: int = 0
    oldest_outbox_pending_seconds: float | None = None
    mail_pending: int = 0
    mail_failed: int = 0


def backlogs() -> Backlogs:
    """Counts and ages of work waiting in the database (one query each, all indexed)."""
    result = Backlogs()
    held, oldest_held = db.session.execute(
        select(func.count(), func.min(func.coalesce(Comment.held_since, Comment.created_at))).where(
            Comment.status == CommentStatus.PENDING
        )
    ).one()
    result.held_comments, result.oldest_held_comment_seconds = held, _age(oldest_held)
    erasures, oldest_erasure = db.session.execute(
        select(func.count(), func.min(ErasureRequest.created_at)).where(
            ErasureRequest.state.in_(OPEN_ERASURE_STATES)
        )
    ).one()
    result.erasures_open, result.oldest_erasure_seconds = erasures, _age(oldest_erasure)
    result.guardian_cases_overdue = guardian.count_overdue()
    tasks = outbox.backlog()
    result.outbox_pending, result.outbox_failed = tasks.pending, tasks.failed
    result.oldest_outbox_pending_seconds = _age(tasks.oldest_pending)
    unsent = dict(
        db.session.execute(
            select(OutgoingMail.last_error.is_(None), func.count())
            .where(OutgoingMail.sent_at.is_(None))
            .group_by(OutgoingMail.last_error.is_(None))
        ).all()
    )
    result.mail_pending = unsent.get(True, 0)
    result.mail_failed = unsent.get(False, 0)
    db.session.rollback()  # read-only: end the transaction, hold no snapshot open
    return result


# -- the queues and workers, from Redis ---------------------------------------------------------


@dataclass
class QueueState:
    name: str
    queued: int = 0
    started: int = 0
    scheduled: int = 0
    failed: int = 0
    oldest_queued_seconds: float | None = None
    workers: int = 0
    last_worker_seen_seconds: float | None = None


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _seconds_since(value: datetime | None) -> float | None:
    value = _utc(value)
    return None if value is None else max(0.0, (datetime.now(UTC) - value).total_seconds())


def queue_states(conn: redis.Redis | None = None) -> list[QueueState]:
    """Depth, oldest waiting job and live workers of every queue. Raises on a Redis failure."""
    conn = conn or jobs.connection()
    states = []
    workers = Worker.all(connection=conn)
    for name in jobs.QUEUES:
        q = jobs.queue(name, conn)
        state = QueueState(
            name=name,
            queued=q.count,
            started=q.started_job_registry.count,
            scheduled=q.scheduled_job_registry.count,
            failed=q.failed_job_registry.count,
        )
        head = q.get_job_ids(0, 1)  # (offset, length)
        if head:
            job = q.fetch_job(head[0])
            if job is not None:
                state.oldest_queued_seconds = _seconds_since(job.enqueued_at or job.created_at)
        serving = [w for w in workers if name in w.queue_names()]
        state.workers = len(serving)
        beats = [_seconds_since(w.last_heartbeat) for w in serving if w.last_heartbeat]
        state.last_worker_seen_seconds = min((b for b in beats if b is not None), default=None)
        states.append(state)
    return states


# -- the operator's view of jobs: ids, functions, states, ages; never arguments ----------------


@dataclass
class JobRow:
    id: str
    function: str
    state: str
    age_seconds: float | None
    error: str | None = None  # the exception's class only (messages are withheld everywhere)


@dataclass
class QueueJobs:
    name: str
    rows: dict[str, list[JobRow]] = field(default_factory=dict)


def _describe(job: Job, state: str) -> JobRow:
    error = None
    if state == "failed":
        latest = job.latest_result()
        text = (latest.exc_string if latest is not None else None) or ""
        last = text.strip().splitlines()[-1:] or [""]
        error = last[0].split(":", 1)[0].replace(" (message withheld)", "")[:120] or None
    when = job.ended_at if state == "failed" else (job.started_at or job.enqueued_at)
    return JobRow(
        id=job.id,
        function=job.func_name or "?",  # the dotted path; reading it never loads the arguments
        state=state,
        age_seconds=_seconds_since(when or job.created_at),
        error=error,
    )


def _registry_rows(registry: BaseRegistry, state: str, conn: redis.Redis, limit: int) -> list[Any]:
    ids = registry.get_job_ids(0, limit - 1, desc=True, cleanup=False)  # read-only
    return [
        _describe(job, state)
        for job in Job.fetch_many(ids, connection=conn, serializer=JSONSerializer)
        if job is not None
    ]


def queue_jobs(limit: int = 50, conn: redis.Redis | None = None) -> list[QueueJobs]:
    """Up to ``limit`` jobs per state and queue, newest failures first."""
    conn = conn or jobs.connection()
    result = []
    for name in jobs.QUEUES:
        q = jobs.queue(name, conn)
        listing = QueueJobs(name)
        ids = q.get_job_ids(0, limit)
        queued = Job.fetch_many(ids, connection=conn, serializer=JSONSerializer)
        listing.rows["queued"] = [_describe(j, "queued") for j in queued if j is not None]
        for state, registry_class in (
            ("started", StartedJobRegistry),
            ("scheduled", ScheduledJobRegistry),
            ("failed", FailedJobRegistry),
        ):
            registry = registry_class(name, connection=conn, serializer=JSONSerializer)
            listing.rows[state] = _registry_rows(registry, state, conn, limit)
        listing.rows["failed"].sort(key=lambda r: r.age_seconds or 0)
        result.append(listing)
    return result


def worker_rows(conn: redis.Redis | None = None) -> list[dict[str, Any]]:
    """Every registered worker: name, host, queues, state, seconds since its heartbeat."""
    conn = conn or jobs.connection()
    return [
        {
            "name": w.name,
            "hostname": w.hostname,
            "queues": ", ".join(w.queue_names()),
            "state": str(w.get_state()),
            "seen_seconds": _seconds_since(w.last_heartbeat),
        }
        for w in sorted(Worker.all(connection=conn), key=lambda w: w.name)
    ]


def readiness() -> tuple[bool, dict[str, Any]]:
    """Can this instance do its whole job? Database, Redis, a live worker on every queue,
    and no queue lagging behind. Returns (ready, the checks by name)."""
    config = current_app.config
    checks: dict[str, Any] = {}
    ready = True
    try:
        db.session.execute(select(1))
        db.session.rollback()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready; class name only
        db.session.rollback()
        checks["database"] = f"unavailable ({type(exc).__name__})"
        ready = False
    try:
        states = queue_states()
        checks["redis"] = "ok"
    except jobs.REDIS_FAILURES as exc:
        checks["redis"] = f"unavailable ({type(exc).__name__})"
        return False, checks
    queues: dict[str, Any] = {}
    embedded = not config.get("REDIS_URL") and config.get("EMBEDDED_WORKER")
    for state in states:
        problems = []
        seen = state.last_worker_seen_seconds
        if embedded:
            pass  # development: a thread of this process works the embedded queue
        elif seen is None or seen > config["READY_WORKER_SEEN_SECONDS"]:
            problems.append("no worker seen recently")
        lag = state.oldest_queued_seconds
        if lag is not None and lag > config["READY_QUEUE_LAG_SECONDS"]:
            problems.append("lagging")
        queues[state.name] = {
            "status": "; ".join(problems) or "ok",
            "queued": state.queued,
            "workers": state.workers,
            "oldest_queued_seconds": None if lag is None else round(lag, 1),
        }
        ready = ready and not problems
    checks["queues"] = queues
    return ready, checks
