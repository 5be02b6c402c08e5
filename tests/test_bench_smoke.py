"""The bench runs end to end in quick mode, so it does not rot between real runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.bench
def test_quick_bench_writes_its_table(tmp_path):
    env_free = {
        k: v
        for k, v in __import__("os").environ.items()
        if not k.startswith(("BENCH_", "DATABASE_URL", "REDIS_URL", "APP_ENV"))
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--no-isso",
            "--no-plot",
            "--seconds",
            "0.2",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env_free,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = (tmp_path / "latest.md").read_text()
    for row in (
        "| ceiling |",
        "| anonymous JSON, cached |",
        "| logged-in JSON |",
        "| posting (API) |",
        "first page, logged-in JSON",
        "web worker RSS",
    ):
        assert row in table
    assert "answers {" not in table  # every request was answered 2xx/3xx
