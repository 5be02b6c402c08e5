"""The privacy statement says, in plain words, what we keep, why and for how long."""

from __future__ import annotations

import pytest

from app.privacy import map as privacy_map
from tests.helpers import shown


def test_statement_keeps_the_promises_of_the_design(client):
    page = client.get("/privacy").text
    assert "Version 1" in page
    for promise in (
        "We collect what you give us",
        "technical",
        "We keep nothing longer than we need it",
        "You can see, correct and delete your data",
        "We do not want data about children under 16",
        "separate monitoring",
        "we delete it at once",
        "Parents and guardians can ask us",
        'href="/guardian"',
    ):
        assert promise in page, promise


def test_the_table_is_generated_from_the_privacy_map(client, app):
    page = client.get("/privacy").text.replace("&#39;", "'")
    for row in privacy_map.statement_rows(app.config):
        assert row.label in page
        for item in row.items:
            assert item in page
    assert "30 days after the comment was written" in page
    assert "180 days" in page  # feedback


@pytest.fixture
def longer_technical_retention(settings):
    settings["TECHNICAL_DATA_RETENTION_DAYS"] = 45
    settings["PRIVACY_POLICY_VERSION"] = 3
    return settings


def test_changing_a_retention_setting_changes_the_statement(longer_technical_retention, app):
    page = shown(app.test_client().get("/privacy"))
    assert "45 days after the comment was written" in page
    assert "30 days after the comment was written" not in page
    assert "Version 3" in page


def test_tables_without_personal_data_are_not_listed(client):
    page = shown(client.get("/privacy"))
    assert privacy_map.table("tasks").label not in page
    assert privacy_map.table("articles").purpose not in page
