"""Queues, naming a job, and recording work for RQ.

Services never talk to RQ directly. They call :func:`defer` inside their transaction, which
adds a :class:`~app.models.Task` row; when that transaction commits, the outbox
(:mod:`app.jobs.outbox`) hands the task to RQ with ``task-<id>`` as the job id, or its
sweeper does later if Redis is down. Jobs take ids only, are idempotent and retry with
backoff; RQ uses the JSON serializer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from flask import Flask, current_app, g
from redis.backoff import NoBackoff
from redis.retry import Retry as RedisRetry
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer
from sqlalchemy import update

from app import clock
from app.extensions import db
from app.models import Task, TaskState

# Queue names, highest priority first: a worker with no queue named serves them in this order.
ERASURE = "erasure"
MINORS = "minors"
DEFAULT = "default"
QUEUES = (ERASURE, MINORS, DEFAULT)

JOB_TIMEOUTS = {ERASURE: 900, MINORS: 120, DEFAULT: 300}
FAILED_JOB_TTL = 7 * 24 * 3600  # failed jobs (ids only) stay visible to operators for a week

# A request must never wait long for a sick Redis: one attempt, one second to connect and
# one second per command (redis-py would otherwise retry with backoff for ~15 s).
REDIS_TIMEOUT_SECONDS = 1.0

# Errors that mean "Redis cannot take the job now"; redis-py lets some socket errors through.
REDIS_FAILURES = (redis.RedisError, OSError)


def init_app(app: Flask) -> None:
    """Give the app its Redis connection (real, or embedded fakeredis); the outbox's session
    hooks are registered by :func:`app.jobs.outbox.init_app`."""
    url = app.config.get("REDIS_URL")
    if url:
        connection = fail_fast_redis(url)
    else:
        import fakeredis  # the embedded queue: RQ's own code path, no server

        connection = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    app.extensions["kommentar.redis"] = connection


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


# -- RQ's callbacks: the outbox row follows its job -----------------------------------------
#
# RQ stores a callback's dotted path with each job, so these stay at app.jobs.*: a job handed
# over before an upgrade still finds them.


def commit_with_task_done(work: Any = None) -> int:
    """Run a job's last write (``work``, an UPDATE, if any), mark its outbox task done in the
    same transaction, and commit; how many rows ``work`` wrote.

    For a short job, the success callback's own transaction would cost as much as the work;
    this way the task is done exactly when the work is (and the callback has nothing left).
    On PostgreSQL the two go to the server as one statement (the task's UPDATE in a WITH),
    atomic on its own: a job that reads outside a transaction writes in one round trip.
    Outside an RQ job (a direct call, a test) it is the write and a plain commit.
    """
    from rq import get_current_job

    job = get_current_job()
    task_id = job.meta.get("task_id") if job is not None else None
    together = (
        work is not None
        and task_id is not None
        and db.session.get_bind().dialect.name == "postgresql"
    )
    if together:
        work = work.add_cte(task_done_statement(task_id).cte("task_done"))
    written = db.session.execute(work).rowcount if work is not None else 0  # type: ignore[attr-defined]
    if task_id is not None and not together:
        db.session.execute(task_done_statement(task_id))
    db.session.commit()
    if task_id is not None:
        g.setdefault(_DONE_IN_JOB, set()).add(task_id)
    return written


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


