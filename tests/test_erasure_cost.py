"""Erasing a reader costs the same however much else Redis holds: their jobs are found
from indexes written when the jobs were made, never by reading every key."""

from __future__ import annotations

from rq.job import Job
from rq.serializers import JSONSerializer
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.models import AgeClass, ErasureRequest, ErasureState, ErasureTrigger
from app.services import erasure
from tests.factories import make_comment


def waiting_job(comment_id: int) -> str:
    """A job queued (not yet worked) that names a comment."""
    job = jobs.queue(jobs.DEFAULT).enqueue_call(
        "app.jobs.moderation.screen_comment", args=[comment_id]
    )
    return job.id


def test_their_queued_jobs_go_without_a_scan_of_redis(
    run_jobs, make_user, make_article, monkeypatch
):
    reader, other = make_user(AgeClass.ADULT), make_user(AgeClass.ADULT)
    article = make_article()
    theirs = waiting_job(make_comment(article, reader, "Mitt innlegg").id)
    others = waiting_job(make_comment(article, other, "Et annet innlegg").id)
    unrelated = [
        jobs.queue(jobs.DEFAULT)
        .enqueue_call("app.jobs.moderation.screen_comment", args=[10**9 + n])
        .id
        for n in range(50)
    ]
    conn = jobs.connection()

    def no_scan(*args, **kwargs):
        raise AssertionError("erasure read the whole of Redis")

    for name in ("scan_iter", "scan", "keys"):
        monkeypatch.setattr(conn, name, no_scan)
    erasure.request_erasure(reader, ErasureTrigger.SELF)
    db.session.commit()
    run_jobs()

    done = db.session.scalars(select(ErasureRequest)).one()
    assert done.state is ErasureState.COMPLETED
    assert Job.fetch_many([theirs], connection=conn, serializer=JSONSerializer) == [None]
    kept = Job.fetch_many([others, *unrelated], connection=conn, serializer=JSONSerializer)
    assert all(job is not None for job in kept)  # nobody else's work is lost
