"""Issue 7: a real worker SIGKILLed mid-erasure leaves nothing of the child public while the
erasure waits for its re-run (RQ's heartbeat: minutes), and the re-run finishes the job."""

from __future__ import annotations

import time

import pytest
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import delete, func, select

from app import jobs
from app.extensions import db
from app.jobs import outbox
from app.models import (
    AgeClass,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureState,
    ErasureTrigger,
    Task,
)
from app.services import erasure
from tests import factories
from tests.integration import slow_jobs
from tests.integration.support import wait_for

pytestmark = pytest.mark.integration


def seen_by_anonymous(app, article) -> str:
    browser = app.test_client()
    return " ".join(
        browser.get(path).text
        for path in (
            f"/articles/{article.key}",
            f"/embed/{article.key}",
            f"/api/v1/articles/{article.key}/comments",
            f"/articles/{article.key}/feed.atom",
        )
    )


def test_a_worker_killed_mid_erasure_leaves_nothing_of_the_child_public(
    app, start_worker, tmp_path
):
    markers = tmp_path / "markers"
    markers.mkdir()
    article = factories.make_article()
    child = factories.make_user(AgeClass.UNDER_16_CONFIRMED, name="Ida Vingebakken")
    child_id = child.id
    adult = factories.make_user(AgeClass.ADULT)
    mine = [
        factories.make_comment(article, child, f"Idas innlegg {n}", CommentStatus.PUBLISHED)
        for n in range(10)
    ]
    factories.make_comment(article, adult, "Et svar til Ida", parent=mine[0])
    assert "Idas innlegg 9" in seen_by_anonymous(app, article)  # cached for anonymous readers

    request = erasure.request_erasure(child, ErasureTrigger.MODERATOR)
    db.session.commit()
    # This test's worker runs the stalling variant of the job instead.
    jobs.queue(jobs.ERASURE).empty()
    db.session.execute(delete(Task))
    jobs.defer(jobs.JobRef.to(slow_jobs.erase_person_slowly, jobs.ERASURE), request.id)
    db.session.commit()

    worker = start_worker(jobs.ERASURE, KOMMENTAR_IT_MARKERS=str(markers))
    wait_for(
        lambda: (markers / f"erasing-{request.id}").exists(),
        timeout=30,
        what="the erasure to be mid-way",
        logs=worker.log,
    )
    worker.kill()

    db.session.rollback()
    left = db.session.scalar(select(func.count()).where(Comment.author_id == child_id))
    assert 0 < left < 10, left  # killed mid-way: some of her comments are still there
    page = seen_by_anonymous(app, article)
    assert "Idas innlegg" not in page and "Ida Vingebakken" not in page
    assert "Et svar til Ida" in page

    # Past RQ's heartbeat the job counts as abandoned; the sweeper hands it to a new worker.
    registry = StartedJobRegistry(
        jobs.ERASURE, connection=jobs.connection(), serializer=JSONSerializer
    )
    registry.cleanup(timestamp=time.time() + 3600)
    outbox.sweep()
    replacement = start_worker(jobs.ERASURE, KOMMENTAR_IT_MARKERS=str(markers))

    def completed() -> bool:
        db.session.rollback()
        return db.session.get(ErasureRequest, request.id).state is ErasureState.COMPLETED

    wait_for(completed, timeout=60, what="the erasure to complete", logs=replacement.log)
    assert db.session.scalar(select(func.count()).where(Comment.author_id == child_id)) == 0
    assert "Et svar til Ida" in seen_by_anonymous(app, article)
