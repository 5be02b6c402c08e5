"""An operator who forgets a setting finds out at once, not from a breach or a silent queue."""

from __future__ import annotations

import pytest
from rq import Worker

from app import create_app, jobs


@pytest.fixture
def app_without_app_env(monkeypatch, tmp_path):
    monkeypatch.delenv("APP_ENV", raising=False)
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}"})


def test_unset_app_env_serves_only_this_machine(app_without_app_env):
    browser = app_without_app_env.test_client()
    from_internet = browser.get("/privacy", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert from_internet.status_code == 403
    assert "APP_ENV" in from_internet.text  # the operator is told what to set
    through_a_proxy = browser.get(
        "/privacy", environ_base={"REMOTE_ADDR": "127.0.0.1"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert through_a_proxy.status_code == 403
    on_the_laptop = browser.get("/privacy", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert on_the_laptop.status_code == 200


def test_a_chosen_development_env_serves_as_before(client):
    assert client.get("/privacy", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 200


def test_health_reports_a_queue_without_workers_as_degraded(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200  # alive: the database answers
    assert response.get_json()["queue"] == "degraded"
    worker = Worker([jobs.queue(jobs.DEFAULT)], connection=jobs.connection())
    worker.register_birth()
    try:
        assert client.get("/healthz").get_json()["queue"] == "ok"
    finally:
        worker.register_death()
