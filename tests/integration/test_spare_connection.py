"""A work horse takes the database connection its worker opened for it, and only the horse
ever talks on it: the worker lets go of its copy without ending the session, and the session
ends with the horse (app/jobs/spare.py).
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import text

from app.extensions import db
from app.jobs import spare as spare_module
from app.jobs.spare import SpareConnection

pytestmark = pytest.mark.integration


def _fork_horse(spare: SpareConnection) -> tuple[int, int]:
    """Fork as the worker does; the child reports its session's backend pid. Returns the
    child's pid and that backend pid."""
    db.session.remove()
    db.engine.dispose()  # as the worker does before each fork
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the horse
        code = 1
        try:
            os.close(read_end)
            spare.adopt()
            backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            db.session.commit()
            os.write(write_end, str(backend).encode())
            db.session.remove()
            db.engine.dispose()
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    spare.handed_over()  # the worker lets go of its copy at once, while the horse works
    with os.fdopen(read_end) as reader:
        reported = reader.read()
    _, status = os.waitpid(child, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return child, int(reported)


def _session_alive(backend: int) -> bool:
    db.session.rollback()
    return bool(
        db.session.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": backend}
        ).scalar_one()
    )


def test_a_horse_works_on_the_connection_its_worker_opened_for_it(app):
    with app.app_context():
        spare = SpareConnection.for_engine(db.engine, max_age=30)
        assert spare is not None
        spare.open()
        opened_for_horse = spare._connection.info.backend_pid
        _, used = _fork_horse(spare)
        assert used == opened_for_horse  # no connect of its own
        # The horse ended the session; the worker's copy never did, nor kept it open.
        deadline = time.monotonic() + 5
        while _session_alive(used) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _session_alive(used)
        db.session.remove()


def test_a_spare_that_waited_too_long_is_not_handed_over(app):
    with app.app_context():
        spare = SpareConnection.for_engine(db.engine, max_age=30)
        spare.open()
        stale = spare._connection.info.backend_pid
        spare.max_age = 0.0
        time.sleep(0.01)
        spare.before_fork()
        _, used = _fork_horse(spare)
        assert used != stale  # the horse connected on its own
        spare.max_age = 30
        db.session.remove()


def test_a_process_forked_for_something_else_lets_go_of_the_spare(app):
    """RQ's scheduler is forked from the worker too: it must not keep the next horse's
    session open (a killed horse's transaction would otherwise outlive it)."""
    with app.app_context():
        spare = SpareConnection.for_engine(db.engine, max_age=30)
        spare.open()
        backend = spare._connection.info.backend_pid
        child = os.fork()
        if child == 0:
            code = 1
            try:
                spare_module.forget_inherited()
                code = 0 if spare._connection is None else 1
            finally:
                os._exit(code)
        _, status = os.waitpid(child, 0)
        assert os.WEXITSTATUS(status) == 0
        # The parent's spare is intact: the child's letting go said nothing to the server.
        assert _session_alive(backend)
        spare.close()
        deadline = time.monotonic() + 5
        while _session_alive(backend) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _session_alive(backend)
        db.session.remove()
