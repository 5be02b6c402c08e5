"""Queues, the transactional outbox, and handing work to RQ.

Services never talk to RQ directly. They call :func:`defer` inside their transaction, which
adds a :class:`~app.models.Task` row; when that transaction commits, the task is handed to
RQ with the task's id as the job id. If Redis is down the commit still succeeds and the
sweeper (:func:`sweep`) hands the task over later. Jobs take ids only, are idempotent and
retry with backoff; RQ uses the JSON serializer.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import redis
from flask import Flask, current_app
from rq import Queue, Retry
from rq.callbacks import Callback
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app import clock
from app.extensions import db
from app.models import Task, TaskState

log = logging.getLogger(__name__)

# Queue names, highest priority first: a worker with no queue named serves them in this order.
ERASURE = "erasure"
MINORS = "minors"
DEFAULT = "default"
QUEUES = (ERASURE, MINORS, DEFAULT)

JOB_TIMEOUTS = {ERASURE: 900, MINORS: 120, DEFAULT: 300}
MAX_SWEEPS = 20  # a task handed over this many times without finishing is marked failed

_PENDING_KEY = "kommentar.deferred_tasks"


def init_app(app: Flask) -> None:
    """Give the app its Redis connection (real, or embedded fakeredis) and the commit hook."""
    url = app.config.get("REDIS_URL")
    if url:
        connection = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
    else:
        import fakeredis  # the embedded queue: RQ's own code path, no server

        connection = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    app.extensions["kommentar.redis"] = connection
    if not event.contains(Session, "after_flush", _remember_new_tasks):
        event.listen(Session, "after_flush", _remember_new_tasks)
        event.listen(Session, "after_commit", _dispatch_remembered_tasks)
        event.listen(Session, "after_soft_rollback", _forget_remembered_tasks)


def connection() -> redis.Redis:
    """The app's Redis connection (fakeredis on the embedded default)."""
    return current_app.extensions["kommentar.redis"]


def queue(name: str, conn: redis.Redis | None = None) -> Queue:
    """An RQ queue by name, with the JSON serializer."""
    return Queue(
        name,
        connection=conn or connection(),
        serializer=JSONSerializer,
        default_timeout=JOB_TIMEOUTS.get(name, 300),
    )


def func_path(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def defer(queue_name: str, func: Callable[..., Any], *ids: int | str) -> Task:
    """Record work to do in the current transaction; it reaches RQ when that commits."""
    if queue_name not in QUEUES:
        raise ValueError(f"unknown queue {queue_name!r}")
    task = Task(queue=queue_name, func=func_path(func), args=list(ids))
    db.session.add(task)
    return task


# -- handing tasks to RQ after commit -------------------------------------------------------


@dataclass(frozen=True)
class _TaskRef:
    id: int
    queue: str
    func: str
    args: tuple[Any, ...]


def _remember_new_tasks(session: Session, flush_context: Any) -> None:
    refs = session.info.setdefault(_PENDING_KEY, [])
    for obj in session.new:
        if isinstance(obj, Task):
            refs.append(_TaskRef(obj.id, obj.queue, obj.func, tuple(obj.args or ())))


def _forget_remembered_tasks(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_PENDING_KEY, None)


def _dispatch_remembered_tasks(session: Session) -> None:
    refs = session.info.pop(_PENDING_KEY, None)
    if not refs:
        return
    for ref in refs:
        hand_to_rq(ref.id, ref.queue, ref.func, ref.args)


def _retry() -> Retry:
    intervals = list(current_app.config["JOB_RETRY_INTERVALS"])
    return Retry(max=len(intervals), interval=intervals)


def hand_to_rq(task_id: int, queue_name: str, func: str, args: tuple[Any, ...] | list[Any]) -> bool:
    """Enqueue one task's job; False (and a log line) when Redis cannot be reached."""
    try:
        queue(queue_name).enqueue_call(
            func,
            args=list(args),
            job_id=f"task-{task_id}",
            retry=_retry(),
            meta={"task_id": task_id},
            on_success=Callback(mark_task_done),
            on_failure=Callback(note_task_failure),
            failure_ttl=7 * 24 * 3600,
        )
    except redis.RedisError as exc:
        log.warning(
            "task %s not enqueued (%s); the sweeper will retry", task_id, type(exc).__name__
        )
        return False
    return True


def mark_task_done(job: Job, conn: redis.Redis, result: Any, *args: Any, **kwargs: Any) -> None:
    """RQ success callback: the outbox row is done."""
    task = db.session.get(Task, job.meta.get("task_id"))
    if task is not None and task.state is not TaskState.DONE:
        task.state = TaskState.DONE
        task.done_at = clock.now()
        db.session.commit()


def note_task_failure(
    job: Job, conn: redis.Redis, exc_type: Any, *args: Any, **kwargs: Any
) -> None:
    """RQ failure callback: keep the exception's class (never its message: it may hold data)."""
    db.session.rollback()
    task = db.session.get(Task, job.meta.get("task_id"))
    if task is not None:
        task.last_error = getattr(exc_type, "__name__", str(exc_type))[:200]
        db.session.commit()


# -- the sweeper ------------------------------------------------------------------------------

_LIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def sweep(limit: int = 1000) -> int:
    """Hand again to RQ every task whose job was lost; return how many were re-enqueued.

    A job is lost when Redis restarted (it keeps nothing on disk), when a worker was killed
    with SIGKILL mid-job (RQ then leaves it "started" until its registry is cleaned), or when
    Redis was down at commit time.
    """
    conn = connection()
    try:
        for name in QUEUES:
            StartedJobRegistry(name, connection=conn, serializer=JSONSerializer).cleanup()
    except redis.RedisError as exc:
        log.warning("sweep skipped: Redis unavailable (%s)", type(exc).__name__)
        return 0
    grace = timedelta(seconds=current_app.config["SWEEP_GRACE_SECONDS"])
    stale = db.session.scalars(
        select(Task)
        .where(Task.state == TaskState.PENDING, Task.created_at <= clock.now() - grace)
        .order_by(Task.id)
        .limit(limit)
    ).all()
    requeued = 0
    for task in stale:
        status = _job_status(conn, task.job_id)
        if status in _LIVE:
            continue
        if status is JobStatus.FINISHED:  # the success callback did not get to commit
            task.state, task.done_at = TaskState.DONE, clock.now()
            continue
        if task.attempts >= MAX_SWEEPS:
            task.state = TaskState.FAILED
            log.error("task %s failed for good after %s hand-overs", task.id, task.attempts)
            continue
        _delete_job(conn, task.job_id)
        if hand_to_rq(task.id, task.queue, task.func, task.args):
            task.attempts += 1
            task.enqueued_at = clock.now()
            requeued += 1
    db.session.commit()
    if requeued:
        log.info("sweeper re-enqueued %s task(s)", requeued)
    return requeued


def _job_status(conn: redis.Redis, job_id: str) -> JobStatus | None:
    try:
        return Job.fetch(job_id, connection=conn, serializer=JSONSerializer).get_status()
    except NoSuchJobError:
        return None


def _delete_job(conn: redis.Redis, job_id: str) -> None:
    with contextlib.suppress(NoSuchJobError):
        Job.fetch(job_id, connection=conn, serializer=JSONSerializer).delete()
