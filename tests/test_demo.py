"""The README's first command: the demo comes up on its embedded default with every role."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.helpers import free_port, shown

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_serves_threads_the_widget_and_the_facebook_stand_in(tmp_path):
    service, facebook, publisher = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MAIL_DIR": str(tmp_path / "mail"),
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.devtools.demo",
            "--port",
            str(service),
            "--facebook-port",
            str(facebook),
            "--publisher-port",
            str(publisher),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{service}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "the demo did not come up"
            time.sleep(0.3)
        thread = shown(requests.get(f"{base}/articles/skolemat", timeout=5))
        assert "Endelig!" in thread  # a seeded adult's comment
        assert "912 34 567" not in thread  # the seeded child's comment waits for a moderator
        login = requests.get(f"{base}/login/facebook", allow_redirects=True, timeout=5).text
        for persona in ("Ida", "Jonas", "Kari", "Sam", "Mona Moderator"):
            assert persona in login
        widget_host = requests.get(f"http://127.0.0.1:{publisher}/skolemat", timeout=5).text
        assert "/static/embed.js" in widget_host
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        process.stdout.close()
