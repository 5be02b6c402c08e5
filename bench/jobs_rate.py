"""Jobs per second of one Kommentar worker: ``python -m bench.jobs_rate screen|noop COUNT``.

Needs DATABASE_URL and REDIS_URL (the bench's). ``screen`` holds COUNT comments for
moderation through the service (commit, then the outbox hands their screening jobs to RQ);
``noop`` enqueues COUNT jobs that do nothing. Then one worker of the deployed class works
the ``minors`` queue in burst mode, and the rate is printed as JSON.

``python -m bench.jobs_rate ratio COUNT [ROUNDS]`` alternates the two (noop first) ROUNDS
times (default 5) and prints each round's ratio screen/noop and their median: on a shared
machine a ratio taken within one round moves far less than either rate.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from sqlalchemy import select

from app import create_app, jobs
from app.extensions import db
from app.jobs.moderation import warm_up
from app.jobs.worker import build_worker
from app.models import AgeClass, Article, User
from app.services import comments


def main(kind: str, count: int) -> dict:
    app = create_app({"EMBEDDED_WORKER": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        jobs.queue(jobs.MINORS).empty()
        if kind == "screen":
            minor = db.session.scalar(
                select(User).where(User.age_class == AgeClass.UNDER_16_PRESUMED).limit(1)
            )
            article = db.session.scalar(select(Article).limit(1))
            for n in range(count):
                comments.post_comment(
                    minor, article, f"Ring meg på 912 34 {n:03d} eller skriv til meg@example.no"
                )
        else:
            queue = jobs.queue(jobs.MINORS)
            for n in range(count):
                queue.enqueue("bench.noop.noop", n)
        db.session.remove()
        warm_up()  # as worker.py does
        worker = build_worker(app, [jobs.MINORS])
        started = time.perf_counter()
        worker.work(burst=True, logging_level="WARNING", with_scheduler=False)
        elapsed = time.perf_counter() - started
    return {"kind": kind, "jobs": count, "seconds": elapsed, "rate": count / elapsed}


def ratio(count: int, rounds: int) -> dict:
    ratios, noops, screens = [], [], []
    for _ in range(rounds):
        noop, screen = main("noop", count)["rate"], main("screen", count)["rate"]
        noops.append(noop)
        screens.append(screen)
        ratios.append(screen / noop)
    return {
        "jobs": count,
        "noop_rate": statistics.median(noops),
        "screen_rate": statistics.median(screens),
        "ratios": [round(r, 3) for r in ratios],
        "ratio": statistics.median(ratios),
    }


if __name__ == "__main__":
    if sys.argv[1] == "ratio":
        rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
        print(json.dumps(ratio(int(sys.argv[2]), rounds)))
    else:
        print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
