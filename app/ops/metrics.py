"""``/metrics``: Prometheus, for a scraper holding ``METRICS_TOKEN`` or on ``METRICS_ALLOW``.

Request latency is a histogram labelled by the URL *rule* (``/articles/<key>``), never the
raw path (which would carry article keys, codes and tokens into the time series). Under
gunicorn every process writes its samples to ``PROMETHEUS_MULTIPROC_DIR`` and a scrape
adds them up (gunicorn.conf.py removes a dead process's files). Backlogs and queue depths
are read fresh at each scrape, by whichever process answers it: they live in the database
and Redis, not in any process's memory.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from app import jobs
from app.services import operations

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "<unmatched>"  # 404s and the like: one label, whatever the path was


def route_of() -> str:
    """The matched URL rule, never the path a client sent."""
    rule = request.url_rule
    return rule.rule if rule is not None else UNMATCHED


class BacklogCollector(Collector):
    """Gauges computed at scrape time from PostgreSQL and Redis (no personal data)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.app.app_context():
            yield from self._database()
            yield from self._queues()

    def _database(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("kommentar_database_up", "1 when the database answered the scrape")
        try:
            b = operations.backlogs()
        except Exception:  # noqa: BLE001 - a scrape reports the outage rather than failing
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for name, doc, value in (
            ("held_comments", "Comments of readers under 16 waiting for a moderator",
             b.held_comments),
            ("held_comment_oldest_age_seconds", "Age of the oldest under-16 comment waiting",
             b.oldest_held_comment_seconds or 0),
            ("erasures_open", "Erasure requests not yet completed", b.erasures_open),
            ("erasure_oldest_age_seconds", "Age of the oldest erasure not yet completed",
             b.oldest_erasure_seconds or 0),
            ("guardian_cases_overdue", "Guardian cases undecided past GUARDIAN_OVERDUE_HOURS",
             b.guardian_cases_overdue),
            ("outbox_pending", "Outbox tasks not yet done", b.outbox_pending),
            ("outbox_failed", "Outbox tasks given up after every retry", b.outbox_failed),
            ("outbox_oldest_pending_age_seconds", "Age of the oldest pending outbox task",
             b.oldest_outbox_pending_seconds or 0),
            ("mail_pending", "Mail waiting to be sent", b.mail_pending),
            ("mail_failed", "Mail whose last attempt failed", b.mail_failed),
        ):
            gauge = GaugeMetricFamily(f"kommentar_{name}", doc)
            gauge.add_metric([], value)
            yield gauge

    def _queues(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("kommentar_redis_up", "1 when Redis answered the scrape")
        try:
            states = operations.queue_states()
        except jobs.REDIS_FAILURES:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        families = {
            "depth": GaugeMetricFamily(
                "kommentar_queue_jobs", "RQ jobs per queue and state", labels=["queue", "state"]
            ),
            "age": GaugeMetricFamily(
                "kommentar_queue_oldest_job_age_seconds",
                "Age of the oldest job waiting in the queue (0: empty)",
                labels=["queue"],
            ),
            "workers": GaugeMetricFamily(
                "kommentar_queue_workers", "Workers serving the queue", labels=["queue"]
            ),
            "seen": GaugeMetricFamily(
                "kommentar_queue_worker_seen_seconds",
                "Seconds since a worker of the queue last beat (-1: none)",
                labels=["queue"],
            ),
        }
        yield self._periodic()
        for s in states:
            for state, n in (
                ("queued", s.queued),
                ("started", s.started),
                ("scheduled", s.scheduled),
                ("failed", s.failed),
            ):
                families["depth"].add_metric([s.name, state], n)
            families["age"].add_metric([s.name], s.oldest_queued_seconds or 0)
            families["workers"].add_metric([s.name], s.workers)
            seen = s.last_worker_seen_seconds
            families["seen"].add_metric([s.name], -1 if seen is None else seen)
        yield from families.values()

    def _periodic(self) -> GaugeMetricFamily:
        from app.jobs.schedule import PERIODIC, RUNS_PREFIX

        gauge = GaugeMetricFamily(
            "kommentar_periodic_last_run_age_seconds",
            "Seconds since each periodic job last ran to completion (-1: not yet)",
            labels=["job"],
        )
        conn = jobs.connection()
        now = time.time()
        for periodic in PERIODIC:
            latest = conn.lindex(RUNS_PREFIX + periodic.name, 0)
            age = now - float(json.loads(latest)["enqueued_at"]) if latest else -1
            gauge.add_metric([periodic.name], age)
        return gauge


def init_app(app: Flask) -> None:
    """Request latency for every response, and the ``/metrics`` route."""
    # Registered with no global registry: each app owns its histogram (tests build many
    # apps). Under gunicorn prometheus_client writes its samples to PROMETHEUS_MULTIPROC_DIR,
    # which it reads from the environment when it is first imported.
    latency = Histogram(
        "kommentar_request_duration_seconds",
        "Time to answer a request, by route (the URL rule) and status class",
        ["route", "method", "status"],
        buckets=LATENCY_BUCKETS,
        registry=None,
    )
    app.extensions["kommentar.metrics"] = {"latency": latency}

    @app.before_request
    def _start_clock() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.get("request_started")
        if started is not None:
            latency.labels(route_of(), request.method, f"{response.status_code // 100}xx").observe(
                time.perf_counter() - started
            )
        return response

    app.add_url_rule("/metrics", "metrics", metrics)


def _allowed() -> bool:
    config = current_app.config
    token = config.get("METRICS_TOKEN")
    if token:
        offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if offered and hmac.compare_digest(offered.encode(), token.encode()):
            return True
    try:
        # The direct peer (after the proxy settings have rewritten remote_addr, if any).
        peer = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(net) for net in config["METRICS_ALLOW"])


def metrics() -> Response:
    """Prometheus text format: request latency, queues, backlogs."""
    if not _allowed():
        abort(403, description="Metrics are for the monitoring system only.")
    state: dict[str, Any] = current_app.extensions["kommentar.metrics"]
    registry = CollectorRegistry()
    shared = current_app.config.get("PROMETHEUS_MULTIPROC_DIR")
    if shared:  # every gunicorn process's samples, added up
        multiprocess.MultiProcessCollector(registry, path=shared)
    else:
        registry.register(state["latency"])
    registry.register(BacklogCollector(current_app._get_current_object()))  # type: ignore[attr-defined]
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
