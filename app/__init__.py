"""Kommentar: article comments with pre-moderation and erasure for readers under 16."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from app import config as config_module

STATIC = config_module.PACKAGE_DIR / "static"


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: config → extensions → jobs → blueprints → errors → cli."""
    app = Flask(
        __name__,
        template_folder=str(config_module.shipped_dir("templates")),
        static_folder=str(STATIC),
        instance_path=str(config_module.INSTANCE_DIR),
    )
    app.config.from_mapping(config_module.load(overrides=overrides))
    configure_logging(app)
    trust_proxies(app)
    register_extensions(app)
    register_jobs(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_front_door(app)
    if app.config["EMBEDDED_WORKER"] and not app.config.get("REDIS_URL"):
        from app.jobs.embedded import start_embedded_worker

        start_embedded_worker(app)
    return app


def configure_logging(app: Flask) -> None:
    from app import logs
    from app.ops import requestlog

    logs.install()
    requestlog.configure_logging(app)  # LOG_FORMAT text or json, request ids on every line


def trust_proxies(app: Flask) -> None:
    """Read the client's address and scheme from exactly PROXY_COUNT proxies' headers.

    Without PROXY_COUNT, X-Forwarded-* is ignored: anyone can send it. With it, rate limits
    and the stored IP prefix see the reader, not the proxy. Links never come from the Host
    header: they are built from PUBLIC_URL.
    """
    count = app.config["PROXY_COUNT"]
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from app.extensions import csrf, db, limiter, login_manager, migrate, ping_after_idle

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_after_idle(engine, app.config["DB_PING_AFTER_IDLE"])
    migrate.init_app(
        app, db, directory=str(config_module.shipped_dir("migrations")), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    from app.services import rate_limits

    app.extensions["kommentar.limiter_key"] = rate_limits.client_key
    login_manager.init_app(app)

    from app import i18n

    i18n.init_app(app)

    from app.auth import facebook, sessions

    facebook.register(app)
    sessions.init_login_manager(login_manager)


def register_jobs(app: Flask) -> None:
    from app import jobs
    from app.jobs import outbox

    jobs.init_app(app)
    outbox.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app import web

    web.register_converters(app)
    from app.account.views import bp as account_bp
    from app.api.views import bp as api_bp
    from app.auth.views import bp as auth_bp
    from app.comments.views import bp as comments_bp
    from app.facebook.views import bp as facebook_bp
    from app.feedback.desk import bp as feedback_desk_bp
    from app.feedback.views import bp as feedback_bp
    from app.guardian.desk import bp as guardian_desk_bp
    from app.guardian.views import bp as guardian_bp
    from app.moderation.age_reviews import bp as age_reviews_bp
    from app.moderation.views import bp as moderation_bp
    from app.notifications.views import bp as notifications_bp
    from app.privacy.views import bp as privacy_bp

    for bp in (
        auth_bp,
        comments_bp,
        api_bp,
        moderation_bp,
        guardian_bp,
        guardian_desk_bp,
        feedback_desk_bp,
        age_reviews_bp,
        account_bp,
        privacy_bp,
        feedback_bp,
        notifications_bp,
        facebook_bp,
    ):
        app.register_blueprint(bp)
    if app.config["APP_ENV"] == "development":  # /_dev/mail: read unsent mail locally
        from app.devtools import mailbox

        mailbox.register(app)


def register_request_hooks(app: Flask) -> None:
    from app import ops, web

    web.init_app(app)
    ops.init_app(app)  # request ids and access log, metrics, /readyz, restore guard


def register_errorhandlers(app: Flask) -> None:
    from app import errors

    errors.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from app import web

    web.init_templates(app)


def register_front_door(app: Flask) -> None:
    """Last: cached anonymous API reads are answered around every other layer."""
    from app.ops import fast_reads

    fast_reads.install(app)


def register_commands(app: Flask) -> None:
    from app import cli

    cli.init_app(app)
