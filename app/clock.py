"""The one place that tells the time, so tests can move it.

Times are naive UTC everywhere (stored the same way on SQLite and PostgreSQL).
"""

from datetime import UTC, datetime


def now() -> datetime:
    """The current time as naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)
