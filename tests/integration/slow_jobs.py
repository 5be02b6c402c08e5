"""Jobs only the integration tests use. ``screen_comment_slowly``: screening that takes its
time on the first attempt.

It writes a marker file when it starts (``KOMMENTAR_IT_MARKERS`` names the directory; the
worker's environment carries it), so a test knows the job is running before killing the
worker. Any later attempt finds the marker and screens at once, like a real re-run would.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.jobs.moderation import screen_comment

SLOW_SECONDS = 60  # KOMMENTAR_IT_SLOW_SECONDS in the worker's environment overrides it


def screen_comment_slowly(comment_id: int) -> str:
    marker = Path(os.environ["KOMMENTAR_IT_MARKERS"]) / f"started-{comment_id}"
    first_attempt = not marker.exists()
    marker.touch()
    if first_attempt:
        time.sleep(float(os.environ.get("KOMMENTAR_IT_SLOW_SECONDS", SLOW_SECONDS)))
    return screen_comment(comment_id)


def database_backend_pid() -> int:
    """The PostgreSQL server process serving this job's connection."""
    from sqlalchemy import text

    from app.extensions import db

    return db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()


def screen_comment_after_one_failure(comment_id: int) -> str:
    """Fails on its first attempt (a flaky dependency, say), screens on the next."""
    marker = Path(os.environ["KOMMENTAR_IT_MARKERS"]) / f"failed-{comment_id}"
    if not marker.exists():
        marker.touch()
        raise ConnectionError("the first attempt always fails")
    return screen_comment(comment_id)


def erase_person_slowly(request_id: int) -> str:
    """The erasure engine, stalling after its first committed batch on the first attempt
    (a marker says it got there), so a test can SIGKILL the worker mid-erasure."""
    from app.jobs import erasure
    from app.privacy import engine

    marker = Path(os.environ["KOMMENTAR_IT_MARKERS"]) / f"erasing-{request_id}"
    if not marker.exists():
        batches = 0

        def stall() -> None:
            nonlocal batches
            batches += 1
            if batches == 5:  # the hiding, sessions, job records, two batches of comments
                marker.touch()
                time.sleep(SLOW_SECONDS)

        engine._batch_committed = stall
    return erasure.erase_person(request_id, batch_size=2)
