"""Configuration comes from the environment; production refuses unsafe settings."""

from __future__ import annotations

import pytest

from app import config

PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "k" * 48,
    "PSEUDONYM_KEY": "p" * 48,
    "FACEBOOK_CLIENT_ID": "123",
    "FACEBOOK_CLIENT_SECRET": "abc",
    "DATABASE_URL": "postgresql://db.internal/kommentar",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "PUBLIC_URL": "https://comments.news.example",
}


def test_production_defaults_point_at_facebook():
    settings = config.load(PRODUCTION)
    assert settings["FACEBOOK_DIALOG_URL"] == "https://www.facebook.com/v21.0/dialog/oauth"
    assert settings["FACEBOOK_GRAPH_URL"] == "https://graph.facebook.com/v21.0"
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_graph_version_moves_both_urls():
    settings = config.load({**PRODUCTION, "FACEBOOK_GRAPH_VERSION": "v23.0"})
    assert settings["FACEBOOK_DIALOG_URL"].endswith("/v23.0/dialog/oauth")
    assert settings["FACEBOOK_GRAPH_URL"].endswith("/v23.0")


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        config.load({**PRODUCTION, "SECRET_KEY": ""})


@pytest.mark.parametrize(
    "name, url",
    [
        ("FACEBOOK_DIALOG_URL", "http://127.0.0.1:5001/v21.0/dialog/oauth"),
        ("FACEBOOK_GRAPH_URL", "http://127.0.0.1:5001/graph/v21.0"),
        ("FACEBOOK_GRAPH_URL", "https://graph.facebook.com.evil.example/v21.0"),
    ],
)
def test_production_refuses_the_local_facebook_stand_in(name, url):
    with pytest.raises(config.ConfigError, match=name):
        config.load({**PRODUCTION, name: url})


def test_environment_overrides_every_app_env_default():
    for env in ("development", "testing", "production"):
        settings = config.load(
            {**PRODUCTION, "APP_ENV": env, "MINOR_AGE": "15", "EDIT_WINDOW_SECONDS": "60"}
        )
        assert settings["MINOR_AGE"] == 15
        assert settings["EDIT_WINDOW_SECONDS"] == 60


def test_embed_origins_are_a_comma_separated_list():
    settings = config.load(
        {**PRODUCTION, "EMBED_ORIGINS": "https://news.example, https://sport.example/"}
    )
    assert settings["EMBED_ORIGINS"] == ("https://news.example", "https://sport.example")


def test_unknown_app_env_is_refused():
    with pytest.raises(config.ConfigError, match="APP_ENV"):
        config.load({"APP_ENV": "staging"})


def test_bad_numbers_are_refused_with_the_setting_named():
    with pytest.raises(config.ConfigError, match="MINOR_AGE"):
        config.load({"MINOR_AGE": "sixteen"})


def test_development_runs_on_the_embedded_defaults():
    settings = config.load({})
    assert settings["APP_ENV"] == "development"
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert settings["REDIS_URL"] is None
    assert settings["MINOR_AGE"] == 16


def test_every_setting_an_operator_can_set_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    missing = [name for name in config.ENVIRONMENT_SETTINGS if f"`{name}`" not in readme]
    assert missing == []


@pytest.mark.parametrize(
    "change, what_to_set",
    [
        ({"SECRET_KEY": "development-only-not-secret"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x"}, "SECRET_KEY"),
        ({"PSEUDONYM_KEY": ""}, "PSEUDONYM_KEY"),
        ({"PSEUDONYM_KEY": "k" * 48}, "PSEUDONYM_KEY must differ"),
        ({"FACEBOOK_CLIENT_SECRET": "local-secret"}, "FACEBOOK_CLIENT_SECRET"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:////srv/k.sqlite3"}, "DATABASE_URL"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
        ({"PUBLIC_URL": "http://comments.news.example"}, "PUBLIC_URL"),
        ({"PUBLIC_URL": ""}, "PUBLIC_URL"),
    ],
)
def test_production_refuses_each_unsafe_setting_and_says_what_to_set(change, what_to_set):
    with pytest.raises(config.ConfigError, match=what_to_set) as refused:
        config.load({**PRODUCTION, **change})
    assert "set" in str(refused.value)


def test_safe_production_settings_start():
    settings = config.load(PRODUCTION)
    assert settings["PSEUDONYM_KEY"] == "p" * 48 and settings["APP_ENV_EXPLICIT"] is True


def test_an_unset_app_env_is_remembered_as_not_chosen():
    assert config.load({})["APP_ENV_EXPLICIT"] is False
    assert config.load({"APP_ENV": "development"})["APP_ENV_EXPLICIT"] is True


def test_embed_keys_are_origin_key_pairs():
    settings = config.load({"EMBED_KEYS": "https://news.example=abc, https://sport.example/=d=ef"})
    assert settings["EMBED_KEYS"] == {
        "https://news.example": "abc",
        "https://sport.example": "d=ef",
    }


def test_the_readme_settings_table_is_generated_from_the_config_class():
    from app.devtools import settings as settings_doc

    readme = settings_doc.README.read_text(encoding="utf-8")
    undocumented = [n for n in config.ENVIRONMENT_SETTINGS if n not in config.SETTING_DOCS]
    assert undocumented == [], "describe them in SETTING_DOCS (app/config.py)"
    assert settings_doc.current_table(readme) == config.settings_table(), (
        "the README's settings table is stale: run python -m app.devtools.settings"
    )
