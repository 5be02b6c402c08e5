"""``python worker.py [queue ...]``: what an operator starts, and what it refuses."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rq import Worker
from rq.serializers import JSONSerializer

from app import jobs
from app.config import PROJECT_ROOT
from app.jobs.worker import WORKER_TTL, KommentarWorker, build_worker


def run_worker_script(*args: str, command: tuple[str, ...] = ("worker.py",), **env: str):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "KOMMENTAR_"))}
    environ.pop("REDIS_URL", None)
    environ.update(APP_ENV="testing", **env)
    return subprocess.run(
        [sys.executable, *command, *args],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_unknown_queue_is_refused_with_the_choices():
    result = run_worker_script("minors", "urgent")

    assert result.returncode == 2
    assert "unknown queue(s): urgent" in result.stderr
    assert "erasure, minors, default" in result.stderr


def test_an_installed_package_starts_the_same_worker_as_a_module():
    # A wheel has no worker.py: operators run ``python -m app.jobs.worker``.
    result = run_worker_script("minors", "urgent", command=("-m", "app.jobs.worker"))

    assert result.returncode == 2
    assert "unknown queue(s): urgent" in result.stderr
    assert "erasure, minors, default" in result.stderr


def test_without_redis_the_worker_explains_the_embedded_queue():
    result = run_worker_script()

    assert result.returncode == 2
    assert "REDIS_URL is not set" in result.stderr


@pytest.fixture
def redis_app(app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"  # no connection is made here
    return app


def test_with_no_queue_named_a_worker_serves_all_in_priority_order(redis_app):
    worker = build_worker(redis_app, list(jobs.QUEUES))

    assert isinstance(worker, KommentarWorker)
    assert worker.queue_names() == ["erasure", "minors", "default"]
    assert worker.serializer is JSONSerializer
    assert all(q.serializer is JSONSerializer for q in worker.queues)


def test_a_worker_can_be_dedicated_to_the_minors_queue(redis_app):
    worker = build_worker(redis_app, [jobs.MINORS])

    assert worker.queue_names() == ["minors"]
    assert worker.queues[0]._default_timeout == jobs.JOB_TIMEOUTS[jobs.MINORS]


def test_build_worker_refuses_unknown_queues(redis_app):
    with pytest.raises(ValueError, match="unknown queue"):
        build_worker(redis_app, ["urgent"])


def test_an_idle_worker_wakes_often_enough_for_every_maintenance_round(redis_app):
    worker = build_worker(redis_app, list(jobs.QUEUES))
    interval = redis_app.config["PERIODIC_INTERVAL_SECONDS"]

    assert worker.maintenance_interval == interval
    assert worker.worker_ttl == WORKER_TTL
    # RQ runs maintenance only between blocking waits for a job: with its own wait
    # (worker_ttl - 15 = 30 s) an idle worker would skip every other 30-second round.
    assert worker.dequeue_timeout <= interval / 2
    assert worker.connection_timeout > worker.dequeue_timeout  # the socket outlives the wait


def test_a_killed_workers_job_is_given_up_for_lost_in_seconds_not_minutes(redis_app):
    redis_app.config.update(WORKER_JOB_MONITORING_SECONDS=5, WORKER_HEARTBEAT_GRACE_SECONDS=10)
    worker = build_worker(redis_app, [jobs.MINORS])
    job = jobs.queue(jobs.MINORS).enqueue("app.jobs.moderation.screen_comment", 1)

    # RQ's own worker keeps a silent job "started" for its monitoring interval + 60 s.
    assert worker.job_monitoring_interval == 5
    assert worker.get_heartbeat_ttl(job) == 15


@pytest.mark.parametrize("where", ["periodic jobs", "registry cleanup"])
def test_sigterm_during_maintenance_stops_the_worker_warm(redis_app, monkeypatch, where):
    """An operator's SIGTERM that lands while the worker does its maintenance is a stop, not an
    outage to shrug off: the worker must not carry on (found by the wheel check in CI)."""
    from rq.exceptions import StopRequested

    from app.jobs import schedule

    def sigterm_now(*args, **kwargs):
        raise StopRequested()  # what RQ's signal handler raises in the main thread

    if where == "periodic jobs":
        monkeypatch.setattr(schedule, "run_due_periodic_jobs", sigterm_now)
    else:
        monkeypatch.setattr(Worker, "run_maintenance_tasks", sigterm_now)
    worker = build_worker(redis_app, [jobs.MINORS])

    with pytest.raises(StopRequested):
        worker.run_maintenance_tasks()
