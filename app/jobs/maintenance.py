"""Housekeeping jobs on the ``default`` queue."""

from __future__ import annotations

from app.jobs import outbox
from app.services import erasure, restore


def sweep_outbox() -> int:
    """The periodic sweeper: re-enqueue tasks whose job was lost."""
    return outbox.sweep()


def export_erasure_registry() -> int:
    """Periodic: keep ERASURE_REGISTRY_FILE (the restore guard's high-water mark) current."""
    target = restore.registry_file()
    if target is None:
        return 0
    entries = erasure.export_registry()
    restore.write_registry(target, entries)
    return len(entries)
