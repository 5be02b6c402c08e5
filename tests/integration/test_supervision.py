"""Workers are supervised: they outlive Redis and database outages and carry on, their
scheduler never outlives them, a killed worker's job is back in seconds, and SIGTERM lets
the running job finish. Real ``python worker.py`` processes, a redis-server of the test's
own (stopped and started again) and PostgreSQL behind a TCP proxy the test can cut.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import rq
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from app import jobs
from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus
from tests import factories
from tests.helpers import free_port
from tests.integration import signal_at, slow_jobs
from tests.integration.support import wait_for
from tests.integration.test_worker_faults import (
    all_screened,
    assert_held_and_unpublished,
    hold,
    tasks_of,
)

pytestmark = pytest.mark.integration

QUICK = {
    "PERIODIC_INTERVAL_SECONDS": "1",
    "WORKER_JOB_MONITORING_SECONDS": "1",
    "WORKER_HEARTBEAT_GRACE_SECONDS": "2",
    "WORKER_MAX_BACKOFF_SECONDS": "2",
    "JOB_RETRY_INTERVALS": "1,1,1,1,1,1,1,1,1,1",
}
GAVE_UP = ("unhandled exception, quitting", "Redis connection timeout, quitting", "Traceback")


def assert_never_gave_up(worker) -> None:
    assert worker.process.poll() is None, worker.log()  # still running
    for line in GAVE_UP:
        assert line not in worker.log(), worker.log()


# -- Redis goes away and comes back -------------------------------------------------------------


def test_a_worker_outlives_a_redis_outage_and_carries_on(app, redis_server, start_worker):
    article = factories.make_article()
    teen = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    worker = start_worker(jobs.MINORS, **QUICK)
    before = hold(article, teen, "Før Redis forsvant").id
    wait_for(lambda: all_screened([before]), what="the first screening", logs=worker.log)

    redis_server.stop()
    time.sleep(4)  # a few rounds of maintenance, heartbeats and dequeues against nothing
    assert worker.process.poll() is None, worker.log()
    redis_server.start()  # empty: it keeps nothing

    after = hold(article, teen, "Etter at Redis kom tilbake").id
    wait_for(lambda: all_screened([after]), timeout=30, what="screening after the outage",
             logs=worker.log)
    assert_held_and_unpublished([before, after])
    assert_never_gave_up(worker)
    assert "reaching Redis failed (ConnectionError)" in worker.log() or (
        "could not connect to Redis" in worker.log()
    )


def test_a_worker_started_while_redis_is_down_waits_for_it(app, redis_server, start_worker):
    redis_server.stop()
    worker = start_worker(jobs.MINORS, **QUICK)
    time.sleep(3)
    assert worker.process.poll() is None, worker.log()  # waiting, not exited
    redis_server.start()
    comment = hold(factories.make_article(), factories.make_user(AgeClass.UNDER_16_PRESUMED),
                   "Hei").id
    wait_for(lambda: all_screened([comment]), timeout=30, what="the screening", logs=worker.log)


# -- the database goes away and comes back ------------------------------------------------------


class TcpProxy:
    """127.0.0.1:<port> → PostgreSQL; ``cut()`` drops every connection and refuses new ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.links: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(OSError):  # wakes the accepting thread (Linux)
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.links:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.links.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.links += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)


def through(proxy: TcpProxy, url: str) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username}@127.0.0.1:{proxy.port}" if parts.username else (
        f"127.0.0.1:{proxy.port}"
    )
    return urlunsplit(parts._replace(netloc=netloc))


def test_a_worker_outlives_a_database_outage_and_carries_on(app, settings, start_worker):
    parts = urlsplit(settings["DATABASE_URL"])
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    proxy.start()
    # Jobs failing during the outage use up their retries; the worker's own sweeper hands
    # them over again once the database is back.
    worker = start_worker(jobs.MINORS, jobs.DEFAULT,
                          DATABASE_URL=through(proxy, settings["DATABASE_URL"]),
                          SWEEP_INTERVAL_SECONDS="2", SWEEP_GRACE_SECONDS="0", **QUICK)
    article = factories.make_article()
    teen = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    first = hold(article, teen, "Før databasen forsvant").id
    wait_for(lambda: all_screened([first]), what="the first screening", logs=worker.log)

    proxy.cut()  # the database is unreachable for the worker (not for the test)
    during = hold(article, teen, "Mens databasen var borte").id
    time.sleep(3)  # its job fails and is retried; maintenance fails too
    assert worker.process.poll() is None, worker.log()
    assert not all_screened([during])
    proxy.start()

    wait_for(lambda: all_screened([during]), timeout=40, what="screening after the outage",
             logs=worker.log)
    assert_held_and_unpublished([first, during])
    assert worker.process.poll() is None
    assert "unhandled exception, quitting" not in worker.log()
    proxy.cut()


# -- a worker's scheduler dies with it ----------------------------------------------------------


def test_no_scheduler_outlives_its_worker_holding_the_lock(app, start_worker):
    conn = jobs.connection()
    lock = f"rq:scheduler-lock:{jobs.MINORS}"
    worker = start_worker(jobs.MINORS, **QUICK)
    wait_for(lambda: conn.exists(lock) and worker.children(), what="the scheduler to start",
             logs=worker.log)
    (scheduler,) = worker.children()

    os.kill(worker.process.pid, signal.SIGKILL)  # the worker alone, as the OOM killer would
    worker.process.wait(timeout=10)

    wait_for(lambda: not _alive(scheduler), timeout=10, what="the orphaned scheduler to stop")
    wait_for(lambda: not conn.exists(lock), timeout=10, what="the scheduler lock released")
    successor = start_worker(jobs.MINORS, **QUICK)
    wait_for(lambda: conn.exists(lock), timeout=15, what="a new scheduler", logs=successor.log)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# -- a killed worker's job is taken back in seconds; SIGTERM lets a job finish ----------------


def slow_held_comment(tmp_path) -> tuple[Comment, object]:
    markers = tmp_path / "markers"
    markers.mkdir(exist_ok=True)
    article = factories.make_article()
    teen = factories.make_user(AgeClass.UNDER_16_PRESUMED)
    comment = factories.make_comment(article, teen, "Jeg bor i Storgata 5", CommentStatus.PENDING)
    jobs.defer(jobs.JobRef.to(slow_jobs.screen_comment_slowly, jobs.MINORS), comment.id)
    db.session.commit()
    return comment, markers


def test_a_killed_workers_job_is_picked_up_by_another_within_seconds(app, tmp_path, start_worker):
    comment, markers = slow_held_comment(tmp_path)
    env = dict(QUICK, KOMMENTAR_IT_MARKERS=str(markers), SWEEP_INTERVAL_SECONDS="3600")
    doomed = start_worker(jobs.MINORS, **env)
    wait_for(lambda: (markers / f"started-{comment.id}").exists(), what="the slow job to start",
             logs=doomed.log)
    other = start_worker(jobs.MINORS, **env)

    killed_at = time.monotonic()
    doomed.kill()  # SIGKILL: nobody tells Redis
    wait_for(lambda: all_screened([comment.id]), timeout=30, what="the job taken back",
             logs=other.log)
    taken_back = time.monotonic() - killed_at

    assert taken_back < 15, taken_back  # RQ's default leaves it "started" for ~90 s
    assert_held_and_unpublished([comment.id])
    print(f"killed worker's job screened again after {taken_back:.1f} s")


def test_sigterm_lets_the_running_job_finish(app, tmp_path, start_worker):
    comment, markers = slow_held_comment(tmp_path)
    worker = start_worker(jobs.MINORS, **QUICK, KOMMENTAR_IT_MARKERS=str(markers),
                          KOMMENTAR_IT_SLOW_SECONDS="4")
    wait_for(lambda: (markers / f"started-{comment.id}").exists(), what="the slow job to start",
             logs=worker.log)

    worker.process.send_signal(signal.SIGTERM)  # systemd's and Docker's stop
    assert worker.process.wait(timeout=30) == 0, worker.log()

    assert all_screened([comment.id]), worker.log()  # it finished before the worker left
    (task,) = tasks_of([comment.id])
    job = Job.fetch(task.job_id, connection=jobs.connection(), serializer=JSONSerializer)
    assert job.get_status() is JobStatus.FINISHED
    assert "warm shut down requested" in worker.log()


@pytest.mark.parametrize("moment", signal_at.MOMENTS)
def test_sigterm_at_any_moment_of_an_idle_workers_life_stops_it_warm(app, start_worker, moment):
    """systemd's or Docker's stop may land while the worker registers, starts its scheduler,
    does maintenance or waits for a job: each time it leaves at once, cleanly, and never
    needs the second signal (a cold stop). Found by CI's wheel check: a stop that landed
    before RQ installed its handlers was lost and the worker ran on."""
    worker = start_worker(jobs.MINORS, program=("-m", "tests.integration.signal_at", moment),
                          **QUICK)

    try:
        code = worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the worker ignored SIGTERM at {moment!r}:\n{worker.log()}")

    assert code == 0, worker.log()
    assert "cold shut down" not in worker.log()
    assert "Traceback" not in worker.log(), worker.log()
    assert not rq.Worker.all(connection=jobs.connection()), "the worker left its registration"
