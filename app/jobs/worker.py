"""The RQ worker Kommentar runs: jobs inside the app context, periodic jobs in maintenance."""

from __future__ import annotations

import logging

from rq import Worker

from app.extensions import db

log = logging.getLogger(__name__)


class KommentarWorker(Worker):
    """A forking RQ worker that also enqueues due periodic jobs (sweeper, retention)."""

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        from app.jobs.schedule import run_due_periodic_jobs

        try:
            run_due_periodic_jobs()
        finally:
            db.session.remove()

    def fork_work_horse(self, job, queue) -> None:
        # The horse must not share the parent's database sockets.
        db.session.remove()
        db.engine.dispose()
        super().fork_work_horse(job, queue)
