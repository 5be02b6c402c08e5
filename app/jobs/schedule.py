"""Periodic jobs, declared as data; workers enqueue the due ones (one worker per interval)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis

from app import jobs
from app.jobs import maintenance


@dataclass(frozen=True)
class Periodic:
    name: str
    func: Callable[..., Any]
    queue: str
    every_seconds: int


PERIODIC: list[Periodic] = [
    Periodic("sweep-outbox", maintenance.sweep_outbox, jobs.DEFAULT, 60),
]


def run_due_periodic_jobs() -> list[str]:
    """Enqueue each periodic job at most once per interval across every worker on every machine."""
    conn = jobs.connection()
    started = []
    for periodic in PERIODIC:
        try:
            if conn.set(
                f"kommentar:periodic:{periodic.name}", "1", nx=True, ex=periodic.every_seconds
            ):
                jobs.queue(periodic.queue, conn).enqueue(
                    periodic.func, job_id=f"periodic-{periodic.name}", result_ttl=60
                )
                started.append(periodic.name)
        except redis.RedisError:
            break  # Redis is down: the next round tries again
    return started
