"""How long does erasing a prolific reader take? From the decision to the completed receipt.

    .venv/bin/python bench/erasure.py                      # SQLite file in a temp folder
    .venv/bin/python bench/erasure.py --database-url postgresql://.../scratch [--redis-url ...]

A reader with 10,000 comments over 20 articles, a few hundred of them answered by other
readers, plus the usual extras (reports, feedback, a subscription, mail, a pending comment's
screening task). The clock runs from ``request_erasure`` + commit until the request is
COMPLETED, the job worked in-process by RQ's SimpleWorker (RQ's own code path). Then it checks
that nothing of theirs is left and that every reply still hangs under its tombstone.
Use a scratch database: the bench migrates it and leaves the other readers' rows behind.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rq import SimpleWorker  # noqa: E402
from rq.serializers import JSONSerializer  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from app import clock, create_app, jobs  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    AgeClass,
    Article,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureState,
    ErasureTrigger,
    FeedbackMessage,
    ReplySubscription,
    Report,
    ReportReason,
    User,
)
from app.services import erasure  # noqa: E402


def build_app(database_url: str, redis_url: str | None):
    from flask_migrate import upgrade

    app = create_app(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "RATELIMIT_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    with app.app_context():
        upgrade()
    return app


def seed(comments: int, answered: int, marker: str) -> tuple[int, set[int]]:
    """The prolific reader and their world; returns their id and the answered comment ids."""
    now = clock.now()
    reader = User(
        facebook_id=str(10**14 + secrets.randbelow(10**14)),
        display_name=f"Bench Reader {marker}",
        age_class=AgeClass.ADULT,
    )
    others = [
        User(
            facebook_id=str(10**14 + secrets.randbelow(10**14)),
            display_name=f"Other {n}",
            age_class=AgeClass.ADULT,
        )
        for n in range(5)
    ]
    articles = [Article(key=f"bench-{marker}-{n}", title=f"Bench article {n}") for n in range(20)]
    db.session.add_all([reader, *others, *articles])
    db.session.commit()
    rows = [
        {
            "article_id": articles[n % len(articles)].id,
            "author_id": reader.id,
            "body_html": f"<p>{marker} comment number {n}</p>",
            "status": CommentStatus.PUBLISHED if n % 50 else CommentStatus.PENDING,
            "created_at": now,
            "published_at": now,
            "ip_prefix": "192.0.2.0/24",
            "user_agent": f"{marker}-browser",
        }
        for n in range(comments)
    ]
    db.session.execute(insert(Comment), rows)
    db.session.commit()
    mine = db.session.execute(
        select(Comment.id, Comment.article_id).where(Comment.author_id == reader.id)
    ).all()
    chosen = random.Random(7).sample(mine, answered)
    db.session.execute(
        insert(Comment),
        [
            {
                "article_id": article_id,
                "author_id": random.choice(others).id,
                "parent_id": comment_id,
                "body_html": "<p>A reply by someone else</p>",
                "status": CommentStatus.PUBLISHED,
                "created_at": now,
                "published_at": now,
            }
            for comment_id, article_id in chosen
        ],
    )
    db.session.add_all(
        [
            Report(comment_id=chosen[0][0], reporter_id=others[0].id, reason=ReportReason.SPAM),
            FeedbackMessage(user_id=reader.id, message=f"{marker} feedback"),
            ReplySubscription(user_id=reader.id, email="bench@example.no"),
        ]
    )
    db.session.commit()
    return reader.id, {comment_id for comment_id, _ in chosen}


def work_erasure_queue() -> None:
    conn = jobs.connection()
    worker = SimpleWorker(
        [jobs.queue(jobs.ERASURE, conn)], connection=conn, serializer=JSONSerializer
    )
    worker.work(burst=True, logging_level="WARNING")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--redis-url", default=None, help="unset: the embedded fakeredis")
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--answered", type=int, default=300)
    parser.add_argument(
        "--unrelated-jobs", type=int, default=0, help="other readers' jobs waiting in Redis"
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args(argv)

    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    app = build_app(url, args.redis_url)
    marker = secrets.token_hex(4)
    with app.app_context():
        started = time.perf_counter()
        reader_id, answered = seed(args.comments, args.answered, marker)
        print(
            f"seeded {args.comments} comments ({len(answered)} answered) "
            f"in {time.perf_counter() - started:.1f} s on {db.engine.dialect.name}"
        )

        parked = park_unrelated_jobs(args.unrelated_jobs)
        started = time.perf_counter()
        request = erasure.request_erasure(db.session.get(User, reader_id), ErasureTrigger.SELF)
        db.session.commit()
        request_id = request.id
        work_erasure_queue()
        db.session.expire_all()
        receipt = db.session.get(ErasureRequest, request_id)
        elapsed = time.perf_counter() - started

        left = db.session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(Comment.body_html.contains(marker) | Comment.user_agent.contains(marker))
        )
        tombstones = set(
            db.session.scalars(
                select(Comment.id).where(
                    Comment.id.in_(answered),
                    Comment.status == CommentStatus.ERASED,
                    Comment.author_id.is_(None),
                )
            )
        )
        replies = db.session.scalar(
            select(func.count()).select_from(Comment).where(Comment.parent_id.in_(answered))
        )
        problems = []
        if receipt.state is not ErasureState.COMPLETED:
            problems.append(f"request is {receipt.state.value}")
        if db.session.get(User, reader_id) is not None:
            problems.append("the account is still there")
        if left:
            problems.append(f"{left} comment(s) still hold their text or technical data")
        if tombstones != answered:
            problems.append("an answered comment is not an author-less tombstone")
        if replies != len(answered):
            problems.append("a reply by someone else was lost")
        if db.session.scalar(select(func.count()).where(FeedbackMessage.user_id == reader_id)):
            problems.append("feedback is still there")

        counts = receipt.counts or {}
        print(
            f"erasure of {args.comments} comments: {elapsed:.2f} s from request to COMPLETED "
            f"({counts.get('comments_deleted', 0)} deleted, "
            f"{counts.get('comments_tombstoned', 0)} tombstoned, "
            f"{counts.get('cached_pages', 0)} cached pages, "
            f"{counts.get('queued_jobs', 0)} queued jobs)"
        )
        print(
            "verified: nothing of theirs is left"
            if not problems
            else "PROBLEMS: " + "; ".join(problems)
        )
        if parked and jobs.queue(PARKED_QUEUE).count != parked:
            problems.append("an unrelated job was lost")
        jobs.queue(PARKED_QUEUE).empty()
        if args.json:
            print(json.dumps({"seconds": elapsed, "verified": not problems, "problems": problems}))
        db.session.remove()
        db.engine.dispose()
    return 1 if problems else 0


PARKED_QUEUE = "bench-unrelated"


def park_unrelated_jobs(count: int) -> int:
    """Other readers' jobs waiting in Redis (on a queue no worker serves)."""
    queue = jobs.queue(PARKED_QUEUE)
    for start in range(0, count, 500):
        with queue.connection.pipeline() as pipe:
            for n in range(start, min(count, start + 500)):
                queue.enqueue_call(
                    "app.jobs.moderation.screen_comment", args=[10**9 + n], pipeline=pipe
                )
            pipe.execute()
    return count


if __name__ == "__main__":
    raise SystemExit(main())
