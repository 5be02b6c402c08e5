"""Every column of every table is declared in the privacy map, so nothing escapes erasure."""

from __future__ import annotations

from app import config as config_module
from app.extensions import db
from app.models import ErasureScope
from app.privacy import map as privacy_map
from app.privacy.engine import STEPS
from app.privacy.map import Category, Erasure

# Tables a NON_COMMENT erasure (a child first found) leaves: the account and its comments.
KEPT_FOR_A_CHILD = {"users", "age_signals", "comments", "login_sessions", "moderator_grants"}


def test_every_column_of_every_table_is_classified(app):
    declared = {name: set(table.columns) for name, table in privacy_map.TABLES.items()}
    missing = [
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if column.name not in declared.get(table.name, set())
    ]
    assert missing == [], f"declare these in app/privacy/map.py: {missing}"


def test_the_map_names_no_table_or_column_that_does_not_exist(app):
    schema = {t.name: {c.name for c in t.columns} for t in db.metadata.sorted_tables}
    unknown = [
        f"{name}.{column}"
        for name, table in privacy_map.TABLES.items()
        for column in table.columns
        if column not in schema.get(name, set())
    ]
    assert unknown == []
    assert set(privacy_map.TABLES) == set(schema)


def test_every_personal_column_says_how_it_is_erased(app):
    for table in privacy_map.TABLES.values():
        for name, column in table.columns.items():
            where = f"{table.name}.{name}"
            if column.personal:
                assert column.erasure is not Erasure.NOT_APPLICABLE, where
                assert column.category is not Category.NONE, where
                assert column.purpose, where
            else:
                assert column.category is Category.NONE, where
                assert column.erasure is Erasure.NOT_APPLICABLE, where
                assert not column.export or column.purpose, where


def test_every_table_a_person_owns_is_erased_by_the_engine(app):
    covered = {
        scope: {t for step in STEPS if scope in step.scopes for t in step.tables}
        for scope in ErasureScope
    }
    for table in privacy_map.owned_tables():
        assert table.name in covered[ErasureScope.ACCOUNT], table.name
        if table.name not in KEPT_FOR_A_CHILD:
            assert table.name in covered[ErasureScope.NON_COMMENT], table.name
        assert table.owner in table.columns


def test_every_retention_setting_exists(app):
    settings = config_module.load(overrides={"APP_ENV": "testing"})
    retentions = [t.retention for t in privacy_map.TABLES.values()] + [
        c.retention for t in privacy_map.TABLES.values() for c in t.columns.values() if c.retention
    ]
    for retention in retentions:
        if retention.setting is not None:
            assert retention.setting in settings, retention.setting
        assert retention.describe(settings)


def test_the_export_holds_only_columns_the_map_exports(app):
    for table in privacy_map.owned_tables():
        assert table.exported_columns(), table.name
        for name in table.exported_columns():
            assert name in table.columns


def test_every_job_says_what_its_ids_are(app):
    """Queued jobs are erased by what their parameters are called (comment_id, mail_id...):
    a job taking an id the engine does not know of could keep an erased person's rows."""
    import importlib
    import inspect
    import pkgutil

    import app.jobs as jobs_package
    from app.privacy.engine import ID_PARAMETERS, OTHER_ID_PARAMETERS

    unknown = []
    for info in pkgutil.iter_modules(jobs_package.__path__):
        module = importlib.import_module(f"app.jobs.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            for parameter in inspect.signature(func).parameters:
                if parameter.endswith(("_id", "_ids")) and parameter not in (
                    ID_PARAMETERS.keys() | OTHER_ID_PARAMETERS
                ):
                    unknown.append(f"{module.__name__}.{name}({parameter})")
    assert unknown == [], f"name these in app/privacy/engine.py: {unknown}"
