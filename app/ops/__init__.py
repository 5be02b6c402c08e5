"""Running Kommentar: readiness, metrics, structured request logs, the operator's queue page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.ops import metrics, requestlog, restore, views

    requestlog.init_app(app)
    metrics.init_app(app)
    restore.init_app(app)
    app.add_url_rule("/readyz", "readyz", views.readyz)
    app.register_blueprint(views.bp)
