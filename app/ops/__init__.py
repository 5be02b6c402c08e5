"""Running Kommentar: readiness, metrics, structured request logs, the operator's queue page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.ops import metrics, requestlog, restore, views

    restore.init_app(app)  # first hook of all but the next one
    requestlog.init_app(app)  # the very first: every answer, a 503 too, gets a request id
    metrics.init_app(app)
    app.add_url_rule("/readyz", "readyz", views.readyz)
    app.register_blueprint(views.bp)
