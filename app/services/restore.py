"""The restore guard: after a backup is restored, nobody is served until erasures are replayed.

A backup taken before an erasure brings the erased child back. The erased-subjects
registry is exported (keyed hashes and times, no personal data) to ``ERASURE_REGISTRY_FILE``
— by the workers every sweep interval and by ``flask --app wsgi erasure registry-export``
— onto storage that a restore does not roll back (off-site, or a volume outside the
database's backups). Its *high-water mark* is the latest ``last_erased_at`` it holds.

- The database's own mark is the latest ``last_erased_at`` in ``erased_subjects``. When the
  file's mark is newer, the database is older than erasures that happened: it was restored.
- ``flask --app wsgi erasure replay`` writes ``<file>.replaying`` before it starts and
  removes it only when every replayed erasure has completed; a replay that died half-way
  leaves it behind.

Either condition keeps the service shut: gunicorn refuses to start (gunicorn.conf.py) and
every request of an already running process answers 503 (app/ops/restore.py). Workers
keep running: they are the ones that carry out the replay.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import ErasedSubject

log = logging.getLogger(__name__)

REPLAY_COMMAND = "flask --app wsgi erasure replay --registry <the registry export>"


def registry_file() -> Path | None:
    name = current_app.config.get("ERASURE_REGISTRY_FILE")
    return Path(name) if name else None


def marker_file(registry: Path) -> Path:
    return registry.with_name(registry.name + ".replaying")


def high_water_mark(entries: list[dict[str, object]]) -> datetime | None:
    times = [datetime.fromisoformat(str(e["last_erased_at"])) for e in entries]
    return max(times, default=None)


def database_mark() -> datetime | None:
    mark = db.session.scalar(select(func.max(ErasedSubject.last_erased_at)))
    db.session.rollback()
    return mark


def refusal() -> str | None:
    """Why the service must not serve yet, or None. Reads the export and one database row."""
    registry = registry_file()
    if registry is None:
        return None
    if marker_file(registry).exists():
        return f"an erasure replay started and did not finish: run it again ({REPLAY_COMMAND})"
    try:
        entries = json.loads(registry.read_text(encoding="utf-8"))
        exported = high_water_mark(entries)
    except FileNotFoundError:
        log.warning("ERASURE_REGISTRY_FILE does not exist yet: the restore guard cannot check")
        return None
    except (OSError, ValueError, TypeError, KeyError):
        return "the erasure registry export cannot be read: restore it from its off-site copy"
    ours = database_mark()
    if exported is not None and (ours is None or ours < exported):
        return (
            "the database is older than the erasure registry export "
            f"(erasures up to {exported.isoformat()} are missing): it was restored from a "
            f"backup. Erase those readers again before serving: {REPLAY_COMMAND}"
        )
    return None


def write_registry(path: Path, entries: list[dict[str, object]]) -> None:
    """Write the export atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
    ) as handle:
        json.dump(entries, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
