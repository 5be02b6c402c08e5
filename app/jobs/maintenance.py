"""Housekeeping jobs on the ``default`` queue."""

from __future__ import annotations

from app import jobs


def sweep_outbox() -> int:
    """The periodic sweeper: re-enqueue tasks whose job was lost."""
    return jobs.sweep()
