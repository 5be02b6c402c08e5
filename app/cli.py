"""Operator commands: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app import jobs
from app.models import ModeratorScope
from app.services import articles, roles

moderators_cli = AppGroup("moderators", help="Grant the moderator role.")
articles_cli = AppGroup("articles", help="Register the publisher's articles.")
queue_cli = AppGroup("queue", help="The job queues.")


@moderators_cli.command("add")
@click.argument("facebook_id")
@click.option("--reports-only", is_flag=True, help="May work reported comments, not children's.")
def add_moderator(facebook_id: str, reports_only: bool) -> None:
    """Make FACEBOOK_ID (app-scoped id) a moderator; works before their first login."""
    if not facebook_id.isdigit():
        raise click.BadParameter("a Facebook id is a number", param_hint="FACEBOOK_ID")
    scope = ModeratorScope.REPORTS if reports_only else ModeratorScope.FULL
    roles.grant(facebook_id, scope)
    click.echo(f"moderator {facebook_id} granted ({scope.value})")


@articles_cli.command("add")
@click.argument("key")
@click.option("--title", required=True)
@click.option("--url", default=None)
def add_article(key: str, title: str, url: str | None) -> None:
    """Register (or update) the article KEY."""
    try:
        article = articles.register(key, title=title, url=url)
    except articles.InvalidArticle as exc:
        raise click.BadParameter(str(exc)) from None
    click.echo(f"article {article.key} registered")


@queue_cli.command("sweep")
def sweep() -> None:
    """Re-enqueue work whose job was lost (Redis restart, killed worker, Redis down)."""
    click.echo(f"re-enqueued {jobs.sweep()} task(s)")


def init_app(app: Flask) -> None:
    for group in (moderators_cli, articles_cli, queue_cli):
        app.cli.add_command(group)
