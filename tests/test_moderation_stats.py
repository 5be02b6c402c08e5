"""Desk statistics: queue depth, time to decision and decisions per day; aggregates only."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest

from app import clock
from app.extensions import db
from app.models import AgeClass, AuditAction, AuditEntry, CommentStatus
from app.services import stats
from tests import factories
from tests.helpers import shown
from tests.test_moderation_support import make_moderator

NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def _decided(article, author, held: datetime, decided: datetime | None, status: CommentStatus):
    comment = factories.make_comment(article, author, "x", CommentStatus.PENDING)
    comment.held_since, comment.decided_at, comment.status = held, decided, status
    db.session.commit()
    return comment


def _audit(action: AuditAction, at: datetime, waited: int | None = None, undone: bool = False):
    db.session.add(
        AuditEntry(
            action=action,
            created_at=at,
            queue="under_16",
            details=None if waited is None else {"waited_seconds": waited},
            undone_at=at if undone else None,
        )
    )
    db.session.commit()


@pytest.fixture
def history(make_user, make_article, monkeypatch):
    """Two days of desk work: yesterday four decisions, today one comment still waiting.

    The clock stands at noon, so "five minutes ago" is today at any real time of day (just
    after midnight it used to fall on yesterday and change yesterday's closing depth)."""
    now = datetime.combine(clock.now().date(), time(12))
    monkeypatch.setattr(clock, "now", lambda: now)
    article = make_article()
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Ida Hansen")
    yesterday = datetime.combine(now.date() - timedelta(days=1), datetime.min.time())
    for minutes in (10, 20, 30, 600):  # waits in minutes
        held = yesterday + timedelta(hours=2)
        decided = held + timedelta(minutes=minutes)
        _decided(article, child, held, decided, CommentStatus.PUBLISHED)
        _audit(AuditAction.APPROVE, decided, waited=minutes * 60)
    _audit(AuditAction.REJECT, yesterday + timedelta(hours=3), waited=999_999, undone=True)
    _audit(AuditAction.REMOVE, yesterday + timedelta(hours=4))
    _decided(article, child, now - timedelta(minutes=5), None, CommentStatus.PENDING)
    return yesterday


def test_time_to_decision_median_and_95th_percentile(history):
    report = stats.desk_stats()
    assert report.waits == [600, 1200, 1800, 36000]  # the undone rejection does not count
    assert report.median_wait == 1500
    assert report.p95_wait == 36000
    day = next(d for d in report.days if d.day == history.date())
    assert day.decisions["approve"] == 4 and day.decisions["remove"] == 1
    assert "reject" not in day.decisions


def test_queue_depth_is_reconstructed_hour_by_hour(history):
    report = stats.desk_stats()
    depth = dict(report.depth_hourly)
    assert depth[history + timedelta(hours=1)] == 0
    assert depth[history + timedelta(hours=2)] == 4  # all four held at 02:00
    assert depth[history + timedelta(hours=3)] == 1  # three decided within half an hour
    assert depth[history + timedelta(hours=13)] == 0  # the last one at 12:00
    assert report.depth_hourly[-1][1] == 1  # now: the one still waiting
    day = next(d for d in report.days if d.day == history.date())
    assert (day.depth_peak, day.depth_end) == (4, 0)
    assert len(report.days) == 14


def test_percentile_is_nearest_rank():
    assert stats.percentile([], 95) is None
    assert stats.percentile([5], 95) == 5
    assert stats.percentile(list(range(1, 101)), 95) == 95
    assert stats.percentile(list(range(1, 101)), 50) == 50


def test_the_stats_page_shows_charts_and_the_same_numbers_as_a_table(client, login, history):
    login(make_moderator())
    page = shown(client.get("/moderation/stats"))
    for name in ("depth", "wait", "decisions"):
        assert f'<img src="/moderation/stats/{name}.svg"' in page
    assert "25 min" in page  # the median
    assert "10 h 0 min" in page  # the 95th percentile
    row = page.split(f'<th scope="row">{history.date().isoformat()}</th>')[1].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[2:6] == ["4", "0", "1", "0"]  # approved, rejected, removed, dismissed
    assert "Ida Hansen" not in page  # aggregates only


@pytest.mark.parametrize("name", ["depth", "wait", "decisions"])
def test_charts_are_svg_that_load_nothing_from_anywhere(name, client, login, history):
    login(make_moderator())
    response = client.get(f"/moderation/stats/{name}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.text
    assert svg.lstrip().startswith("<svg")
    urls = set(re.findall(r"https?://[^\s\"'<>)]*", svg))
    assert urls <= NAMESPACES, urls
    assert "<script" not in svg
    assert "xlink:href" not in svg and "@import" not in svg
    assert "Ida Hansen" not in svg
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_empty_desk_statistics_render(client, login):
    login(make_moderator())
    assert client.get("/moderation/stats").status_code == 200
    for name in ("depth", "wait", "decisions"):
        assert client.get(f"/moderation/stats/{name}.svg").status_code == 200
