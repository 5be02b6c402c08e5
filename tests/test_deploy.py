"""The deployment files say what the README promises: a worker per queue that restarts and
stops warm, gunicorn configured from the settings, one place for forwarded headers."""

from __future__ import annotations

import configparser
import runpy

import pytest

from app import jobs
from app.config import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"


def _seconds(value: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return int(value[:-1]) * units[value[-1]] if value[-1] in units else int(value)


def test_compose_runs_web_and_a_worker_per_queue_that_restart_and_stop_warm():
    yaml = pytest.importorskip("yaml")
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert {"postgres", "redis", "migrate", "web"} <= set(services)
    assert "gunicorn.conf.py" in services["web"]["command"]
    for queue in jobs.QUEUES:
        worker = services[f"worker-{queue}"]
        assert worker["command"] == ["python", "worker.py", queue]
        assert worker["restart"] == "unless-stopped"
        assert worker["stop_signal"] == "SIGTERM"
        assert _seconds(worker["stop_grace_period"]) > jobs.JOB_TIMEOUTS[queue]


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # keep systemd's key case
    unit.read_string((DEPLOY / "systemd" / name).read_text())
    return unit


def test_systemd_units_restart_and_give_the_longest_job_time_to_finish():
    worker = _unit("kommentar-worker@.service")["Service"]
    assert worker["ExecStart"].endswith("worker.py %i")
    assert worker["Restart"] == "always" and worker["KillSignal"] == "SIGTERM"
    assert worker["KillMode"] == "mixed"  # the signal to the worker; it lets its horse finish
    assert int(worker["TimeoutStopSec"]) > max(jobs.JOB_TIMEOUTS.values())
    web = _unit("kommentar-web.service")["Service"]
    assert web["Restart"] == "always"
    assert web["RestartPreventExitStatus"] == "3"  # the restore guard's refusal


def test_gunicorn_takes_its_numbers_from_the_settings_and_leaves_forwarding_to_the_app(
    monkeypatch,
):
    for name, value in {"WEB_WORKERS": "5", "WEB_THREADS": "3", "WEB_TIMEOUT_SECONDS": "20",
                        "WEB_BIND": "0.0.0.0:9000", "APP_ENV": "testing"}.items():
        monkeypatch.setenv(name, value)
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (5, 3, 20)
    assert conf["bind"] == "0.0.0.0:9000" and conf["worker_class"] == "gthread"
    assert conf["forwarded_allow_ips"] == "" and conf["secure_scheme_headers"] == {}
    assert conf["accesslog"] is None  # ours logs routes, never paths or addresses
    assert callable(conf["on_starting"]) and callable(conf["child_exit"])


def test_a_web_worker_takes_what_it_loaded_at_start_out_of_the_collectors_walks(monkeypatch):
    import gc

    monkeypatch.setenv("APP_ENV", "testing")
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    made_at_start = [object() for _ in range(3)]
    gc.unfreeze()
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
        assert not any(o is made_at_start for o in gc.get_objects())  # frozen: not walked
        assert made_at_start[0] is not None
    finally:
        gc.unfreeze()
