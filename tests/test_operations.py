"""What an operator sees: /readyz, /metrics, request logs and the queue page — and what
none of them ever shows: a reader's name, address, comment, codes or a job's arguments."""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta

import pytest
from rq import Worker

from app import clock, jobs
from app.extensions import db
from app.models import AgeClass, GuardianCase, GuardianCaseState, ModeratorScope
from app.ops.requestlog import JsonFormatter
from tests.helpers import shown
from tests.test_moderation_support import hold_comment, make_moderator

SECRET_TOKEN = "s3cret-metrics-token"


def a_worker_serving(app, *queue_names: str) -> Worker:
    """A worker that has registered and beaten, the way ``python worker.py`` does."""
    conn = jobs.connection()
    worker = Worker([jobs.queue(n, conn) for n in queue_names], connection=conn)
    worker.register_birth()
    worker.heartbeat()
    return worker


def teen_waits(make_user, make_article, text="Ring meg på 912 34 567"):
    """A child's held comment, its screening job waiting on the ``minors`` queue."""
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Ida Ungdom")
    comment = hold_comment(make_article(), child, text)
    jobs.queue(jobs.MINORS).enqueue("app.jobs.moderation.screen_comment", comment.id)
    return comment


# -- /readyz ----------------------------------------------------------------------------------


def test_readyz_is_not_ready_while_a_queue_has_no_worker(client):
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json["database"] == "ok" and answer.json["redis"] == "ok"
    assert answer.json["queues"]["minors"]["status"] == "no worker seen recently"


def test_readyz_is_ready_when_every_queue_has_a_live_worker(app, client):
    a_worker_serving(app, jobs.MINORS)
    a_worker_serving(app, jobs.ERASURE, jobs.DEFAULT)
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "ready"
    assert answer.json["queues"]["erasure"]["workers"] == 1


def test_readyz_reports_a_queue_whose_oldest_job_waited_too_long(app, client, make_user,
                                                                 make_article):
    for name in jobs.QUEUES:
        a_worker_serving(app, name)
    teen_waits(make_user, make_article)  # a screening job waits on "minors"
    app.config["READY_QUEUE_LAG_SECONDS"] = -1
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json["queues"]["minors"]["status"] == "lagging"
    assert answer.json["queues"]["minors"]["queued"] >= 1


def test_readyz_says_redis_is_down_without_failing_the_request(app, client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis at 10.0.0.7 refused")

    monkeypatch.setattr("app.services.operations.queue_states", down)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json["redis"] == "unavailable (ConnectionError)"
    assert "10.0.0.7" not in answer.text


# -- /metrics ---------------------------------------------------------------------------------


def metric(text: str, name: str, **labels: str) -> float:
    """One sample's value from the Prometheus text format (labels in any order)."""
    for line in text.splitlines():
        series, _, value = line.rpartition(" ")
        metric_name, _, label_text = series.partition("{")
        found = dict(re.findall(r'(\w+)="([^"]*)"', label_text))
        if metric_name == name and found == labels:
            return float(value)
    raise AssertionError(f"{name} {labels} not in the metrics")


def test_metrics_show_the_backlogs_an_operator_alerts_on(app, client, make_user, make_article):
    teen_waits(make_user, make_article)
    case = GuardianCase(
        reference="ABCD1234",
        state=GuardianCaseState.OPEN,
        child_name="Ida Ungdom",
        confirmed_at=clock.now() - timedelta(hours=app.config["GUARDIAN_OVERDUE_HOURS"] + 1),
    )
    db.session.add(case)
    db.session.commit()

    text = shown(client.get("/metrics"))

    assert metric(text, "kommentar_held_comments") == 1
    assert metric(text, "kommentar_held_comment_oldest_age_seconds") >= 0
    assert metric(text, "kommentar_guardian_cases_overdue") == 1
    assert metric(text, "kommentar_erasures_open") >= 0
    assert metric(text, "kommentar_outbox_pending") >= 0
    assert metric(text, "kommentar_mail_failed") == 0
    assert metric(text, "kommentar_queue_jobs", queue="minors", state="queued") >= 1
    assert metric(text, "kommentar_queue_oldest_job_age_seconds", queue="minors") >= 0
    assert metric(text, "kommentar_queue_worker_seen_seconds", queue="minors") == -1
    assert "Ida" not in text and "912 34 567" not in text and "ABCD1234" not in text


def test_request_latency_is_labelled_by_route_never_by_path(client, make_article):
    article = make_article(key="valg-2027-bergen")
    client.get(f"/articles/{article.key}")
    client.get("/deletion/0123456789abcdef0123?token=hemmelig")
    client.get("/no/such/page")

    text = shown(client.get("/metrics"))

    assert metric(
        text, "kommentar_request_duration_seconds_count",
        route="/articles/<key>", method="GET", status="2xx",
    ) == 1
    assert 'route="/deletion/<code>"' in text
    assert 'route="<unmatched>"' in text
    for leaked in ("valg-2027-bergen", "0123456789abcdef0123", "hemmelig", "/no/such/page"):
        assert leaked not in text


def test_metrics_refuse_strangers_and_answer_the_token_or_an_allowed_network(app, client):
    app.config["METRICS_ALLOW"] = ("10.20.0.0/16",)
    app.config["METRICS_TOKEN"] = SECRET_TOKEN
    assert client.get("/metrics").status_code == 403  # 127.0.0.1 is not allowed now
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 403
    right = client.get("/metrics", headers={"Authorization": f"Bearer {SECRET_TOKEN}"})
    assert right.status_code == 200 and "kommentar_held_comments" in right.text
    prometheus = client.get("/metrics", environ_overrides={"REMOTE_ADDR": "10.20.3.4"})
    assert prometheus.status_code == 200


# -- structured logs --------------------------------------------------------------------------


def test_every_response_carries_a_request_id_and_honours_the_proxys(client):
    made = client.get("/privacy").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    given = client.get("/privacy", headers={"X-Request-ID": "edge-7f3a9c21"})
    assert given.headers["X-Request-ID"] == "edge-7f3a9c21"
    forged = client.get("/privacy", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert forged.headers["X-Request-ID"] != "<script>alert(1)</script>"


def test_access_lines_in_json_name_the_route_and_never_the_reader(
    app, client, login, make_user, make_article, caplog
):
    reader = make_user(AgeClass.ADULT, name="Kari Nordmann")
    article = make_article(key="skole-lunsj")
    login(reader)
    caplog.set_level(logging.INFO, logger="kommentar.access")
    client.get(
        f"/articles/{article.key}?token=hemmelig",
        headers={"X-Request-ID": "req-12345678", "X-Forwarded-For": "198.51.100.7"},
        environ_overrides={"REMOTE_ADDR": "203.0.113.9"},
    )

    (record,) = [
        r for r in caplog.records if r.name == "kommentar.access" and r.route == "/articles/<key>"
    ]
    line = json.loads(JsonFormatter().format(record))

    assert line["request_id"] == "req-12345678"
    assert line["route"] == "/articles/<key>"
    assert line["status"] == 200 and line["method"] == "GET"
    assert line["duration_ms"] >= 0
    raw = json.dumps(line)
    for personal in ("Kari", "203.0.113.9", "198.51.100.7", "hemmelig", "skole-lunsj",
                     reader.facebook_id):
        assert personal not in raw


def test_json_logs_are_chosen_by_a_setting(settings):
    from app import create_app
    from app.config import ConfigError

    def ours() -> list[logging.Handler]:
        return [h for h in logging.getLogger().handlers if getattr(h, "_kommentar", False)]

    try:
        create_app({**settings, "LOG_FORMAT": "json"})
        assert [type(h.formatter) for h in ours()] == [JsonFormatter]
    finally:
        create_app({**settings, "LOG_FORMAT": "text"})
    assert [type(h.formatter) for h in ours()] == [logging.Formatter]

    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        create_app({**settings, "LOG_FORMAT": "xml"})


# -- the operator's queue page ----------------------------------------------------------------


def test_a_vetted_moderator_sees_queues_and_failed_jobs_but_never_their_arguments(
    app, client, login, make_user, make_article, run_jobs
):
    held = teen_waits(make_user, make_article, "Ring meg på 912 34 567, hilsen Ida")
    failing = jobs.queue(jobs.DEFAULT).enqueue(
        "tests.test_operations.fails_with_personal_data", "Ida Ungdom", 91234567
    )
    run_jobs()
    login(make_moderator(ModeratorScope.FULL))

    page = client.get("/moderation/ops/queues")

    assert page.status_code == 200
    assert failing.id in page.text  # the failed job, by id
    assert "tests.test_operations.fails_with_personal_data" in page.text
    assert "LookupError" in page.text  # its exception class
    assert "no worker is running" in page.text.lower()
    for personal in ("Ida", "91234567", "912 34 567", held.author.display_name):
        assert personal not in page.text


def fails_with_personal_data(name: str, phone: int) -> None:
    raise LookupError(f"no reader called {name} with phone {phone}")


def test_the_queue_page_is_closed_to_reports_only_moderators_and_readers(
    client, login, make_user
):
    login(make_moderator(ModeratorScope.REPORTS, name="Rita"))
    assert client.get("/moderation/ops/queues").status_code == 403
    client.post("/logout", data={})
    other = type(client)(client.application)
    assert other.get("/moderation/ops/queues").status_code == 403


def test_a_metrics_allowlist_that_is_not_networks_is_refused_at_start(settings):
    from app import create_app
    from app.config import ConfigError

    settings["METRICS_ALLOW"] = ("10.0.0.0/8", "the office")
    with pytest.raises(ConfigError, match="METRICS_ALLOW"):
        create_app(settings)


def test_production_metrics_answer_only_a_token_or_a_network_named_on_purpose():
    from app import config
    from tests.test_config import PRODUCTION

    settings = config.load(environ=PRODUCTION)  # a production configuration that starts
    assert settings["METRICS_ALLOW"] == ()  # a proxy on loopback must not open /metrics
    assert settings["METRICS_TOKEN"] is None


def test_metrics_say_when_each_periodic_job_last_ran(app, client, run_jobs):
    from app.jobs.schedule import run_due_periodic_jobs

    before = client.get("/metrics").text
    assert metric(before, "kommentar_periodic_last_run_age_seconds", job="sweep-outbox") == -1
    run_due_periodic_jobs()
    run_jobs()
    after = client.get("/metrics").text
    assert 0 <= metric(after, "kommentar_periodic_last_run_age_seconds", job="sweep-outbox") < 60


def test_readyz_in_development_counts_the_embedded_worker(app, client):
    app.config.update(REDIS_URL=None, EMBEDDED_WORKER=True)
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
