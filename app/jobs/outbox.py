"""The transactional outbox: handing recorded tasks to RQ, and finding the ones that got lost.

:func:`app.jobs.defer` adds a :class:`~app.models.Task` row inside the caller's transaction;
when that transaction commits, the task is handed to RQ with ``task-<id>`` as the job id. If
Redis is down the commit still succeeds and the sweeper (:func:`sweep`) hands the task over
later. RQ's callbacks (``app.jobs.mark_task_done`` / ``note_task_failure``) close the row.

How the hand-over follows the session (SQLAlchemy events, for every session, registered by
:func:`init_app`):

- ``after_flush``: remember the new tasks, with the (innermost) transaction they belong to;
- ``after_soft_rollback``: forget the tasks of the transaction that was rolled back (a
  savepoint's rollback forgets only that savepoint's tasks);
- ``after_commit`` of the outermost transaction: hand the remembered tasks to RQ. It talks to
  Redis only, never to the database, and never raises: the commit has already happened.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from flask import Flask, current_app, has_app_context
from rq import Retry
from rq.callbacks import Callback
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, SessionTransaction

from app import clock
from app.extensions import db
from app.jobs import (
    FAILED_JOB_TTL,
    QUEUES,
    REDIS_FAILURES,
    connection,
    mark_task_done,
    note_task_failure,
    queue,
)
from app.models import Task, TaskState

log = logging.getLogger(__name__)

MAX_SWEEPS = 20  # a task handed over this many times without finishing is marked failed
SCHEDULED_OVERDUE_SECONDS = 600  # a retry this late is handed over again by the sweeper

_PENDING_KEY = "kommentar.deferred_tasks"


def init_app(app: Flask) -> None:
    """Follow every session: tasks reach RQ when the transaction that recorded them commits."""
    if not event.contains(Session, "after_flush", _remember_new_tasks):
        event.listen(Session, "after_flush", _remember_new_tasks)
        event.listen(Session, "after_commit", _dispatch_remembered_tasks)
        event.listen(Session, "after_soft_rollback", _forget_rolled_back_tasks)


# -- handing tasks to RQ after commit -------------------------------------------------------


@dataclass(frozen=True)
class _TaskRef:
    id: int
    queue: str
    func: str
    args: tuple[Any, ...]


def _innermost(session: Session) -> SessionTransaction | None:
    return session.get_nested_transaction() or session.get_transaction()


def _remember_new_tasks(session: Session, flush_context: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, Task)]
    deleted = {obj.id for obj in session.deleted if isinstance(obj, Task)}
    if not (new or deleted):
        return
    pending: list[tuple[SessionTransaction | None, _TaskRef]] = session.info.setdefault(
        _PENDING_KEY, []
    )
    root = session.get_transaction()
    # Drop tasks removed before commit (erasure, say), and any left by a transaction that
    # ended without a commit or a rollback event (Session.close()).
    pending[:] = [(t, ref) for t, ref in pending if ref.id not in deleted and _within(t, root)]
    transaction = _innermost(session)
    for task in new:
        pending.append(
            (transaction, _TaskRef(task.id, task.queue, task.func, tuple(task.args or ())))
        )


def _rollback_boundary(transaction: SessionTransaction) -> SessionTransaction:
    """The transaction a rollback really undid: itself, or its nearest savepoint or root."""
    while transaction.parent is not None and not transaction.nested:
        transaction = transaction.parent
    return transaction


def _within(
    transaction: SessionTransaction | None, boundary: SessionTransaction | None
) -> bool:
    while transaction is not None:
        if transaction is boundary:
            return True
        transaction = transaction.parent
    return False


def _forget_rolled_back_tasks(session: Session, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(_PENDING_KEY)
    if not pending:
        return
    boundary = _rollback_boundary(previous_transaction)
    if boundary.parent is None:
        session.info.pop(_PENDING_KEY, None)
    else:
        pending[:] = [(t, ref) for t, ref in pending if not _within(t, boundary)]


def _dispatch_remembered_tasks(session: Session) -> None:
    # after_commit also fires when a savepoint is released; only the outermost commit counts.
    if session.get_nested_transaction() is not None:
        return
    pending = session.info.pop(_PENDING_KEY, None)
    root = session.get_transaction()  # still the transaction being committed
    pending = [(t, ref) for t, ref in pending or () if _within(t, root)]
    if not pending:
        return
    if not has_app_context():
        log.warning(
            "%s task(s) committed outside the app; the sweeper will hand them over", len(pending)
        )
        return
    for _, ref in pending:
        if not hand_to_rq(ref.id, ref.queue, ref.func, ref.args):
            break  # Redis is down: don't make the caller wait once per task


def _retry() -> Retry | None:
    intervals = list(current_app.config["JOB_RETRY_INTERVALS"])
    return Retry(max=len(intervals), interval=intervals) if intervals else None


def hand_to_rq(task_id: int, queue_name: str, func: str, args: tuple[Any, ...] | list[Any]) -> bool:
    """Enqueue one task's job; False (and a log line) when that cannot be done now.

    Never raises: it runs after a commit, when the caller's work is already saved.
    """
    try:
        queue(queue_name).enqueue_call(
            func,
            args=list(args),
            job_id=f"task-{task_id}",
            retry=_retry(),
            meta={"task_id": task_id},
            on_success=Callback(mark_task_done),
            on_failure=Callback(note_task_failure),
            failure_ttl=FAILED_JOB_TTL,
        )
    except REDIS_FAILURES as exc:
        log.warning(
            "task %s not enqueued (%s); the sweeper will retry", task_id, type(exc).__name__
        )
        return False
    except Exception:
        log.exception("task %s could not be enqueued; the sweeper will retry", task_id)
        return False
    return True



# -- the sweeper ------------------------------------------------------------------------------

_LIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def sweep(limit: int = 1000) -> int:
    """Hand again to RQ every task whose job was lost; return how many were re-enqueued.

    A job is lost when Redis restarted (it keeps nothing on disk), when a worker was killed
    with SIGKILL mid-job (RQ leaves it "started" until its heartbeat expires, about 90 s,
    then retries it or marks it failed), or when Redis was down at commit time. Tasks younger
    than ``SWEEP_GRACE_SECONDS`` are left alone: their hand-over may still be under way.
    Several sweepers may run at once; on PostgreSQL each takes different rows.
    """
    conn = connection()
    try:
        for name in QUEUES:
            StartedJobRegistry(name, connection=conn, serializer=JSONSerializer).cleanup()
    except REDIS_FAILURES as exc:
        log.warning("sweep skipped: Redis unavailable (%s)", type(exc).__name__)
        return 0
    grace = timedelta(seconds=current_app.config["SWEEP_GRACE_SECONDS"])
    stale = db.session.scalars(
        select(Task)
        .where(Task.state == TaskState.PENDING, Task.created_at <= clock.now() - grace)
        .order_by(Task.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    requeued = 0
    try:
        for task in stale:
            status = _job_status(conn, task.job_id)
            if status in _LIVE and not _retry_overdue(conn, task, status):
                continue
            if status is JobStatus.FINISHED:  # the success callback did not get to commit
                task.state, task.done_at = TaskState.DONE, clock.now()
                continue
            if task.attempts >= MAX_SWEEPS:
                task.state = TaskState.FAILED
                log.error("task %s failed for good after %s hand-overs", task.id, task.attempts)
                continue
            _delete_job(conn, task.job_id)
            if not hand_to_rq(task.id, task.queue, task.func, task.args):
                break  # Redis went away: the next sweep goes on
            task.attempts += 1
            task.enqueued_at = clock.now()
            requeued += 1
    except REDIS_FAILURES as exc:
        log.warning("sweep stopped early: Redis unavailable (%s)", type(exc).__name__)
    finally:
        db.session.commit()
    if requeued:
        log.info("sweeper re-enqueued %s task(s)", requeued)
    return requeued


def _retry_overdue(conn: redis.Redis, task: Task, status: JobStatus) -> bool:
    """A scheduled retry long past its time: no worker runs RQ's scheduler for its queue."""
    if status is not JobStatus.SCHEDULED:
        return False
    registry = ScheduledJobRegistry(task.queue, connection=conn, serializer=JSONSerializer)
    try:
        due = registry.get_scheduled_time(task.job_id)
    except NoSuchJobError:
        return True
    overdue = datetime.now(UTC) - due.replace(tzinfo=due.tzinfo or UTC)
    return overdue > timedelta(seconds=SCHEDULED_OVERDUE_SECONDS)


def _job_status(conn: redis.Redis, job_id: str) -> JobStatus | None:
    try:
        return Job.fetch(job_id, connection=conn, serializer=JSONSerializer).get_status()
    except NoSuchJobError:
        return None


def _delete_job(conn: redis.Redis, job_id: str) -> None:
    with contextlib.suppress(NoSuchJobError):
        Job.fetch(job_id, connection=conn, serializer=JSONSerializer).delete()


# -- what operators see -----------------------------------------------------------------------


@dataclass(frozen=True)
class Backlog:
    """The outbox's tasks not yet done."""

    pending: int
    failed: int
    oldest_pending: datetime | None  # when the longest-waiting pending task was written


def backlog() -> Backlog:
    """How many tasks wait and how many failed, and since when the oldest has waited: for
    ``flask queue status`` and the operator's metrics alike."""
    counts = dict(
        db.session.execute(
            select(Task.state, func.count())
            .where(Task.state != TaskState.DONE)
            .group_by(Task.state)
        ).all()
    )
    oldest = db.session.scalar(
        select(func.min(Task.created_at)).where(Task.state == TaskState.PENDING)
    )
    return Backlog(counts.get(TaskState.PENDING, 0), counts.get(TaskState.FAILED, 0), oldest)


def status() -> dict[str, Any]:
    """Queue depths and outbox counts, for ``flask queue status`` (no personal data)."""
    tasks = backlog()
    oldest = tasks.oldest_pending
    report: dict[str, Any] = {
        "outbox": {
            "pending": tasks.pending,
            "failed": tasks.failed,
            "oldest_pending_seconds": (
                int((clock.now() - oldest).total_seconds()) if oldest is not None else None
            ),
        },
        "queues": {},
        "redis": "ok",
    }
    conn = connection()
    try:
        for name in QUEUES:
            q = queue(name, conn)
            report["queues"][name] = {
                "queued": q.count,
                "started": q.started_job_registry.count,
                "scheduled": q.scheduled_job_registry.count,
                "failed": q.failed_job_registry.count,
            }
    except REDIS_FAILURES as exc:
        report["redis"] = f"unavailable ({type(exc).__name__})"
    return report
