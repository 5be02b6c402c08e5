"""After a backup is restored, `flask erasure replay` erases again everyone erased since."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.models import (
    AgeClass,
    Comment,
    ErasedSubject,
    ErasureRequest,
    ErasureScope,
    ErasureTrigger,
    User,
)
from app.services import erasure
from tests.factories import make_comment
from tests.test_erasure import database_hits

GONE_ID = "770000000005555"
BACK_ID = "770000000006666"


def erase(user: User, run_jobs) -> str:
    code = erasure.request_erasure(user, ErasureTrigger.SELF).code
    db.session.commit()
    run_jobs()
    return code


def restore_from_backup(facebook_id: str, name: str, article, created_at) -> User:
    """The backup still holds the person as they were before their erasure."""
    user = User(
        facebook_id=facebook_id, display_name=name, age_class=AgeClass.ADULT, created_at=created_at
    )
    db.session.add(user)
    db.session.commit()
    make_comment(article, user, f"{name} sin gamle kommentar")
    return user


def test_replay_erases_again_whoever_a_restored_backup_brought_back(
    app, make_user, make_article, run_jobs, workers_running
):
    article = make_article()
    before = clock.now() - timedelta(days=30)
    erase(make_user(AgeClass.ADULT, facebook_id=GONE_ID), run_jobs)
    # This reader came back after their erasure, with a new account: it is theirs to keep.
    erase(make_user(AgeClass.ADULT, facebook_id=BACK_ID), run_jobs)
    restore_from_backup(GONE_ID, "Gunnar Gjenopprettet", article, before)
    make_user(AgeClass.ADULT, facebook_id=BACK_ID, name="Berit Tilbake")
    bystander = make_user(AgeClass.ADULT, name="Tilskuer")

    with workers_running():  # with real Redis, replay waits for the workers' receipts
        result = app.test_cli_runner().invoke(args=["erasure", "replay"])

    assert result.exit_code == 0, result.output
    assert "2 erased reader(s) found again; 1 erased again, 1 came back" in result.output
    assert "comments_deleted: 1" in result.output
    db.session.expire_all()
    assert database_hits("Gunnar Gjenopprettet") == []
    assert db.session.scalar(select(User).where(User.facebook_id == BACK_ID)) is not None
    assert db.session.get(User, bystander.id) is not None
    replayed = db.session.scalars(
        select(ErasureRequest).where(ErasureRequest.trigger == ErasureTrigger.REPLAY)
    ).one()
    assert replayed.counts["users"] == 1


def test_the_registry_kept_off_site_survives_a_restore_that_lost_it(
    app, make_user, make_article, run_jobs, tmp_path, workers_running
):
    article = make_article()
    erase(make_user(AgeClass.UNDER_16_PRESUMED, facebook_id=GONE_ID), run_jobs)
    saved = tmp_path / "registry.json"
    runner = app.test_cli_runner()
    assert (
        "1 entry written" in runner.invoke(args=["erasure", "registry-export", str(saved)]).output
    )
    assert GONE_ID not in saved.read_text()  # keyed hashes only

    # The restored backup predates the erasure: no registry entry, the person is back.
    db.session.execute(ErasedSubject.__table__.delete())
    db.session.commit()
    restore_from_backup(GONE_ID, "Gunnar Gjenopprettet", article, clock.now() - timedelta(days=9))

    with workers_running():
        result = runner.invoke(args=["erasure", "replay", "--registry", str(saved)])

    assert result.exit_code == 0, result.output
    assert "registry: 1 entry added" in result.output
    db.session.expire_all()
    assert database_hits("Gunnar Gjenopprettet") == []
    entry = db.session.scalars(select(ErasedSubject)).one()
    assert entry.was_minor and entry.scope is ErasureScope.ACCOUNT


def test_replay_with_nothing_erased_does_nothing(app, make_user):
    make_user(AgeClass.ADULT)
    result = app.test_cli_runner().invoke(args=["erasure", "replay"])
    assert "0 erased reader(s) found again" in result.output
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0


def test_status_command_shows_a_receipt_by_its_code(app, make_user, make_article, run_jobs):
    reader = make_user(AgeClass.ADULT)
    make_comment(make_article(), reader, "Hei")
    code = erase(reader, run_jobs)
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["erasure", "status", code]).output
    assert f"{code}: completed (self, account)" in shown
    assert "comments_deleted: 1" in shown
    unknown = runner.invoke(args=["erasure", "status", "nosuchcode"])
    assert unknown.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_waiting_for_workers_reports_what_is_still_open(app, make_user, run_jobs):
    request = erasure.request_erasure(make_user(AgeClass.ADULT), ErasureTrigger.SELF)
    db.session.commit()
    assert erasure.wait_until_done([request.id], timeout=0) == 1
    run_jobs()
    assert erasure.wait_until_done([request.id], timeout=0) == 0
