"""Nothing depends on one process's memory: two gunicorn instances and two workers (one on
``minors``, one on ``erasure default``) share PostgreSQL and Redis, and readers, a child,
a moderator and the periodic work move between them freely.

Real processes on loopback: ``gunicorn wsgi:app`` (gunicorn.conf.py) and ``python worker.py``.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import select

from app import jobs
from app.devtools import fake_facebook
from app.extensions import db
from app.jobs.schedule import recent_runs
from app.models import Comment, CommentStatus, User
from app.services import roles
from tests.helpers import csrf_from, shown
from tests.integration.support import wait_for

pytestmark = pytest.mark.integration

ADULT = fake_facebook.Persona("skalert-kari", "880000000000101", "Kari Skalert", {"min": 21})
CHILD = fake_facebook.Persona(
    "skalert-ida", "880000000000202", "Ida Skalert", {"min": 13, "max": 17}
)
MODERATOR = fake_facebook.Persona("skalert-mona", "880000000000303", "Mona Moderator", {"min": 21})

FAST = {
    "PERIODIC_INTERVAL_SECONDS": "1",
    "SWEEP_INTERVAL_SECONDS": "2",
    "RETENTION_INTERVAL_SECONDS": "2",
    "GUARDIAN_ALARM_INTERVAL_SECONDS": "2",
    "WORKER_JOB_MONITORING_SECONDS": "2",
    "WORKER_HEARTBEAT_GRACE_SECONDS": "3",
}


class Browser(requests.Session):
    """A reader's browser: one cookie jar, whichever instance it talks to."""

    def login(self, web, persona: fake_facebook.Persona, facebook) -> None:
        facebook.state.add_persona(persona)
        start = self.get(f"{web.url}/login/facebook", params={"next": "/"}, allow_redirects=False)
        assert start.status_code == 302, start.text
        dialog = self.get(start.headers["Location"], params={"persona": persona.key},
                          allow_redirects=False)
        assert dialog.status_code == 302, dialog.text
        back = urlsplit(dialog.headers["Location"])
        done = self.get(f"{web.url}{back.path}?{back.query}", allow_redirects=False)
        assert done.status_code == 302, done.text

    def token(self, web) -> str:
        return csrf_from(self.get(f"{web.url}/privacy").text)

    def post_comment(self, web, article_key: str, body: str) -> requests.Response:
        return self.post(
            f"{web.url}/api/v1/articles/{article_key}/comments",
            json={"body": body},
            headers={"X-CSRFToken": self.token(web)},
        )


THREAD_VIEWS: dict[str, int] = {}


def anonymous_thread(web, article_key: str) -> str:
    page = shown(requests.get(f"{web.url}/articles/{article_key}", timeout=10))
    THREAD_VIEWS[web.url] = THREAD_VIEWS.get(web.url, 0) + 1
    return page


def comment_row(comment_id: int) -> Comment | None:
    db.session.rollback()
    return db.session.get(Comment, comment_id)


def test_two_instances_and_two_workers_serve_one_cluster(
    app, facebook, start_web, start_worker, make_article, tmp_path
):
    started = time.monotonic()
    article = make_article(key="skalering")
    roles.grant(MODERATOR.facebook_id)
    metrics_dir = tmp_path / "metrics-a"
    web_a = start_web(RATELIMIT_ENABLED="1", PROMETHEUS_MULTIPROC_DIR=str(metrics_dir), **FAST)
    web_b = start_web(RATELIMIT_ENABLED="1", **FAST)
    minors = start_worker("minors", **FAST)
    others = start_worker("erasure", "default", **FAST)
    web_a.wait_until_serving()
    web_b.wait_until_serving()
    logs = lambda: minors.log() + others.log() + web_a.log() + web_b.log()  # noqa: E731

    # A reader logs in on one instance and posts through the other.
    kari = Browser()
    kari.login(web_a, ADULT, facebook)
    first = kari.post_comment(web_b, article.key, "Kari skriver via B")
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "published"
    assert "Kari skriver via B" in anonymous_thread(web_a, article.key)

    # The rate limit (10 a minute) counts across both instances.
    for n in range(9):
        web = web_a if n % 2 else web_b
        assert kari.post_comment(web, article.key, f"innlegg {n}").status_code == 201
    assert kari.post_comment(web_a, article.key, "ett for mye").status_code == 429
    assert kari.post_comment(web_b, article.key, "ett for mye").status_code == 429

    # A child's comment waits; the page both instances cached is refreshed on both once a
    # moderator approves it on one of them.
    assert "Ida venter" not in anonymous_thread(web_a, article.key)  # cached now
    assert "Ida venter" not in anonymous_thread(web_b, article.key)
    ida = Browser()
    ida.login(web_b, CHILD, facebook)
    held = ida.post_comment(web_a, article.key, "Ida venter på en moderator")
    assert held.json()["status"] == "pending"
    held_id = held.json()["id"]
    wait_for(lambda: (c := comment_row(held_id)) and c.screened_at, logs=logs,
             what="the minors worker to screen the child's comment")
    assert "Ida venter" not in anonymous_thread(web_a, article.key)
    mona = Browser()
    mona.login(web_b, MODERATOR, facebook)
    approved = mona.post(
        f"{web_a.url}/moderation/comments/{held_id}/approve",
        data={"csrf_token": mona.token(web_a)},
        allow_redirects=False,
    )
    assert approved.status_code == 302, approved.text
    assert "Ida venter" in anonymous_thread(web_a, article.key)
    assert "Ida venter" in anonymous_thread(web_b, article.key)

    # An erasure asked for on one instance is carried out by a worker, visible on both.
    deleted = kari.post(
        f"{web_b.url}/me/delete", data={"csrf_token": kari.token(web_b), "confirm": "y"}
    )
    assert deleted.status_code == 200, deleted.text

    def kari_gone() -> bool:
        db.session.rollback()
        return db.session.scalar(select(User).where(User.facebook_id == ADULT.facebook_id)) is None

    wait_for(kari_gone, logs=logs, what="the erasure worker to erase Kari")
    for web in (web_a, web_b):
        thread = anonymous_thread(web, article.key)
        api = shown(requests.get(f"{web.url}/api/v1/articles/{article.key}/comments", timeout=10))
        assert "Kari" not in thread and "Kari" not in api
        assert "innlegg" not in thread and "innlegg" not in api
        assert "Ida venter" in thread  # nobody else's data is lost
    assert comment_row(held_id).status is CommentStatus.PUBLISHED

    # Instance A's metrics add up both of its gunicorn processes (multiprocess mode).
    scraped = shown(requests.get(f"{web_a.url}/metrics", timeout=10))
    views = [
        line for line in scraped.splitlines()
        if line.startswith("kommentar_request_duration_seconds_count")
        and 'route="/articles/<key>"' in line and 'status="2xx"' in line
    ]
    assert [float(line.rsplit(" ", 1)[1]) for line in views] == [THREAD_VIEWS[web_a.url]]
    assert "kommentar_queue_workers" in scraped and article.key not in scraped
    print(f"scale-out story: {time.monotonic() - started:.1f} s")


def test_periodic_work_runs_once_per_interval_across_workers_and_survives_one_dying(
    app, start_worker
):
    interval = int(FAST["SWEEP_INTERVAL_SECONDS"])
    started = time.monotonic()
    minors = start_worker("minors", **FAST)
    wait_for(lambda: recent_runs("sweep-outbox") == [] and _enqueued_by_anyone(),
             timeout=15, what="the first periodic round", logs=minors.log)
    others = start_worker("erasure", "default", **FAST)
    logs = lambda: minors.log() + others.log()  # noqa: E731

    wait_for(lambda: len(recent_runs("sweep-outbox")) >= 5, timeout=30, logs=logs,
             what="five sweeps")
    runs = recent_runs("sweep-outbox")
    assert_once_per_interval(runs, interval)
    assert {r["ran_on"] for r in runs} == {_worker_name(others)}  # only it serves "default"
    for name in ("retention-technical_data", "alarm-overdue-guardian-cases"):
        assert_once_per_interval(recent_runs(name), interval)
    # Both workers take turns enqueueing; never both in one interval (asserted above).
    enqueuers = {r["enqueued_by"] for r in runs}
    assert enqueuers <= {_worker_name(minors), _worker_name(others)}
    assert _worker_name(minors) in enqueuers  # the first round was its alone

    minors.kill()  # SIGKILL: the periodic work goes on with the worker that is left
    before = len(recent_runs("sweep-outbox"))
    wait_for(lambda: len(recent_runs("sweep-outbox")) >= before + 3, timeout=30, logs=logs,
             what="sweeps after a worker died")
    after = recent_runs("sweep-outbox")[before:]
    assert {r["enqueued_by"] for r in after[1:]} == {_worker_name(others)}
    assert_once_per_interval(recent_runs("sweep-outbox"), interval)
    print(f"periodic story: {time.monotonic() - started:.1f} s")


def assert_once_per_interval(runs: list[dict], interval: int) -> None:
    assert len(runs) >= 2, runs
    times = [r["enqueued_at"] for r in runs]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= interval - 0.05, gaps  # never twice in one interval
    assert max(gaps) < 3 * interval + 1, gaps  # and none skipped for long


def _enqueued_by_anyone() -> bool:
    return bool(jobs.connection().exists("kommentar:periodic:sweep-outbox"))


def _worker_name(worker) -> str:
    from rq import Worker

    for candidate in Worker.all(connection=jobs.connection()):
        if candidate.pid == worker.process.pid:
            return candidate.name
    raise AssertionError("worker not registered")
