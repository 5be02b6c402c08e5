"""``python -m tests.integration.signal_at MOMENT queue...``: a real worker that sends itself
SIGTERM at one named moment of its life, as an operator's stop could land there.

The moments, in the order a worker lives them: ``built`` (before RQ's work loop), ``registered``
(RQ's bootstrap, before RQ installs its signal handlers), ``scheduler`` (its scheduler process
just started), ``maintenance`` (inside the first round's periodic jobs), ``waiting`` (blocked in
Redis, waiting for a job).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

from app.jobs import schedule
from app.jobs import worker as worker_module
from app.jobs.worker import KommentarWorker

MOMENTS = ("built", "registered", "scheduler", "maintenance", "waiting")


def sigterm() -> None:
    os.kill(os.getpid(), signal.SIGTERM)


def after(owner: Any, name: str, then: Any) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        then()
        return result

    setattr(owner, name, wrapped)


def arm(moment: str) -> None:
    if moment == "built":
        after(worker_module, "build_worker", sigterm)
    elif moment == "registered":
        after(KommentarWorker, "register_birth", sigterm)
    elif moment == "scheduler":
        after(KommentarWorker, "_start_scheduler", sigterm)
    elif moment == "maintenance":
        after(schedule, "run_due_periodic_jobs", sigterm)
    elif moment == "waiting":  # half a second into the first wait for a job
        after(schedule, "run_due_periodic_jobs", lambda: threading.Timer(0.5, sigterm).start())
    else:
        raise SystemExit(f"unknown moment {moment!r}; choose from {', '.join(MOMENTS)}")


if __name__ == "__main__":
    arm(sys.argv[1])
    sys.exit(worker_module.main(sys.argv[2:]))
