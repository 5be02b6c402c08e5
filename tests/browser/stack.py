"""The whole service as production runs it, on this machine, for a real browser.

gunicorn (the service, on 127.0.0.1), an RQ worker (with Redis) or the embedded queue, the
Facebook stand-in, an SMTP sink and the demo newspaper served from ``localhost`` -- another
*site* than the service, so the widget is a third-party iframe, as on a publisher's page.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from app.config import DEFAULT_GRAPH_VERSION
from app.devtools import demo, fake_facebook
from tests.helpers import free_port

CLIENT_ID, CLIENT_SECRET = "kommentar-browser", "browser-secret"
MODERATOR_ID = "100000000000099"


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str


@dataclass
class Inbox:
    received: list[Mail] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's hook
        from email import policy
        from email.parser import BytesParser

        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        body = message.get_body(preferencelist=("plain",)).get_content()
        self.received.append(Mail(list(envelope.rcpt_tos), str(message["Subject"]), body))
        return "250 Message accepted"

    def wait_for(self, address: str, timeout: float = 20) -> Mail:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.received if address in m.to]
            if found:
                return found[-1]
            time.sleep(0.2)
        raise AssertionError(f"no mail reached {address}")


@dataclass
class Stack:
    service: str  # http://127.0.0.1:<port>
    newspaper: str  # http://localhost:<port>
    inbox: Inbox
    processes: list[subprocess.Popen]
    stoppers: list
    workdir: Path

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stop in self.stoppers:
            stop()


def _wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def start(project: Path, redis_url: str | None) -> Stack:
    from aiosmtpd.controller import Controller

    workdir = Path(tempfile.mkdtemp(prefix="kommentar-browser-"))
    stoppers = []
    facebook = fake_facebook.serve(fake_facebook.create_fake_facebook(CLIENT_ID, CLIENT_SECRET))
    stoppers.append(facebook.shutdown)
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    stoppers.append(controller.stop)

    port, paper_port = free_port(), free_port()
    service = f"http://127.0.0.1:{port}"
    newspaper = f"http://localhost:{paper_port}"
    paper = fake_facebook.serve(demo.publisher_site(service), host="127.0.0.1", port=paper_port)
    stoppers.append(paper.shutdown)

    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{workdir / 'kommentar.sqlite3'}",
        "FACEBOOK_CLIENT_ID": CLIENT_ID,
        "FACEBOOK_CLIENT_SECRET": CLIENT_SECRET,
        "FACEBOOK_DIALOG_URL": fake_facebook.dialog_url(facebook.url, DEFAULT_GRAPH_VERSION),
        "FACEBOOK_GRAPH_URL": fake_facebook.graph_url(facebook.url, DEFAULT_GRAPH_VERSION),
        "PUBLIC_URL": service,
        "EMBED_ORIGINS": newspaper,
        "MAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "RATELIMIT_ENABLED": "0",
        "UNDO_SECONDS": "1",
        "PYTHONPATH": str(project),
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # this test run's own Redis database
    else:
        env["EMBEDDED_WORKER"] = "1"
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    run = {"cwd": project, "env": env, "check": True, "capture_output": True}
    subprocess.run([*flask, "db", "upgrade"], **run)  # noqa: S603
    subprocess.run([*flask, "moderators", "add", MODERATOR_ID], **run)  # noqa: S603
    for key, title, _url in demo.DEMO_ARTICLES:
        subprocess.run(  # noqa: S603
            [*flask, "articles", "add", key, "--title", title, "--url", f"{newspaper}/{key}"],
            **run,
        )
    log = (workdir / "service.log").open("w")
    stoppers.append(log.close)  # after the processes that write it
    processes = [
        subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "8",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    ]
    if redis_url:
        processes.append(
            subprocess.Popen(  # noqa: S603
                [sys.executable, "worker.py"],
                cwd=project,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    if redis_url:
        import redis

        stoppers.append(lambda: redis.Redis.from_url(redis_url).flushdb())  # leave it clean
    stack = Stack(service, newspaper, inbox, processes, stoppers, workdir)
    try:
        _wait_http(f"{service}/healthz")
        _wait_http(f"{newspaper}/")
        for key, _title, _url in demo.DEMO_ARTICLES:  # warm up: first renders are slow
            _wait_http(f"{service}/embed/{key}")
    except RuntimeError:
        stack.stop()
        raise
    return stack
