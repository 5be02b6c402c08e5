"""Backups never bring a child back: the README's procedure, run for real.

pg_dump before an erasure, the erasure, the registry export (kept off-site), pg_restore of
the old dump — and then gunicorn refuses to start until ``flask --app wsgi erasure replay``
has erased the child again, so the service never serves a single request with the child in it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, CommentStatus, ErasureRequest, ErasureState, ErasureTrigger, User
from app.services import erasure
from tests import factories
from tests.integration.support import wait_for

pytestmark = pytest.mark.integration

CHILD_ID = "880000000001616"
CHILD_WORDS = "Ida (12) sin godkjente kommentar om skolelunsj"


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"the restore test needs {name} (Debian: postgresql-client)")
    return path


def run(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def child_rows() -> list[User]:
    db.session.rollback()
    return list(db.session.scalars(select(User).where(User.facebook_id == CHILD_ID)))


def test_a_restored_backup_is_not_served_until_replay_has_erased_the_child_again(
    app, settings, tmp_path, start_worker, start_web, flask_command
):
    started = time.monotonic()
    database_url = settings["DATABASE_URL"]
    registry = tmp_path / "offsite" / "erasure-registry.json"
    guard = {"ERASURE_REGISTRY_FILE": str(registry)}
    article = factories.make_article(key="skolelunsj")
    key = article.key
    child = factories.make_user(AgeClass.UNDER_16_PRESUMED, name="Ida Tolv", facebook_id=CHILD_ID)
    factories.make_comment(article, child, CHILD_WORDS, CommentStatus.PUBLISHED)  # approved
    bystander = factories.make_user(AgeClass.ADULT, name="Per Voksen")
    factories.make_comment(article, bystander, "Per sin kommentar blir stående")

    # 1. The nightly backup, taken while the child's data is still there.
    dump = tmp_path / "kommentar.dump"
    run(pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", database_url)

    # 2. A guardian's case is confirmed: the child is erased by a worker, the registry exported.
    worker = start_worker(**guard)
    request = erasure.request_erasure(child, ErasureTrigger.GUARDIAN)
    db.session.commit()
    request_id = request.id

    def erased() -> bool:
        db.session.rollback()
        return db.session.get(ErasureRequest, request_id).state is ErasureState.COMPLETED

    wait_for(erased, timeout=60, what="the erasure", logs=worker.log)
    assert child_rows() == []
    exported = flask_command("erasure", "registry-export", **guard)
    assert exported.returncode == 0, exported.stderr
    assert CHILD_ID not in registry.read_text() and json.loads(registry.read_text())

    # 3. Disaster: the operator stops everything and restores last night's dump.
    worker.stop()
    db.session.remove()
    db.engine.dispose()
    run(pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "-d", database_url,
        str(dump))
    assert [u.display_name for u in child_rows()] == ["Ida Tolv"]  # the child is back

    # 4. The service refuses to start: the export is newer than the database.
    refused = start_web(**guard)
    assert refused.process.wait(timeout=60) == 3, refused.log()
    assert "will not start" in refused.log() and "erasure replay" in refused.log()

    # 5. The restore procedure's required step: replay (the workers carry it out).
    replay_worker = start_worker(**guard)
    replay = flask_command("erasure", "replay", "--registry", str(registry), **guard)
    assert replay.returncode == 0, replay.stdout + replay.stderr + replay_worker.log()
    assert "1 erased again" in replay.stdout
    assert "restore guard: replay complete" in replay.stdout
    assert child_rows() == []

    # 6. Now it starts, and its very first answers hold nothing of the child.
    web = start_web(**guard).wait_until_serving()
    thread = requests.get(f"{web.url}/articles/{key}", timeout=10).text
    listing = requests.get(f"{web.url}/api/v1/articles/{key}/comments", timeout=10).json()
    api = " ".join(f"{c['author_name']} {c['body_html']}" for c in listing["comments"])
    for seen in (thread, api):
        assert CHILD_WORDS not in seen and "Ida" not in seen
        assert "Per sin kommentar blir stående" in seen  # nobody else's data is lost
    print(f"backup, erasure, restore, refusal, replay, start: {time.monotonic() - started:.1f} s")
