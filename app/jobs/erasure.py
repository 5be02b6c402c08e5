"""The erasure job. Its dotted path is stored in outbox rows and RQ jobs, so it stays here;
the engine it runs lives with the rest of the privacy code (app/privacy/engine.py)."""

from __future__ import annotations

from app.privacy import engine


def erase_person(request_id: int, batch_size: int | None = None) -> str:
    """Carry out one erasure request and write its receipt. Safe to run again at any point."""
    return engine.erase(request_id, batch_size)
