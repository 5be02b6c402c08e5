"""The RQ workers Kommentar runs: every job in its own app context, periodic jobs in maintenance.

``python -m app.jobs.worker [queue ...]`` (or ``python worker.py`` in a source checkout) starts
one. With no queue named it serves every queue in priority order (erasure, minors, default), so
operators can also dedicate workers: ``python -m app.jobs.worker minors``. The worker forks a
work horse per job, retries failed jobs on schedule (RQ's scheduler) and, in its maintenance
rounds, enqueues the due periodic jobs (the outbox sweeper among them).

Supervision (issue 11): a worker outlives Redis and database outages — it logs the outage
(the exception's class), backs off and carries on, and only SIGTERM/SIGINT end it (warm:
the running job finishes first; a second signal is a cold stop). Its scheduler process
stops when the worker is gone, releasing RQ's scheduler lock, and a killed worker's job is
taken back within seconds (``WORKER_JOB_MONITORING_SECONDS`` + ``..._GRACE_SECONDS``).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from typing import Any

import redis
from flask import Flask
from rq import Worker
from rq.exceptions import StopRequested
from rq.scheduler import RQScheduler
from rq.serializers import JSONSerializer
from rq.worker import WorkerStatus

from app import create_app, jobs
from app.extensions import db
from app.jobs.moderation import warm_up
from app.jobs.spare import SpareConnection, forget_inherited

log = logging.getLogger(__name__)

SCHEDULER_STOP_SECONDS = 10  # a scheduler has this long to stop on SIGTERM, then it is killed
WORKER_TTL = 45  # seconds; RQ waits up to WORKER_TTL - 15 s for a job (see dequeue_timeout)


def withheld_traceback(exc_type: Any, exc_value: Any, tb: Any) -> str:
    """A failure's stack and exception classes, without any message."""
    frames = "".join(traceback.format_list(traceback.extract_tb(tb)))
    names: list[str] = []
    cause = exc_value
    while cause is not None and len(names) < 5:
        names.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    chain = " <- ".join(names) or getattr(exc_type, "__name__", "Exception")
    return f"Traceback (most recent call last):\n{frames}{chain} (message withheld)"


class AppContextJobs:
    """Run each job inside a fresh app context, so it gets a clean database session.

    RQ's callbacks (the outbox's ``mark_task_done`` / ``note_task_failure``) run inside
    ``perform_job`` too, so they share that context.
    """

    app: Flask
    log: logging.Logger  # RQ's worker provides it
    _withheld_failure: str | None

    def perform_job(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> bool:
        with self.app.app_context():
            try:
                return super().perform_job(job, queue, *args, **kwargs)  # type: ignore[misc]
            finally:
                db.session.remove()

    def handle_exception(self, job: Any, *exc_info: Any) -> None:
        # RQ would log the whole traceback, message included, and keep it in Redis with the
        # failed job; a message may quote personal data (SQLAlchemy puts a statement's
        # parameters in its own). Keep the stack and the exception's class only.
        self._withheld_failure = withheld_traceback(*exc_info)
        self.log.error("job %s failed\n%s", job.id, self._withheld_failure)
        for handler in reversed(self._exc_handlers):  # type: ignore[attr-defined]
            if handler(job, *exc_info) is False:  # RQ's rule: False stops the chain
                break

    def handle_job_failure(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> None:
        withheld = getattr(self, "_withheld_failure", None)
        if withheld:
            kwargs["exc_string"] = withheld
            self._withheld_failure = None
        super().handle_job_failure(job, queue, *args, **kwargs)  # type: ignore[misc]

    def run_maintenance_tasks(self) -> None:
        # Cleaning the registries runs the outbox's failure callback for an abandoned job.
        # Redis or the database being away must not end the worker: the next round retries.
        with self.app.app_context():
            try:
                super().run_maintenance_tasks()  # type: ignore[misc]
            except StopRequested:
                raise  # SIGTERM arrived meanwhile: a warm stop, not an outage
            except Exception as exc:  # noqa: BLE001 - an outage; the class is enough
                log.warning("maintenance skipped: %s; retrying next round", type(exc).__name__)
                self.last_cleaned_at = _utcnow()
            finally:
                db.session.remove()


def _utcnow() -> Any:
    from rq.utils import now

    return now()


def _die_with_parent() -> None:
    """Linux: have the kernel send SIGTERM to this process when its parent dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent check below still holds
        pass


class KommentarScheduler(RQScheduler):
    """RQ's scheduler process, which stops (releasing its lock) as soon as its worker is gone.

    RQ's own keeps running after its worker is SIGKILLed, holding the scheduler lock and
    refreshing it forever, so no other worker's scheduler could take over.
    """

    def work(self) -> None:
        parent = os.getppid()
        _die_with_parent()
        forget_inherited()  # the next horse's database connection is not the scheduler's
        self._install_signal_handlers()
        self.register_birth()
        wait = 1.0
        while True:
            if self._stop_requested or os.getppid() != parent:
                with contextlib.suppress(*jobs.REDIS_FAILURES):
                    self.stop()
                break
            try:
                if self.should_reacquire_locks:
                    self.acquire_locks()
                self.heartbeat()
                self.enqueue_scheduled_jobs()
                wait = 1.0
            except jobs.REDIS_FAILURES as exc:  # Redis is away: wait for it, don't die
                log.warning("scheduler: Redis unavailable (%s)", type(exc).__name__)
                time.sleep(wait)
                wait = min(wait * 2, 30.0)
                continue
            time.sleep(self.interval)


class KommentarWorker(AppContextJobs, Worker):
    """A forking RQ worker that also enqueues due periodic jobs (sweeper, retention)."""

    def __init__(self, queues: Sequence[Any], *, app: Flask, **kwargs: Any) -> None:
        super().__init__(queues, **kwargs)
        self.app = app
        self.shutdown_requested = False
        self.heartbeat_grace = int(app.config["WORKER_HEARTBEAT_GRACE_SECONDS"])
        self.max_backoff = float(app.config["WORKER_MAX_BACKOFF_SECONDS"])
        self._outage_wait = 1.0
        self._looping = False
        with app.app_context():
            self.spare = SpareConnection.for_engine(
                db.engine,
                app.config["DB_PING_AFTER_IDLE"],
                (app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}).get("connect_args"),
            )

    # -- supervision ------------------------------------------------------------------------

    def request_stop(self, signum: Any, frame: Any) -> None:
        self.shutdown_requested = True  # warm: RQ lets the running job finish
        super().request_stop(signum, frame)

    def _shutdown(self) -> None:
        # RQ raises StopRequested from the signal handler when no job runs, wherever the main
        # thread happens to be. Before the work loop has begun (registering, starting the
        # scheduler) nothing would catch it, so there the loop's first round stops instead.
        if not self._looping:
            self._stop_requested = True
            return
        super()._shutdown()

    def _stop_if_asked(self) -> None:
        # A StopRequested raised mid-call may have been swallowed on the way (by a library's
        # own error handling): the flag is the truth, checked at every turn of the loops.
        if self.shutdown_requested and self.get_state() != WorkerStatus.BUSY:
            raise StopRequested()

    def _outage(self, what: str, exc: BaseException) -> None:
        log.warning(
            "worker %s: %s failed (%s); retrying in %.0f s",
            self.name,
            what,
            type(exc).__name__,
            self._outage_wait,
        )
        time.sleep(self._outage_wait)
        self._outage_wait = min(self._outage_wait * 2, self.max_backoff)

    def check_for_suspension(self, burst: bool) -> None:
        self._looping = True  # the first statement of RQ's work loop
        try:
            super().check_for_suspension(burst)
            self._outage_wait = 1.0
        except jobs.REDIS_FAILURES as exc:
            self._outage("reaching Redis", exc)

    def execute_job(self, job: Any, queue: Any) -> None:
        try:
            super().execute_job(job, queue)
        except jobs.REDIS_FAILURES as exc:
            # Redis went away while the horse worked: let it finish; RQ and the sweeper
            # take the job back (or see it done) once Redis returns.
            if self.horse_pid:
                self.wait_for_horse()
                self._horse_pid = 0
            self._outage(f"job {job.id}", exc)

    def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
        if pipeline is None and self._looping:
            self._stop_if_asked()  # every turn of RQ's wait for a job begins here
        try:
            super().heartbeat(timeout, pipeline)
        except jobs.REDIS_FAILURES:
            if pipeline is not None:
                raise
            # Redis is away: the dequeue that follows waits for it with backoff (RQ's own).

    def teardown(self) -> None:
        if self.spare is not None:
            self.spare.close()
        try:
            super().teardown()
        except jobs.REDIS_FAILURES as exc:  # stopping while Redis is away: nothing to tidy
            log.warning("worker %s: could not deregister (%s)", self.name, type(exc).__name__)

    def _start_scheduler(self, burst: bool = False, logging_level: Any = "INFO", *a: Any) -> None:
        if self.shutdown_requested:  # stopped while registering: no scheduler to start
            return
        self.scheduler = KommentarScheduler(
            self.queues,
            connection=self.connection,
            logging_level=logging_level if logging_level is not None else self.log.level,
            serializer=self.serializer,
        )
        try:
            self.scheduler.acquire_locks()
            if self.scheduler.acquired_locks and burst:
                try:
                    self.scheduler.enqueue_scheduled_jobs()
                finally:
                    self.scheduler.release_locks()
            elif self.scheduler.acquired_locks:
                self.scheduler.start()
        except jobs.REDIS_FAILURES as exc:  # maintenance starts it once Redis is back
            log.warning("scheduler not started yet (%s)", type(exc).__name__)

    def stop_scheduler(self) -> None:
        # RQ sends one SIGTERM and waits forever. A scheduler forked a moment ago still runs
        # the worker's handlers (which ignore a repeat within a second) until it installs its
        # own, so that one signal can be lost: repeat it, and as a last resort kill the process
        # and release its lock from here (the lock was taken here, before the fork).
        process = self.scheduler._process if self.scheduler else None
        if process is None or not process.pid:
            return
        deadline = time.monotonic() + SCHEDULER_STOP_SECONDS
        while process.is_alive() and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGTERM)
            process.join(0.5)
        if process.is_alive():
            log.warning("scheduler %s did not stop on SIGTERM: killed", process.pid)
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGKILL)
            process.join(5)
            with contextlib.suppress(*jobs.REDIS_FAILURES):
                self.scheduler.release_locks()

    def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
        # RQ adds 60 s to the monitoring interval: a killed worker's job would sit "started"
        # for a minute and a half. A short grace lets the registry cleanup take it back fast.
        interval = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            interval = min(job.timeout - working_time, interval)
        return int(interval) + self.heartbeat_grace

    @property
    def dequeue_timeout(self) -> int:
        # RQ blocks for a job for worker_ttl - 15 s and runs maintenance only between waits;
        # wake at least twice per maintenance interval so maintenance (and so the periodic
        # jobs) runs every interval rather than every other one.
        return max(1, min(self.worker_ttl - 15, int(self.maintenance_interval) // 2))

    def run_maintenance_tasks(self) -> None:
        from app.jobs.schedule import run_due_periodic_jobs

        self._stop_if_asked()
        super().run_maintenance_tasks()
        self._stop_if_asked()
        with self.app.app_context():
            try:
                run_due_periodic_jobs(by=self.name)
            except StopRequested:
                raise  # SIGTERM arrived meanwhile: the worker stops warm, as asked
            except Exception:  # a periodic job must never stop the worker
                log.exception("periodic jobs could not be enqueued")
            finally:
                db.session.remove()
        self._stop_if_asked()

    def fork_work_horse(self, job: Any, queue: Any) -> None:
        # The horse must not share the parent's database sockets: close them here. The horse
        # takes the spare opened for it (app/jobs/spare.py) and connects anew for any other.
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        if self.spare is not None:
            self.spare.before_fork()
        super().fork_work_horse(job, queue)  # the horse never returns from it
        if self.spare is not None:
            self.spare.handed_over()
            self.spare.open()  # the next horse's, while this one works

    def main_work_horse(self, job: Any, queue: Any) -> None:
        if self.spare is not None:
            self.spare.adopt()
        super().main_work_horse(job, queue)

    def perform_job(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().perform_job(job, queue, *args, **kwargs)
        finally:
            if getattr(self, "_is_horse", False):  # close the horse's connections cleanly
                with self.app.app_context():
                    db.engine.dispose()
                if self.spare is not None:  # a job that never used the database
                    self.spare.close()


def worker_connection(url: str) -> redis.Redis:
    """The worker's own Redis client (RQ sets a socket timeout longer than its blocking pop)."""
    return redis.Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)


def build_worker(app: Flask, queue_names: Sequence[str]) -> KommentarWorker:
    """A worker for ``queue_names`` (in that priority order) on the app's ``REDIS_URL``."""
    unknown = [name for name in queue_names if name not in jobs.QUEUES]
    if unknown:
        raise ValueError(f"unknown queue(s): {', '.join(unknown)}")
    connection = worker_connection(app.config["REDIS_URL"])
    return KommentarWorker(
        [jobs.queue(name, connection) for name in queue_names],
        app=app,
        connection=connection,
        serializer=JSONSerializer,
        worker_ttl=WORKER_TTL,
        job_monitoring_interval=app.config["WORKER_JOB_MONITORING_SECONDS"],
        maintenance_interval=app.config["PERIODIC_INTERVAL_SECONDS"],
    )


def run_supervised(app: Flask, queue_names: Sequence[str]) -> int:
    """Work until SIGTERM/SIGINT, whatever Redis and the database do in the meantime.

    RQ's work loop ends on some failures ("unhandled exception, quitting", a Redis timeout)
    and cannot start while Redis is down; here a fresh worker starts again after a backoff.
    """
    stop = {"requested": False}

    def _stop(signum: Any, frame: Any) -> None:
        stop["requested"] = True

    wait = 1.0
    max_wait = float(app.config["WORKER_MAX_BACKOFF_SECONDS"])
    while True:
        for sig in (signal.SIGTERM, signal.SIGINT):  # until RQ installs its own (warm stop)
            signal.signal(sig, _stop)
        started = time.monotonic()
        worker = None
        try:
            worker = build_worker(app, queue_names)
            for sig in (signal.SIGTERM, signal.SIGINT):  # from here on, the worker's warm stop
                signal.signal(sig, worker.request_stop)
            if not stop["requested"]:
                worker.work(with_scheduler=True, logging_level=app.config["LOG_LEVEL"])
        except jobs.REDIS_FAILURES as exc:
            log.warning("worker could not reach Redis (%s)", type(exc).__name__)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, _stop)
        if stop["requested"] or (worker is not None and worker.shutdown_requested):
            return 0
        if time.monotonic() - started > 60:
            wait = 1.0  # it ran for a while: this is a new outage
        log.warning("worker restarting in %.0f s", wait)
        deadline = time.monotonic() + wait
        while not stop["requested"] and time.monotonic() < deadline:
            time.sleep(0.2)
        if stop["requested"]:
            return 0
        wait = min(wait * 2, max_wait)


def main(argv: list[str]) -> int:
    """Serve the named queues (all of them when none is named) until stopped."""
    names = list(dict.fromkeys(argv)) or list(jobs.QUEUES)
    unknown = [name for name in names if name not in jobs.QUEUES]
    if unknown:
        print(
            f"unknown queue(s): {', '.join(unknown)}; choose from {', '.join(jobs.QUEUES)}",
            file=sys.stderr,
        )
        return 2
    app = create_app({"EMBEDDED_WORKER": False})
    if not app.config.get("REDIS_URL"):
        print(
            "REDIS_URL is not set: the embedded queue runs inside the web process instead.",
            file=sys.stderr,
        )
        return 2
    with app.app_context():
        warm_up()  # imports and compiled patterns, inherited by every forked job
        return run_supervised(app, names)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
