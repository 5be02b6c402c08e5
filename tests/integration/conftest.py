"""The integration tier: real PostgreSQL, a real Redis server and real forking ``rq`` workers.

Every test here gets the PostgreSQL backend only (``TEST_DATABASE_URL``) and its own
``redis-server`` on a free port, which it may stop and restart (a restart loses everything:
``--save "" --appendonly no``), so faults never touch the shared ``TEST_REDIS_URL``.
Workers are started exactly as operators start them: ``python worker.py [queue ...]``.

Without TEST_DATABASE_URL and TEST_REDIS_URL these tests are skipped, unless
KOMMENTAR_REQUIRE_INTEGRATION is set: then the run fails (see tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from app.config import PROJECT_ROOT
from tests.helpers import free_port
from tests.integration.support import wait_for

HERE = Path(__file__).parent
# Debian's redis-tools ships the server binary as redis-check-rdb (it acts on its argv[0]).
REDIS_SERVER = shutil.which("redis-server") or shutil.which("redis-check-rdb")
HAVE_SERVICES = bool(os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="needs TEST_DATABASE_URL and TEST_REDIS_URL")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)
            if not HAVE_SERVICES and not os.environ.get("KOMMENTAR_REQUIRE_INTEGRATION"):
                item.add_marker(skip)


# -- a Redis server of the test's own ---------------------------------------------------------


class RedisServer:
    """``redis-server`` on a free port, keeping nothing on disk: a restart loses every job."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if REDIS_SERVER is None:
            pytest.fail("the fault tests need a redis-server binary (Debian: redis-tools)")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--save",
                "",
                "--appendonly",
                "no",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.workdir),
            ],
            executable=REDIS_SERVER,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_for(lambda: _pings(client), timeout=10, what="redis-server to start")
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


# -- the app under test: PostgreSQL + the test's own Redis ----------------------------------------


@pytest.fixture
def backend() -> str:
    """The integration tier runs on PostgreSQL only."""
    return "postgresql"


@pytest.fixture
def settings(settings, redis_server) -> dict:
    settings["REDIS_URL"] = redis_server.url
    return settings


def service_environment(settings: dict, **extra: str) -> dict[str, str]:
    """The environment a worker or ``flask`` command gets: the same database and Redis."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEST_", "KOMMENTAR_", "PYTEST_"))
    }
    env.update(
        APP_ENV="testing",
        DATABASE_URL=settings["DATABASE_URL"],
        REDIS_URL=settings["REDIS_URL"],
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


# -- real forking workers ---------------------------------------------------------------------


class WorkerProcess:
    """One ``python worker.py`` process, in its own process group, logging to a file."""

    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        log_path: Path,
        program: tuple[str, ...] = ("worker.py",),
    ) -> None:
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, *program, *args],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def children(self) -> list[int]:
        """Direct children: the work horse (own process group) and the scheduler."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def kill(self) -> None:
        """SIGKILL the worker, its scheduler and its work horse: nothing gets to clean up."""
        horses = self.children()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for pid in horses:  # the horse runs in a process group of its own
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill()
        self._log.close()


@pytest.fixture
def start_worker(settings, tmp_path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start ``python worker.py *queues`` against the test's database and Redis."""
    started: list[WorkerProcess] = []

    def start(*queues: str, program: tuple[str, ...] = ("worker.py",), **env: str) -> WorkerProcess:
        log_path = tmp_path / f"worker-{len(started) + 1}.log"
        environment = service_environment(settings, **env)
        worker = WorkerProcess(list(queues), environment, log_path, program)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def flask_command(settings) -> Callable[..., subprocess.CompletedProcess]:
    """Run ``flask --app wsgi ...`` as an operator would, against the test's services."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=PROJECT_ROOT,
            env=service_environment(settings, **env),
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


# -- the web tier: real gunicorn instances (issue 11: scale-out, restore) -----------------------


class WebProcess:
    """``gunicorn wsgi:app`` with the project's gunicorn.conf.py, on a free port of 127.0.0.1."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        env = {**env, "WEB_BIND": f"127.0.0.1:{self.port}"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_serving(self, timeout: float = 30) -> WebProcess:
        import requests

        def up() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}\n{self.log()}")
            try:
                return requests.get(f"{self.url}/healthz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_for(up, timeout=timeout, what=f"gunicorn on {self.url}", logs=self.log)
        return self

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


def web_environment(settings: dict, **extra: str) -> dict[str, str]:
    """What a web instance gets: the app's test settings (the fake Facebook included)."""
    return service_environment(
        settings,
        FACEBOOK_CLIENT_ID=settings["FACEBOOK_CLIENT_ID"],
        FACEBOOK_CLIENT_SECRET=settings["FACEBOOK_CLIENT_SECRET"],
        FACEBOOK_DIALOG_URL=settings["FACEBOOK_DIALOG_URL"],
        FACEBOOK_GRAPH_URL=settings["FACEBOOK_GRAPH_URL"],
        MAIL_DIR=settings["MAIL_DIR"],
        WEB_WORKERS="2",
        WEB_THREADS="2",
        **extra,
    )


@pytest.fixture
def start_web(settings, tmp_path) -> Iterator[Callable[..., WebProcess]]:
    """Start a gunicorn instance against the test's database and Redis."""
    started: list[WebProcess] = []

    def start(**env: str) -> WebProcess:
        web = WebProcess(web_environment(settings, **env), tmp_path / f"web-{len(started) + 1}.log")
        started.append(web)
        return web

    yield start
    for web in started:
        web.stop()
