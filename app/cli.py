"""Operator commands: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app import jobs
from app.jobs import outbox
from app.models import ModeratorScope
from app.services import articles, roles

moderators_cli = AppGroup("moderators", help="Grant the moderator role.")
articles_cli = AppGroup("articles", help="Register the publisher's articles.")
queue_cli = AppGroup("queue", help="The job queues.")
erasure_cli = AppGroup("erasure", help="Erasure receipts, replay after a restore, retention.")
readers_cli = AppGroup("readers", help="Readers' age classification.")


@readers_cli.command("reclassify")
def reclassify_readers() -> None:
    """Apply the age rule again to every reader (once, after upgrading the rule)."""
    from app.services import readers

    click.echo(f"{readers.reclassify_all()} reader(s) reclassified")


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
    try:
        jobs.connection().ping()
    except jobs.REDIS_FAILURES as exc:
        raise click.ClickException(f"Redis is unavailable ({type(exc).__name__})") from None
    click.echo(f"re-enqueued {outbox.sweep()} task(s)")


@queue_cli.command("status")
def queue_status() -> None:
    """Per-queue depth and failures, and the outbox's pending and failed tasks."""
    report = outbox.status()
    click.echo(f"redis: {report['redis']}")
    for name, counts in report["queues"].items():
        click.echo(
            f"queue {name}: {counts['queued']} queued, {counts['started']} running, "
            f"{counts['scheduled']} scheduled, {counts['failed']} failed"
        )
    tasks = report["outbox"]
    oldest = tasks["oldest_pending_seconds"]
    click.echo(
        f"outbox: {tasks['pending']} pending, {tasks['failed']} failed"
        + (f", oldest pending {oldest} s" if oldest is not None else "")
    )


@erasure_cli.command("replay")
@click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False),
    help="Merge a registry exported with registry-export (kept off-site) first.",
)
@click.option("--timeout", default=600, show_default=True, help="Seconds to wait for workers.")
def erasure_replay(registry: str | None, timeout: int) -> None:
    """After restoring a backup: erase again everyone erased since.

    With ``ERASURE_REGISTRY_FILE`` set, that export is read when no ``--registry`` is
    given, and the web service stays shut until this has finished (app/ops/restore.py).
    """
    from app.services import restore

    guarded = restore.registry_file()
    registry = registry or (str(guarded) if guarded and guarded.exists() else None)
    marker = restore.marker_file(guarded) if guarded else None
    if marker is not None:
        marker.write_text("a replay is running or died half-way: run it again\n")
    _replay(registry, timeout)
    if marker is not None:  # only after every replayed erasure completed
        marker.unlink(missing_ok=True)
        click.echo("restore guard: replay complete, the service may start")


def _replay(registry: str | None, timeout: int) -> None:
    import json

    from flask import current_app

    from app.jobs.erasure import erase_person
    from app.services import erasure

    if registry:
        with open(registry, encoding="utf-8") as handle:
            added = erasure.import_registry(json.load(handle))
        click.echo(f"registry: {added} entr{'y' if added == 1 else 'ies'} added")
    result = erasure.replay()
    ids = [request.id for request in result.requests or []]
    click.echo(
        f"{result.matched} erased reader(s) found again; {len(ids)} erased again, "
        f"{result.skipped_returning} came back after their erasure and keep their new account"
    )
    if current_app.config.get("REDIS_URL"):  # the workers run them; wait for the receipts
        unfinished = erasure.wait_until_done(ids, timeout)
        if unfinished:
            raise click.ClickException(f"{unfinished} erasure(s) still running; see the queue")
    else:  # the embedded queue lives in this process, where no worker runs: run them here
        for request_id in ids:
            erase_person(request_id)
    totals: dict[str, int] = {}
    for request_id in ids:
        done = erasure.receipt(request_id)
        for context, n in ((done.counts if done else None) or {}).items():
            totals[context] = totals.get(context, 0) + n
    for context, n in sorted(totals.items()):
        click.echo(f"  {context}: {n}")


@erasure_cli.command("registry-export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True), required=False)
def erasure_registry_export(path: str | None) -> None:
    """Write the erased-subjects registry (keyed hashes only) to PATH, to keep off-site
    (default: ERASURE_REGISTRY_FILE)."""
    from pathlib import Path

    from app.services import erasure, restore

    target = Path(path) if path else restore.registry_file()
    if target is None:
        raise click.UsageError("name a PATH or set ERASURE_REGISTRY_FILE")
    entries = erasure.export_registry()
    restore.write_registry(target, entries)
    click.echo(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} written")


@erasure_cli.command("status")
@click.argument("code")
def erasure_status(code: str) -> None:
    """Show an erasure receipt by its confirmation code."""
    from app.services import erasure

    receipt = erasure.by_code(code)
    if receipt is None:
        raise click.ClickException("no erasure with that code")
    click.echo(
        f"{receipt.code}: {receipt.state.value} ({receipt.trigger.value}, {receipt.scope.value})"
    )
    times = (
        ("received", receipt.created_at),
        ("started", receipt.started_at),
        ("completed", receipt.completed_at),
    )
    for label, when in times:
        if when is not None:
            click.echo(f"  {label}: {when.isoformat(timespec='seconds')}Z")
    if receipt.refused_reason:
        click.echo(f"  refused: {receipt.refused_reason}")
    for context, n in sorted((receipt.counts or {}).items()):
        click.echo(f"  {context}: {n}")


@erasure_cli.command("retention")
def erasure_retention() -> None:
    """Run every retention job now."""
    from app.jobs import retention

    for name, n in retention.run_all().items():
        click.echo(f"{name}: {n}")


def init_app(app: Flask) -> None:
    for group in (moderators_cli, articles_cli, queue_cli, erasure_cli, readers_cli):
        app.cli.add_command(group)
