"""A restored backup brings erased children back; until `erasure replay` has run, the
service serves nobody (app/services/restore.py), and the workers keep the export current."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from app import clock, jobs
from app.extensions import db
from app.jobs.schedule import LOCK_PREFIX, recent_runs, run_due_periodic_jobs
from app.models import AgeClass, ErasedSubject, GuardianCase, GuardianCaseState, User
from app.services import erasure
from tests.factories import make_comment
from tests.test_erasure import database_hits

CHILD_ID = "770000000001616"


def erase_child(make_user, make_article, run_jobs) -> tuple[str, object]:
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Ida Ungdom", facebook_id=CHILD_ID)
    article = make_article()
    make_comment(article, child, "Ida sin kommentar")
    erasure.request_erasure(child, erasure.ErasureTrigger.GUARDIAN)
    db.session.commit()
    name = child.display_name
    run_jobs()
    return name, article


def restore_backup_from_before_the_erasure(article) -> None:
    """What pg_restore of an older dump does: the registry entry is gone, the child is back."""
    db.session.execute(ErasedSubject.__table__.delete())
    child = User(
        facebook_id=CHILD_ID,
        display_name="Ida Ungdom",
        age_class=AgeClass.UNDER_16_PRESUMED,
        created_at=clock.now() - timedelta(days=30),
    )
    db.session.add(child)
    db.session.commit()
    make_comment(article, child, "Ida sin kommentar")


def test_after_a_restore_nobody_is_served_until_the_replay_has_erased_the_child_again(
    app, client, make_user, make_article, run_jobs, workers_running, tmp_path
):
    export = tmp_path / "offsite" / "erasure-registry.json"
    app.config["ERASURE_REGISTRY_FILE"] = str(export)
    _, article = erase_child(make_user, make_article, run_jobs)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["erasure", "registry-export"]).exit_code == 0  # to the setting
    assert CHILD_ID not in export.read_text()  # keyed hashes only

    restore_backup_from_before_the_erasure(article)

    reader = app.test_client()  # a fresh process would refuse to start; this one answers 503
    for path in (f"/articles/{article.key}", f"/api/v1/articles/{article.key}/comments", "/"):
        answer = reader.get(path)
        assert answer.status_code == 503, path
        assert "Ida" not in answer.text

    with workers_running():
        result = runner.invoke(args=["erasure", "replay"])  # reads ERASURE_REGISTRY_FILE

    assert result.exit_code == 0, result.output
    assert "restore guard: replay complete" in result.output
    assert not export.with_name(export.name + ".replaying").exists()
    db.session.expire_all()
    assert database_hits("Ida Ungdom") == []
    page = reader.get(f"/articles/{article.key}")
    assert page.status_code == 200
    assert "Ida" not in page.text


def test_a_replay_that_died_half_way_keeps_the_service_shut(app, make_article, tmp_path):
    export = tmp_path / "erasure-registry.json"
    export.write_text("[]")
    export.with_name(export.name + ".replaying").write_text("")
    app.config["ERASURE_REGISTRY_FILE"] = str(export)
    article = make_article()
    answer = app.test_client().get(f"/articles/{article.key}")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "60"


def test_an_export_no_newer_than_the_database_lets_the_service_start(
    app, make_user, make_article, run_jobs, tmp_path
):
    export = tmp_path / "erasure-registry.json"
    app.config["ERASURE_REGISTRY_FILE"] = str(export)
    _, article = erase_child(make_user, make_article, run_jobs)
    app.test_cli_runner().invoke(args=["erasure", "registry-export"])
    assert json.loads(export.read_text())  # one entry
    assert app.test_client().get(f"/articles/{article.key}").status_code == 200


def test_workers_keep_the_registry_export_current(app, make_user, make_article, run_jobs,
                                                  tmp_path):
    export = tmp_path / "erasure-registry.json"
    app.config["ERASURE_REGISTRY_FILE"] = str(export)
    erase_child(make_user, make_article, run_jobs)
    assert "export-erasure-registry" in run_due_periodic_jobs()
    run_jobs()
    assert len(json.loads(export.read_text())) == 1
    assert recent_runs("export-erasure-registry")  # recorded for operators


# -- periodic work: intervals from the settings, alarms without names --------------------------


def test_periodic_intervals_come_from_the_settings(app):
    app.config["SWEEP_INTERVAL_SECONDS"] = 7
    app.config["RETENTION_INTERVAL_SECONDS"] = 11
    run_due_periodic_jobs()
    conn = jobs.connection()
    assert 0 < conn.ttl(LOCK_PREFIX + "sweep-outbox") <= 7
    assert 7 < conn.ttl(LOCK_PREFIX + "retention-technical_data") <= 11


def test_overdue_guardian_cases_raise_an_alarm_without_names(app, run_jobs, caplog):
    db.session.add(
        GuardianCase(
            reference="REF99999",
            state=GuardianCaseState.OPEN,
            child_name="Ida Ungdom",
            guardian_email="mor@example.no",
            confirmed_at=clock.now() - timedelta(hours=app.config["GUARDIAN_OVERDUE_HOURS"] + 1),
        )
    )
    db.session.commit()
    caplog.set_level(logging.WARNING)
    run_due_periodic_jobs()
    run_jobs()
    alarms = [r.getMessage() for r in caplog.records if "ALARM" in r.getMessage()]
    assert alarms == ["ALARM: 1 guardian case(s) undecided for over the overdue limit"]
    assert "Ida" not in caplog.text and "mor@example.no" not in caplog.text


def test_an_unreadable_registry_export_keeps_the_service_shut(app, make_article, tmp_path):
    export = tmp_path / "erasure-registry.json"
    export.write_text('[{"subject_hash": "ab", "last_er')  # cut short
    app.config["ERASURE_REGISTRY_FILE"] = str(export)
    answer = app.test_client().get(f"/articles/{make_article().key}")
    assert answer.status_code == 503
