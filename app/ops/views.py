"""``/readyz`` for load balancers, and RQ's queues for the vetted moderators who run the desk.

The queue page (``/moderation/ops/queues``) is for full moderators — the people already
trusted with children's comments; it shows job ids, function names, states, ages and an
exception's class, never a job's arguments.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template

from app import jobs
from app.auth.access import moderator_required
from app.services import operations

bp = Blueprint("ops", __name__, url_prefix="/moderation/ops")


def readyz() -> tuple[Response, int]:
    """Readiness: database, Redis, a worker seen recently on every queue, no queue lagging."""
    ready, checks = operations.readiness()
    return jsonify(status="ready" if ready else "not ready", **checks), 200 if ready else 503


@bp.get("/queues")
@moderator_required(minors=True)
def queues() -> str:
    """Every queue's depth, workers and recent jobs (ids, functions, states, ages)."""
    try:
        states = operations.queue_states()
        listings = operations.queue_jobs()
        workers = operations.worker_rows()
        redis_error = None
    except jobs.REDIS_FAILURES as exc:
        states, listings, workers = [], [], []
        redis_error = type(exc).__name__
    return render_template(
        "ops/queues.html",
        states=states,
        listings=listings,
        workers=workers,
        redis_error=redis_error,
        backlogs=operations.backlogs(),
    )
