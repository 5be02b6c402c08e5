"""The erasure engine (see issue: erasing minors' data). Placeholder entry points."""

from __future__ import annotations

from app.models import User


def erase_outside_comments(user: User) -> None:
    """Erase every context but comments for a reader first classified under 16."""
    # Filled in by the erasure engine; nothing outside comments is collected yet.
    return None
