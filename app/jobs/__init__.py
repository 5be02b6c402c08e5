"""Queues, the transactional outbox, and handing work to RQ.

Services never talk to RQ directly. They call :func:`defer` inside their transaction, which
adds a :class:`~app.models.Task` row; when that transaction commits, the task is handed to
RQ with ``task-<id>`` as the job id. If Redis is down the commit still succeeds and the
sweeper (:func:`sweep`) hands the task over later. Jobs take ids only, are idempotent and
retry with backoff; RQ uses the JSON serializer.

How the hand-over follows the session (SQLAlchemy events, for every session):

- ``after_flush``: remember the new tasks, with the (innermost) transaction they belong to;
- ``after_soft_rollback``: forget the tasks of the transaction that was rolled back (a
  savepoint's rollback forgets only that savepoint's tasks);
- ``after_commit`` of the outermost transaction: hand the remembered tasks to RQ. It talks to
  Redis only, never to the database, and never raises: the commit has already happened.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from flask import Flask, current_app, g, has_app_context
from redis.backoff import NoBackoff
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry
from rq.callbacks import Callback
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session, SessionTransaction

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
SCHEDULED_OVERDUE_SECONDS = 600  # a retry this late is handed over again by the sweeper
FAILED_JOB_TTL = 7 * 24 * 3600  # failed jobs (ids only) stay visible to operators for a week

# A request must never wait long for a sick Redis: one attempt, one second to connect and
# one second per command (redis-py would otherwise retry with backoff for ~15 s).
REDIS_TIMEOUT_SECONDS = 1.0

# Errors that mean "Redis cannot take the job now"; redis-py lets some socket errors through.
REDIS_FAILURES = (redis.RedisError, OSError)

_PENDING_KEY = "kommentar.deferred_tasks"


def init_app(app: Flask) -> None:
    """Give the app its Redis connection (real, or embedded fakeredis) and the commit hook."""
    url = app.config.get("REDIS_URL")
    if url:
        connection = fail_fast_redis(url)
    else:
        import fakeredis  # the embedded queue: RQ's own code path, no server

        connection = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    app.extensions["kommentar.redis"] = connection
    if not event.contains(Session, "after_flush", _remember_new_tasks):
        event.listen(Session, "after_flush", _remember_new_tasks)
        event.listen(Session, "after_commit", _dispatch_remembered_tasks)
        event.listen(Session, "after_soft_rollback", _forget_rolled_back_tasks)


def fail_fast_redis(url: str) -> redis.Redis:
    """A Redis client for requests and jobs: no retries, short timeouts."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry=RedisRetry(NoBackoff(), 0),
        health_check_interval=30,
    )


def connection() -> redis.Redis:
    """The app's Redis connection (fakeredis on the embedded default)."""
    return current_app.extensions["kommentar.redis"]


class IndexedQueue(Queue):
    """An RQ queue that records, as each job is created, which ids it was called with.

    For every int among a job's arguments, ``kommentar:jobs-naming:<id>`` holds the job's
    id: erasure finds the jobs that name a person's rows from that index (see
    :func:`jobs_naming`), at a cost that does not grow with whatever else Redis holds.
    The index holds ids only, never a payload.
    """

    def create_job(self, *args: Any, **kwargs: Any) -> Job:
        job = super().create_job(*args, **kwargs)
        ids = _int_arguments(job.args or (), job.kwargs or {})
        if ids:
            pipe = self.connection.pipeline(transaction=False)
            for value in ids:
                pipe.sadd(f"{JOB_INDEX_PREFIX}{value}", job.id)
                pipe.expire(f"{JOB_INDEX_PREFIX}{value}", JOB_INDEX_TTL)
            pipe.execute()
        return job


JOB_INDEX_PREFIX = "kommentar:jobs-naming:"
JOB_INDEX_TTL = FAILED_JOB_TTL + 24 * 3600  # outlives the longest-kept job record


def _int_arguments(args: Any, kwargs: dict[str, Any]) -> set[int]:
    found: set[int] = set()
    pending = [*args, *kwargs.values()]
    while pending:
        value = pending.pop()
        if isinstance(value, list | tuple):
            pending.extend(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            found.add(value)
    return found


def jobs_naming(ids: set[int], conn: redis.Redis | None = None) -> set[str]:
    """Ids of the jobs created with any of these ids among their arguments (a superset:
    the caller judges each job's parameters)."""
    conn = conn or connection()
    ordered = sorted(ids)
    found: set[str] = set()
    for start in range(0, len(ordered), 1000):
        # One SUNION per thousand ids: most of them name no job, and cost the server nothing.
        keys = [f"{JOB_INDEX_PREFIX}{value}" for value in ordered[start : start + 1000]]
        found.update(m.decode() if isinstance(m, bytes) else m for m in conn.sunion(keys))
    return found


def queue(name: str, conn: redis.Redis | None = None) -> Queue:
    """An RQ queue by name, with the JSON serializer."""
    return IndexedQueue(
        name,
        connection=conn or connection(),
        serializer=JSONSerializer,
        default_timeout=JOB_TIMEOUTS.get(name, 300),
    )


def func_path(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


# -- naming a job -----------------------------------------------------------------------------


@dataclass(frozen=True)
class JobRef:
    """A job named by its dotted path, with the queue it runs on.

    RQ imports the path itself when a worker runs the job, and the outbox (``Task.func``)
    stores the same string, so a service names a job without importing the job's module:
    services stay below the jobs that call them (STYLE.md, rule 11).
    """

    path: str
    queue: str

    @classmethod
    def to(cls, func: Callable[..., Any], queue: str) -> JobRef:
        """A reference to any module-level function (tools and tests hand over their own)."""
        return cls(func_path(func), queue)


# Every job a service hands over, declared once with its queue.
SCREEN_COMMENT = JobRef("app.jobs.moderation.screen_comment", MINORS)
ERASE_PERSON = JobRef("app.jobs.erasure.erase_person", ERASURE)
SEND_MAIL = JobRef("app.jobs.mail.send_mail", DEFAULT)
NOTIFY_REPLY_SUBSCRIBERS = JobRef("app.jobs.notifications.notify_reply_subscribers", DEFAULT)
JOBS = (SCREEN_COMMENT, ERASE_PERSON, SEND_MAIL, NOTIFY_REPLY_SUBSCRIBERS)


def defer(job: JobRef, *ids: int | str) -> Task:
    """Record work to do in the current transaction; it reaches RQ when that commits.

    ``jobs.defer(jobs.SCREEN_COMMENT, comment.id)``: the task stores the job's dotted path.
    """
    if job.queue not in QUEUES:
        raise ValueError(f"unknown queue {job.queue!r}")
    if not all(isinstance(i, int | str) and not isinstance(i, bool) for i in ids):
        raise TypeError("jobs take ids only (int or str)")
    task = Task(queue=job.queue, func=job.path, args=list(ids))
    db.session.add(task)
    return task


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


def commit_with_task_done() -> None:
    """Commit a job's work and mark its outbox task done in the same transaction.

    For a short job, the success callback's own transaction would cost as much as the work;
    this way the task is done exactly when the work is (and the callback has nothing left).
    Outside an RQ job (a direct call, a test) it is a plain commit.
    """
    from rq import get_current_job

    job = get_current_job()
    task_id = job.meta.get("task_id") if job is not None else None
    if task_id is not None:
        db.session.execute(task_done_statement(task_id))
    db.session.commit()
    if task_id is not None:
        g.setdefault(_DONE_IN_JOB, set()).add(task_id)


_DONE_IN_JOB = "kommentar.task_done_in_job"


def task_done_statement(task_id: Any) -> Any:
    """The UPDATE that marks an outbox task done (once)."""
    return (
        update(Task)
        .where(Task.id == task_id, Task.state != TaskState.DONE)
        .values(state=TaskState.DONE, done_at=clock.now())
    )


def mark_task_done(job: Job, conn: redis.Redis, result: Any, *args: Any, **kwargs: Any) -> None:
    """RQ success callback (in the job's app context): the outbox row is done."""
    if job.meta.get("task_id") in g.get(_DONE_IN_JOB, ()):
        return  # the job committed it with its work (commit_with_task_done)
    db.session.execute(task_done_statement(job.meta.get("task_id")))
    db.session.commit()


def note_task_failure(
    job: Job, conn: redis.Redis, exc_type: Any, *args: Any, **kwargs: Any
) -> None:
    """RQ failure callback: keep the exception's class (never its message: it may hold data).

    Also called by RQ for a job abandoned by a killed worker (``AbandonedJobError``).
    """
    db.session.rollback()  # the failed job may have left its transaction broken
    db.session.execute(
        update(Task)
        .where(Task.id == job.meta.get("task_id"))
        .values(last_error=getattr(exc_type, "__name__", str(exc_type))[:200])
    )
    db.session.commit()


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


def status() -> dict[str, Any]:
    """Queue depths and outbox counts, for ``flask queue status`` (no personal data)."""
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
    report: dict[str, Any] = {
        "outbox": {
            "pending": counts.get(TaskState.PENDING, 0),
            "failed": counts.get(TaskState.FAILED, 0),
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
