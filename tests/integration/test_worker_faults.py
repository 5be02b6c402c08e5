"""Held comments survive every fault of the queue: a real forking ``rq`` worker on real
PostgreSQL and Redis, killed with SIGKILL mid-job, Redis restarted between enqueue and
processing, Redis down when the comment is posted. Each story ends with every held comment
screened and none published without a moderator's decision.
"""

from __future__ import annotations

import time

import pytest
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import create_engine, select, text

from app import jobs
from app.config import _sqlalchemy_url
from app.extensions import db
from app.jobs import outbox
from app.jobs.moderation import screen_comment
from app.models import AgeClass, Comment, CommentStatus, Task, TaskState
from app.services import comments as comments_service
from tests import factories
from tests.helpers import token_of
from tests.integration import slow_jobs
from tests.integration.support import wait_for

pytestmark = pytest.mark.integration


def hold(article, author, body: str) -> Comment:
    """A child's comment, posted through the service: pending, its screening deferred."""
    comment = comments_service.post_comment(author, article, body)
    assert comment.status is CommentStatus.PENDING
    return comment


def comments_by_id(ids: list[int]) -> list[Comment]:
    db.session.rollback()  # see what the worker committed
    return list(db.session.scalars(select(Comment).where(Comment.id.in_(ids)).order_by(Comment.id)))


def all_screened(ids: list[int]) -> bool:
    comments = comments_by_id(ids)
    return len(comments) == len(ids) > 0 and all(c.screened_at is not None for c in comments)


def assert_held_and_unpublished(ids: list[int]) -> None:
    for comment in comments_by_id(ids):
        assert comment.status is CommentStatus.PENDING, comment
        assert comment.published_at is None
        assert not comment.is_visible_to_public


def seen_by_anonymous(app, article) -> str:
    browser = app.test_client()
    return (
        browser.get(f"/articles/{article.key}").text
        + browser.get(f"/api/v1/articles/{article.key}/comments").text
    )


SCREENING_JOBS = tuple(
    jobs.func_path(f)
    for f in (
        screen_comment,
        slow_jobs.screen_comment_slowly,
        slow_jobs.screen_comment_after_one_failure,
    )
)


def all_done(tasks: list[Task], ids: list[int]) -> bool:
    """Every comment's task is done (and there is one: an empty list proves nothing)."""
    return len(tasks) >= len(ids) > 0 and all(t.state is TaskState.DONE for t in tasks)


def tasks_of(ids: list[int]) -> list[Task]:
    """The screening tasks of these comments (a teen's first login defers other work too)."""
    db.session.rollback()
    tasks = db.session.scalars(select(Task).where(Task.func.in_(SCREENING_JOBS)).order_by(Task.id))
    return [task for task in tasks if task.args[0] in ids]


# -- the happy path, end to end ---------------------------------------------------------------


def test_a_teens_comment_is_screened_by_a_real_worker_and_stays_unpublished(
    app, client, login, start_worker
):
    article = factories.make_article()
    login("teen")
    response = client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Ring meg på 912 34 567, jeg heter Ida"},
        headers={"X-CSRFToken": token_of(client)},
    )
    assert response.status_code == 201, response.text
    assert response.json["status"] == "pending"
    comment_id = response.json["id"]

    worker = start_worker(jobs.MINORS)
    wait_for(lambda: all_screened([comment_id]), what="the screening", logs=worker.log)

    (comment,) = comments_by_id([comment_id])
    assert any(finding["kind"] == "phone" for finding in comment.screening)
    assert_held_and_unpublished([comment_id])
    assert "912 34 567" not in seen_by_anonymous(app, article)
    wait_for(lambda: tasks_of([comment_id])[0].state is TaskState.DONE, what="task done")


# -- a worker killed with SIGKILL mid-job -------------------------------------------------------


@pytest.mark.parametrize(
    "retry_intervals",
    [pytest.param((0, 0), id="rq-retries-it"), pytest.param((), id="the-sweeper-re-enqueues-it")],
)
def test_a_worker_killed_mid_job_loses_no_held_comment(
    app, start_worker, tmp_path, retry_intervals
):
    app.config["JOB_RETRY_INTERVALS"] = retry_intervals
    markers = tmp_path / "markers"
    markers.mkdir()
    article = factories.make_article()
    teen = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    slow = factories.make_comment(article, teen, "Jeg bor i Storgata 5", CommentStatus.PENDING)
    jobs.defer(jobs.JobRef.to(slow_jobs.screen_comment_slowly, jobs.MINORS), slow.id)
    db.session.commit()
    others = [hold(article, teen, f"Kommentar nummer {n}") for n in (1, 2)]
    ids = [slow.id] + [c.id for c in others]

    worker = start_worker(jobs.MINORS, KOMMENTAR_IT_MARKERS=str(markers))
    wait_for(
        lambda: (markers / f"started-{slow.id}").exists(),
        what="the slow job to start",
        logs=worker.log,
    )
    worker.kill()

    slow_task = tasks_of([slow.id])[0]
    conn = jobs.connection()
    job = Job.fetch(slow_task.job_id, connection=conn, serializer=JSONSerializer)
    assert job.get_status() is JobStatus.STARTED  # nobody told Redis the worker died
    assert outbox.sweep() == 0  # so it still looks alive: the sweeper must not run it twice
    assert not any(c.screened_at for c in comments_by_id(ids))

    # RQ calls a started job abandoned once its heartbeat lapses (its monitoring interval
    # + 60 s); the sweeper and every worker's maintenance clean that registry. Jump past it.
    StartedJobRegistry(jobs.MINORS, connection=conn, serializer=JSONSerializer).cleanup(
        timestamp=time.time() + 3600
    )
    requeued = outbox.sweep()
    assert requeued == (0 if retry_intervals else 1)

    replacement = start_worker(jobs.MINORS, KOMMENTAR_IT_MARKERS=str(markers))
    wait_for(lambda: all_screened(ids), what="every comment screened", logs=replacement.log)

    assert_held_and_unpublished(ids)
    wait_for(lambda: all_done(tasks_of(ids), ids), what="tasks done")
    assert tasks_of([slow.id])[0].last_error == "AbandonedJobError"


# -- a failing job is retried later, by the worker's own scheduler ---------------------------------


def test_a_failed_screening_is_retried_after_its_backoff(app, start_worker, tmp_path):
    app.config["JOB_RETRY_INTERVALS"] = (1,)  # seconds; RQ's scheduler enqueues it again
    markers = tmp_path / "markers"
    markers.mkdir()
    article = factories.make_article()
    teen = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    comment = factories.make_comment(article, teen, "Hei", CommentStatus.PENDING)
    jobs.defer(jobs.JobRef.to(slow_jobs.screen_comment_after_one_failure, jobs.MINORS), comment.id)
    db.session.commit()

    worker = start_worker(jobs.MINORS, KOMMENTAR_IT_MARKERS=str(markers))
    wait_for(lambda: all_screened([comment.id]), what="the retried screening", logs=worker.log)

    assert (markers / f"failed-{comment.id}").exists()  # it did fail once
    assert_held_and_unpublished([comment.id])
    (task,) = tasks_of([comment.id])
    assert task.attempts == 0  # RQ's retry, not the sweeper, brought it back


# -- Redis restarted between enqueue and processing -----------------------------------------------


def test_a_redis_restart_between_enqueue_and_processing_loses_no_held_comment(
    app, redis_server, start_worker, flask_command
):
    article = factories.make_article()
    teen = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    ids = [hold(article, teen, f"Hei fra meg, nummer {n}").id for n in range(3)]
    assert len(jobs.queue(jobs.MINORS).job_ids) == 3

    redis_server.restart()
    assert jobs.queue(jobs.MINORS).job_ids == []  # it kept nothing

    worker = start_worker()  # every queue
    swept = flask_command("queue", "sweep", SWEEP_GRACE_SECONDS="0")
    assert swept.returncode == 0, swept.stderr
    assert "re-enqueued 3 task(s)" in swept.stdout

    wait_for(lambda: all_screened(ids), what="every comment screened", logs=worker.log)
    assert_held_and_unpublished(ids)


# -- Redis down when the comment is posted --------------------------------------------------------


def test_posting_with_redis_down_succeeds_fast_and_the_workers_sweeper_catches_up(
    app, client, login, redis_server, start_worker
):
    article = factories.make_article()
    login("teen")
    token = token_of(client)
    redis_server.stop()

    started = time.monotonic()
    response = client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Skriv til ida@example.no"},
        headers={"X-CSRFToken": token},
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 201, response.text
    assert response.json["status"] == "pending"
    assert elapsed < 1.5
    comment_id = response.json["id"]
    (task,) = tasks_of([comment_id])
    assert task.state is TaskState.PENDING and task.attempts == 0
    # Pending comments stay hidden with the workers and Redis stopped.
    assert "ida@example.no" not in seen_by_anonymous(app, article)
    assert_held_and_unpublished([comment_id])

    redis_server.start()
    # No operator steps in: the worker's own periodic sweeper hands the task over.
    worker = start_worker(PERIODIC_INTERVAL_SECONDS="1", SWEEP_GRACE_SECONDS="0")
    wait_for(lambda: all_screened([comment_id]), what="the screening", logs=worker.log)

    assert_held_and_unpublished([comment_id])
    assert "ida@example.no" not in seen_by_anonymous(app, article)


# -- the worker's own housekeeping ---------------------------------------------------------------


def test_a_worker_runs_its_maintenance_every_interval_even_when_idle(app, start_worker):
    from app.jobs.schedule import LOCK_PREFIX

    lock = LOCK_PREFIX + "sweep-outbox"
    conn = jobs.connection()
    worker = start_worker(PERIODIC_INTERVAL_SECONDS="2")
    wait_for(lambda: conn.exists(lock), what="the first maintenance round", logs=worker.log)

    conn.delete(lock)  # as if the sweeper's interval had passed
    started = time.monotonic()
    wait_for(lambda: conn.exists(lock), timeout=10, what="the next round", logs=worker.log)

    # RQ alone would block 30 s for a job (worker_ttl 45 - 15) before looking again.
    assert time.monotonic() - started < 5


def test_work_horses_share_no_database_connection_with_their_worker(app, settings, start_worker):
    article = factories.make_article()
    teen = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    ids = [hold(article, teen, f"Kommentar {n}").id for n in range(12)]
    name = f"kommentar-it-{time.monotonic_ns()}"
    separator = "&" if "?" in settings["DATABASE_URL"] else "?"

    worker = start_worker(
        jobs.MINORS, DATABASE_URL=f"{settings['DATABASE_URL']}{separator}application_name={name}"
    )
    wait_for(lambda: all_screened(ids), what="every comment screened", logs=worker.log)
    wait_for(lambda: all_done(tasks_of(ids), ids), what="tasks done")

    assert "Traceback" not in worker.log()
    engine = create_engine(_sqlalchemy_url(settings["DATABASE_URL"]))
    with engine.connect() as conn:
        states = (
            conn.execute(
                text("SELECT state FROM pg_stat_activity WHERE application_name = :name"),
                {"name": name},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    # Each horse opened its own connection and closed it; the idle worker holds at most one.
    assert len(states) <= 1, states
    assert "idle in transaction" not in states


def test_a_work_horse_never_inherits_its_workers_database_connection(app):
    import signal

    from app.jobs.worker import build_worker

    worker_pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    db.session.commit()  # the connection goes back to the pool, where a fork would find it
    job = jobs.queue(jobs.MINORS).enqueue(slow_jobs.database_backend_pid)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        build_worker(app, [jobs.MINORS]).work(burst=True)  # forks a horse, in this process
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    horse_pid = job.latest_result().return_value
    assert horse_pid != worker_pid
    assert db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()  # still usable
