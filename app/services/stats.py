"""Desk statistics: aggregates only, never a person; charts as self-contained SVG.

- Queue depth over time is reconstructed from the comments' ``held_since`` and
  ``decided_at`` (a comment held again only keeps its latest stay in the queue).
- Time to decision for the under-16 queue comes from the audit log (``waited_seconds`` of
  approvals and rejections that were not undone), so it outlives erased comments.
- Decisions per day count audit entries (undone ones excluded).
Days are UTC days.
"""

from __future__ import annotations

import math
import re
import statistics as pystats
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app import clock
from app.extensions import db
from app.models import AuditAction, AuditEntry, Comment, CommentStatus

if TYPE_CHECKING:
    import pygal

DAYS = 14
DECISION_ACTIONS = (
    AuditAction.APPROVE,
    AuditAction.REJECT,
    AuditAction.REMOVE,
    AuditAction.DISMISS_REPORT,
)
CHARTS = {
    "depth": _l("Under-16 queue depth, hourly"),
    "wait": _l("Time to decision, under-16 queue (minutes)"),
    "decisions": _l("Decisions per day"),
}


class WaitFigures:
    """Median and 95th percentile of the seconds held comments waited for a decision."""

    waits: list[int]

    @property
    def median_wait(self) -> float | None:
        return pystats.median(self.waits) if self.waits else None

    @property
    def p95_wait(self) -> int | None:
        return percentile(self.waits, 95)


@dataclass
class Day(WaitFigures):
    day: date
    depth_end: int = 0  # waiting at the end of the day (or now, for today)
    depth_peak: int = 0  # most waiting at any hour of the day
    decisions: Counter[str] = field(default_factory=Counter)
    waits: list[int] = field(default_factory=list)  # seconds, under-16 decisions


@dataclass
class DeskStats(WaitFigures):
    start: datetime
    now: datetime
    days: list[Day]
    depth_hourly: list[tuple[datetime, int]]
    waits: list[int]

    @property
    def decided(self) -> int:
        return len(self.waits)


def percentile(values: list[int], pct: int) -> int | None:
    """Nearest-rank percentile: the smallest value with pct % of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def desk_stats(days: int = DAYS, now: datetime | None = None) -> DeskStats:
    """The last ``days`` UTC days of the desk, today included."""
    now = now or clock.now()
    start = datetime.combine(now.date() - timedelta(days=days - 1), datetime.min.time())
    by_day = {
        (start + timedelta(days=i)).date(): Day((start + timedelta(days=i)).date())
        for i in range(days)
    }
    hourly = _depth_hourly(start, now)
    for moment, depth in hourly:
        day = by_day.get((moment - timedelta(microseconds=1)).date())
        if day is not None:
            day.depth_peak = max(day.depth_peak, depth)
            day.depth_end = depth
    waits: list[int] = []
    for action, created_at, details in db.session.execute(
        select(AuditEntry.action, AuditEntry.created_at, AuditEntry.details).where(
            AuditEntry.created_at >= start,
            AuditEntry.action.in_(DECISION_ACTIONS),
            AuditEntry.undone_at.is_(None),
        )
    ):
        day = by_day.get(created_at.date())
        if day is None:
            continue
        day.decisions[action.value] += 1
        waited = (details or {}).get("waited_seconds")
        if action in (AuditAction.APPROVE, AuditAction.REJECT) and isinstance(waited, int):
            day.waits.append(waited)
            waits.append(waited)
    return DeskStats(
        start=start, now=now, days=list(by_day.values()), depth_hourly=hourly, waits=waits
    )


def _depth_hourly(start: datetime, now: datetime) -> list[tuple[datetime, int]]:
    """How many comments waited at each full hour since ``start``, and now."""
    rows = db.session.execute(
        select(Comment.held_since, Comment.decided_at, Comment.status).where(
            Comment.held_since.is_not(None),
            or_(Comment.decided_at.is_(None), Comment.decided_at >= start),
        )
    )
    intervals = []
    for held_since, decided_at, status in rows:
        if decided_at is None and status is not CommentStatus.PENDING:
            continue  # withdrawn or erased while waiting: when is unknown
        intervals.append((held_since, decided_at))
    moments = []
    moment = start + timedelta(hours=1)
    while moment <= now:
        moments.append(moment)
        moment += timedelta(hours=1)
    moments.append(now)
    # Sweep: sort entries and exits once instead of testing every interval at every hour.
    entries = sorted(h for h, _ in intervals if h is not None)  # the query excludes None
    exits = sorted(d for _, d in intervals if d is not None)
    points, i, j = [], 0, 0
    for moment in moments:
        while i < len(entries) and entries[i] <= moment:
            i += 1
        while j < len(exits) and exits[j] <= moment:
            j += 1
        points.append((moment, i - j))
    return points


# -- charts -----------------------------------------------------------------------------------

# pygal (about 2 MB) is loaded when a chart is first drawn: a web worker serving threads
# never draws one.
_STYLE = {
    "background": "white",
    "plot_background": "white",
    "font_family": "system-ui, sans-serif",
    "colors": ("#1f5f8b", "#b5452c", "#6b8e23", "#8a6d3b"),
}
_SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def _chart(kind: type[pygal.graph.graph.Graph], title: str) -> pygal.graph.graph.Graph:
    from pygal.style import Style

    return kind(
        js=[],  # pygal's tooltips live on another origin; the chart works without them
        style=Style(**_STYLE),
        title=title,
        width=800,
        height=320,
        show_dots=False,
        x_label_rotation=0,
        truncate_label=-1,  # never "..." for a date
        legend_at_bottom=True,
        disable_xml_declaration=True,
        show_y_guides=True,
        print_values=False,
    )


def render_chart(name: str, report: DeskStats) -> str:
    """The named chart as SVG that runs no script and loads nothing from anywhere."""
    import pygal

    labels = [d.day.strftime("%d.%m") for d in report.days]
    if name == "depth":
        chart = _chart(pygal.Line, str(CHARTS[name]))
        # One label a day; the hours stay as points (minor labels must differ, or pygal
        # promotes every copy of a day's label to a major one).
        chart.x_labels = [
            m.strftime("%d.%m" if i % 24 == 0 else "%d.%m %H:%M")
            for i, (m, _) in enumerate(report.depth_hourly)
        ]
        chart.x_labels_major_every = 24
        chart.show_minor_x_labels = False
        depths = [depth for _, depth in report.depth_hourly]
        chart.y_labels = _count_ticks(max(depths, default=0))
        chart.add("Waiting", depths)
    elif name == "wait":
        chart = _chart(pygal.Bar, str(CHARTS[name]))
        chart.x_labels = labels
        chart.add("Median", [_minutes(d.median_wait) for d in report.days])
        chart.add("95th percentile", [_minutes(d.p95_wait) for d in report.days])
    elif name == "decisions":
        chart = _chart(pygal.StackedBar, str(CHARTS[name]))
        chart.x_labels = labels
        chart.y_labels = _count_ticks(max((d.decisions.total() for d in report.days), default=0))
        for action, label in (
            ("approve", "Approved"),
            ("reject", "Rejected"),
            ("remove", "Removed"),
            ("dismiss_report", "Reports dismissed"),
        ):
            chart.add(label, [d.decisions.get(action, 0) for d in report.days])
    else:
        raise KeyError(name)
    return _self_contained(chart.render(is_unicode=True))


def _count_ticks(highest: int, ticks: int = 6) -> list[int]:
    """Whole-number axis labels for counts (pygal would label 0.2, 0.4, ...)."""
    step = max(1, math.ceil(highest / ticks))
    return list(range(0, max(highest, 1) + step, step))


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _self_contained(svg: str) -> str:
    """Drop pygal's config script and credit comments (links to pygal.org)."""
    return _COMMENT_RE.sub("", _SCRIPT_RE.sub("", svg))
