"""The transactional outbox: work is recorded with the rows it reads and reaches RQ only after
they are committed; the sweeper finds work whose job was lost; nothing a held comment needs
is ever lost, and a request never waits on a sick Redis.

Unit tier: SQLite + fakeredis (and PostgreSQL + Redis when TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import importlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import event, select, text, update

from app import jobs
from app.extensions import db
from app.jobs import outbox
from app.jobs.moderation import screen_comment
from app.jobs.schedule import LOCK_PREFIX, run_due_periodic_jobs
from app.models import AgeClass, Article, Comment, CommentStatus, Task, TaskState
from tests.factories import make_comment
from tests.helpers import free_port

# -- jobs only these tests use (module-level, so RQ imports them by path) -------------------

FAILURES = {"count": 0}
SECRET = "".join(reversed("atad lanosrep emos"))  # spelled out at run time only, not in source


def always_fails(comment_id: int) -> None:
    """A job whose every attempt fails, with a message that must never be stored."""
    FAILURES["count"] += 1
    raise LookupError(f"{SECRET} of comment {comment_id}")


def breaks_its_session(comment_id: int) -> None:
    """A job that leaves its transaction broken, the way a failed statement does."""
    db.session.execute(text("SELECT * FROM no_such_table"))


# -- helpers ----------------------------------------------------------------------------------


def held_comment(text_: str = "Ring meg på 912 34 567") -> Comment:
    from tests.factories import make_article, make_user

    teen = make_user(AgeClass.UNDER_16_PRESUMED)
    return make_comment(make_article(), teen, text_, status=CommentStatus.PENDING)


def queued_ids(name: str = jobs.MINORS) -> list[str]:
    return jobs.queue(name).job_ids


def task_row(task_id: int) -> Task:
    db.session.expire_all()
    return db.session.get(Task, task_id)


def defer_screening(comment: Comment) -> Task:
    task = jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.commit()
    return task


def lose_every_job() -> None:
    """What a Redis restart does: it keeps nothing on disk."""
    jobs.connection().flushdb()


@pytest.fixture
def redis_down(app) -> Iterator[Callable[[], None]]:
    """Point the app at a port where nothing listens; call the fixture's value to bring it back."""
    port = free_port()
    real = app.extensions["kommentar.redis"]
    app.extensions["kommentar.redis"] = jobs.fail_fast_redis(f"redis://127.0.0.1:{port}/0")

    def bring_back() -> None:
        app.extensions["kommentar.redis"] = real

    yield bring_back
    bring_back()


@pytest.fixture
def redis_hung(app) -> Iterator[None]:
    """Point the app at a server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    real = app.extensions["kommentar.redis"]
    url = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    app.extensions["kommentar.redis"] = jobs.fail_fast_redis(url)
    yield
    app.extensions["kommentar.redis"] = real
    server.close()
    for conn in accepted:
        conn.close()


# -- commit, then enqueue ---------------------------------------------------------------------


def test_a_held_comments_screening_reaches_the_minors_queue_only_after_commit(app):
    comment = held_comment()
    task = jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.flush()
    assert queued_ids() == []  # flushed is not committed: a worker could not read the row yet

    db.session.commit()

    assert queued_ids() == [f"task-{task.id}"]
    job = Job.fetch(f"task-{task.id}", connection=jobs.connection(), serializer=JSONSerializer)
    assert job.args == [comment.id]  # ids only
    assert job.func_name == "app.jobs.moderation.screen_comment"
    assert task_row(task.id).state is TaskState.PENDING


def test_the_worker_screens_the_comment_and_marks_the_task_done(app, run_jobs):
    comment = held_comment()
    task = defer_screening(comment)

    assert run_jobs() == 1

    db.session.expire_all()
    assert task_row(task.id).state is TaskState.DONE
    assert comment.screened_at is not None
    assert comment.status is CommentStatus.PENDING  # screening never publishes


def test_a_rolled_back_transaction_enqueues_nothing(app):
    comment = held_comment()
    jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.flush()  # the task has an id now; it must still never reach RQ
    db.session.rollback()

    make_comment(comment.article, None, "a later, unrelated commit")

    assert queued_ids() == []
    assert db.session.scalars(select(Task)).all() == []


def test_a_rolled_back_savepoint_drops_only_its_own_work(app):
    first, second = held_comment("first"), held_comment("second")
    kept = jobs.defer(jobs.SCREEN_COMMENT, first.id)
    db.session.flush()
    savepoint = db.session.begin_nested()
    jobs.defer(jobs.SCREEN_COMMENT, second.id)
    db.session.flush()
    savepoint.rollback()

    db.session.commit()

    assert queued_ids() == [f"task-{kept.id}"]


def test_a_released_savepoint_waits_for_the_outer_commit(app):
    comment = held_comment()
    with db.session.begin_nested():
        task = jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    assert queued_ids() == []  # releasing a savepoint commits nothing yet

    db.session.commit()

    assert queued_ids() == [f"task-{task.id}"]


def test_work_from_a_released_savepoint_dies_with_its_outer_rollback(app):
    comment = held_comment()
    with db.session.begin_nested():
        jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.rollback()

    make_comment(comment.article, None, "a later, unrelated commit")

    assert queued_ids() == []


def test_work_of_a_session_closed_without_commit_never_reaches_rq(app):
    comment = held_comment()
    article_id = comment.article_id
    jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.flush()
    db.session.close()  # ends the transaction without a rollback event

    make_comment(db.session.get(Article, article_id), None, "a later, unrelated commit")

    assert queued_ids() == []


def test_a_task_deleted_before_commit_never_reaches_rq(app):
    comment = held_comment()
    task = jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.flush()
    db.session.delete(task)

    db.session.commit()

    assert queued_ids() == []


def test_handing_over_after_commit_sends_no_sql(app):
    comment = held_comment()
    jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    seen: list[str] = []

    def statement(conn, cursor, sql, *args):
        seen.append(sql)

    def committed(conn):
        seen.append("COMMIT")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", committed)
    try:
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", committed)

    assert seen[-1] == "COMMIT"  # nothing ran after the commit, while handing to RQ
    assert len(queued_ids()) == 1


def test_jobs_take_ids_only_and_known_queues_only(app):
    comment = held_comment()
    with pytest.raises(TypeError):
        jobs.defer(jobs.SCREEN_COMMENT, {"comment": comment.id})
    with pytest.raises(ValueError):
        jobs.defer(jobs.JobRef.to(screen_comment, "urgent"), comment.id)


def test_every_declared_job_names_a_function_that_rq_can_import():
    """Services name jobs by dotted path; the path must lead to the job, on its queue, and be
    the very string the outbox stored before jobs were named by reference."""
    for job in jobs.JOBS:
        module, _, name = job.path.rpartition(".")
        function = getattr(importlib.import_module(module), name)
        assert callable(function) and jobs.func_path(function) == job.path
        assert job.queue in jobs.QUEUES
    assert jobs.JobRef.to(screen_comment, jobs.MINORS) == jobs.SCREEN_COMMENT


def test_a_task_stored_before_jobs_were_named_by_reference_still_runs(app, run_jobs):
    comment = held_comment()
    stored = Task(queue=jobs.MINORS, func="app.jobs.moderation.screen_comment", args=[comment.id])
    db.session.add(stored)  # a row as an older release wrote it
    db.session.commit()

    assert run_jobs() == 1
    assert task_row(stored.id).state is TaskState.DONE
    assert db.session.get(Comment, comment.id).screened_at is not None


# -- Redis down or hung at commit ---------------------------------------------------------------


def test_posting_succeeds_quickly_with_redis_down_and_the_task_waits(app, redis_down):
    comment = held_comment()
    started = time.monotonic()
    task = defer_screening(comment)
    elapsed = time.monotonic() - started

    assert elapsed < 1.5
    assert task_row(task.id).state is TaskState.PENDING
    assert task_row(task.id).attempts == 0
    db.session.expire_all()
    assert comment.status is CommentStatus.PENDING and not comment.is_visible_to_public


def test_a_hung_redis_costs_a_commit_about_one_second_however_many_tasks(app, redis_hung):
    comments = [held_comment(f"comment {n}") for n in range(3)]
    for comment in comments:
        jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    started = time.monotonic()
    db.session.commit()
    elapsed = time.monotonic() - started

    assert elapsed < 1.5
    states = db.session.scalars(select(Task.state)).all()
    assert states == [TaskState.PENDING] * 3


def test_the_sweeper_hands_over_work_committed_while_redis_was_down(app, run_jobs, redis_down):
    comment = held_comment()
    task = defer_screening(comment)
    assert outbox.sweep() == 0  # still down: nothing done, nothing raised

    redis_down()  # Redis is back
    assert outbox.sweep() == 1
    run_jobs()

    db.session.expire_all()
    assert comment.screened_at is not None
    assert comment.status is CommentStatus.PENDING
    assert task_row(task.id).state is TaskState.DONE


# -- the sweeper ------------------------------------------------------------------------------


def test_the_sweeper_re_enqueues_a_job_lost_in_a_redis_restart(app, run_jobs):
    comment = held_comment()
    task = defer_screening(comment)
    lose_every_job()

    assert outbox.sweep() == 1

    assert queued_ids() == [f"task-{task.id}"]
    assert task_row(task.id).attempts == 1
    assert run_jobs() == 1
    db.session.expire_all()
    assert comment.screened_at is not None
    assert task_row(task.id).state is TaskState.DONE


def test_the_sweeper_leaves_live_jobs_alone(app):
    comment = held_comment()
    task = defer_screening(comment)

    assert outbox.sweep() == 0

    assert queued_ids() == [f"task-{task.id}"]  # not twice
    assert task_row(task.id).attempts == 0


def test_the_sweeper_leaves_young_tasks_alone(app):
    app.config["SWEEP_GRACE_SECONDS"] = 60  # their hand-over may still be under way
    task = defer_screening(held_comment())
    lose_every_job()

    assert outbox.sweep() == 0
    assert task_row(task.id).attempts == 0


def test_the_sweeper_leaves_done_tasks_alone(app, run_jobs):
    defer_screening(held_comment())
    run_jobs()
    lose_every_job()

    assert outbox.sweep() == 0
    assert queued_ids() == []


def test_a_finished_job_whose_callback_was_lost_is_marked_done_not_rerun(app, run_jobs):
    task = defer_screening(held_comment())
    run_jobs()
    # As if the worker died between finishing the job and recording it.
    db.session.execute(update(Task).values(state=TaskState.PENDING, done_at=None))
    db.session.commit()

    assert outbox.sweep() == 0

    assert task_row(task.id).state is TaskState.DONE
    assert queued_ids() == []


def test_a_job_that_keeps_failing_ends_failed_after_max_sweeps(app, run_jobs, caplog):
    comment = held_comment()
    task = jobs.defer(jobs.JobRef.to(always_fails, jobs.MINORS), comment.id)
    db.session.commit()
    FAILURES["count"] = 0
    retries = len(app.config["JOB_RETRY_INTERVALS"])

    run_jobs()
    for _ in range(outbox.MAX_SWEEPS):
        assert task_row(task.id).state is TaskState.PENDING
        assert outbox.sweep() == 1
        run_jobs()
    assert outbox.sweep() == 0

    failed = task_row(task.id)
    assert failed.state is TaskState.FAILED
    assert failed.attempts == outbox.MAX_SWEEPS
    assert FAILURES["count"] == (outbox.MAX_SWEEPS + 1) * (retries + 1)
    assert failed.last_error == "LookupError"  # the class, never the message
    assert SECRET not in caplog.text  # nor in the worker's log
    assert "LookupError (message withheld)" in caplog.text
    job = Job.fetch(failed.job_id, connection=jobs.connection(), serializer=JSONSerializer)
    assert SECRET not in job.latest_result().exc_string  # nor in Redis
    assert "always_fails" in job.latest_result().exc_string  # the stack is kept


def test_a_job_that_fails_once_is_retried_with_backoff(app):
    app.config["JOB_RETRY_INTERVALS"] = (5, 30)
    comment = held_comment()
    task = jobs.defer(jobs.JobRef.to(always_fails, jobs.MINORS), comment.id)
    db.session.commit()
    from app.jobs.embedded import in_process_worker

    in_process_worker(app).work(burst=True, logging_level="WARNING")

    job = Job.fetch(task.job_id, connection=jobs.connection(), serializer=JSONSerializer)
    assert job.get_status() is JobStatus.SCHEDULED  # RQ's scheduler enqueues it in 5 s
    assert job.retries_left == 1
    assert outbox.sweep() == 0  # a scheduled retry is a live job


def test_a_retry_nobody_schedules_is_handed_over_again(app, run_jobs):
    app.config["JOB_RETRY_INTERVALS"] = (5,)
    comment = held_comment()
    task = jobs.defer(jobs.JobRef.to(breaks_its_session, jobs.MINORS), comment.id)
    db.session.commit()
    from app.jobs.embedded import in_process_worker

    in_process_worker(app).work(burst=True, logging_level="WARNING")  # no scheduler runs
    registry = jobs.queue(jobs.MINORS).scheduled_job_registry
    assert registry.get_job_ids() == [task.job_id]

    assert outbox.sweep() == 0  # due in 5 s: RQ's scheduler will enqueue it
    jobs.connection().zadd(registry.key, {task.job_id: time.time() - 3600})  # an hour late
    assert outbox.sweep() == 1
    assert queued_ids() == [task.job_id]
    assert registry.get_job_ids() == []  # once, not twice


def test_a_broken_job_does_not_poison_the_next_one(app, run_jobs):
    first, second = held_comment("first"), held_comment("second")
    jobs.defer(jobs.JobRef.to(breaks_its_session, jobs.MINORS), first.id)
    screening = jobs.defer(jobs.SCREEN_COMMENT, second.id)
    db.session.commit()

    run_jobs()

    assert task_row(screening.id).state is TaskState.DONE
    db.session.expire_all()
    assert second.screened_at is not None


def test_screening_twice_changes_nothing_a_moderator_sees(app, run_jobs):
    comment = held_comment()
    task = defer_screening(comment)
    run_jobs()
    db.session.expire_all()
    findings = comment.screening

    lose_every_job()
    db.session.execute(update(Task).values(state=TaskState.PENDING))
    db.session.commit()
    assert outbox.sweep() == 1
    run_jobs()

    db.session.expire_all()
    assert comment.screening == findings
    assert comment.status is CommentStatus.PENDING
    assert task_row(task.id).state is TaskState.DONE
    assert db.session.scalar(select(db.func.count()).select_from(Comment)) == 1


def test_screening_a_decided_comment_is_a_no_op(app, run_jobs):
    comment = held_comment()
    comment.status = CommentStatus.REJECTED
    db.session.commit()
    defer_screening(comment)

    run_jobs()

    db.session.expire_all()
    assert comment.status is CommentStatus.REJECTED
    assert comment.screened_at is None


# -- periodic jobs and what operators see -------------------------------------------------------


def test_periodic_jobs_are_enqueued_once_per_interval_whatever_the_number_of_workers(app):
    first = run_due_periodic_jobs()
    second = run_due_periodic_jobs()  # another worker, same interval

    assert "sweep-outbox" in first
    assert second == []
    assert jobs.queue(jobs.DEFAULT).job_ids.count("periodic-sweep-outbox") == 1
    assert 0 < jobs.connection().ttl(LOCK_PREFIX + "sweep-outbox") <= 60


def test_the_periodic_sweeper_runs_on_a_worker(app, run_jobs):
    comment = held_comment()
    defer_screening(comment)
    lose_every_job()

    run_due_periodic_jobs()
    run_jobs()  # the sweep job re-enqueues the screening, which then runs too

    db.session.expire_all()
    assert comment.screened_at is not None


def test_queue_status_shows_depths_and_outbox_without_personal_data(app):
    comment = held_comment("Ring meg på 912 34 567")
    defer_screening(comment)
    failed = jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.commit()
    failed.state = TaskState.FAILED
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["queue", "status"])

    assert result.exit_code == 0, result.output
    assert "queue minors: 2 queued" in result.output
    assert "queue erasure: 0 queued" in result.output
    assert "outbox: 1 pending, 1 failed" in result.output
    assert "912" not in result.output and comment.author.display_name not in result.output


def test_queue_sweep_command_says_when_redis_is_down(app, redis_down):
    result = app.test_cli_runner().invoke(args=["queue", "sweep"])

    assert result.exit_code == 1
    assert "Redis is unavailable" in result.output
