"""Faults outside our code: a request fails only when the database is down, and then with 503."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus, Task, TaskState
from tests.helpers import shown

NOWHERE_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def redis_down(settings):
    settings["REDIS_URL"] = NOWHERE_REDIS
    settings["RATELIMIT_STORAGE_URI"] = "memory://"


def test_a_child_can_post_while_redis_is_down_and_the_comment_stays_hidden(
    redis_down, app, client, login, make_user, make_article, csrf_token
):
    article = make_article()
    login(make_user(AgeClass.UNDER_16_PRESUMED))
    started = time.monotonic()
    response = client.post(
        f"/api/v1/articles/{article.key}/comments",
        json={"body": "Hei fra Bergen"},
        headers={"X-CSRFToken": csrf_token()},
    )
    assert response.status_code == 201
    assert response.get_json()["status"] == "pending"
    assert time.monotonic() - started < 5  # Redis timeouts keep it quick
    (task,) = db.session.scalars(select(Task)).all()
    assert task.state is TaskState.PENDING  # the sweeper hands it over when Redis is back
    anonymous = app.test_client()
    assert "Hei fra Bergen" not in shown(anonymous.get(f"/articles/{article.key}"))
    (comment,) = db.session.scalars(select(Comment)).all()
    assert comment.status is CommentStatus.PENDING


def test_health_says_the_queue_is_degraded_not_the_service(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["queue"] == "degraded"


@pytest.fixture
def database_down(settings):
    settings["DATABASE_URL"] = "postgresql://nobody@127.0.0.1:9/none"
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"connect_timeout": 1}}


def test_with_the_database_down_pages_answer_503(database_down, client):
    response = client.get("/articles/anything")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.text


def test_with_the_database_down_the_api_answers_503_json(database_down, client):
    response = client.get("/api/v1/articles/anything/comments")
    assert response.status_code == 503
    assert response.get_json()["error"]["status"] == 503
