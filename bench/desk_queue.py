"""How fast is the desk's under-16 queue page with 10,000 comments waiting?

Builds a fresh database with the migrations, times ``GET /moderation/minors`` (the first page
and a deep keyset page) with Flask's test client on an empty queue, then fills the queue with
10,000 pending comments from ~2,000 authors (with earlier decisions, screening findings and
parents) and times the same pages again::

    .venv/bin/python bench/desk_queue.py                       # SQLite in a temporary file
    .venv/bin/python bench/desk_queue.py --runs 50 --comments 20000
    .venv/bin/python bench/desk_queue.py --database-url postgresql://user:pw@host/benchdb --reset

With ``--database-url`` the database must be empty, or ``--reset`` drops and recreates its
``public`` schema (PostgreSQL) first. Prints median, 95th and 99th percentile in milliseconds, the
ratio full/empty, and the query plan of the page query.
"""

from __future__ import annotations

import argparse
import math
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import insert, inspect, select, text  # noqa: E402

from app import clock, create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    AgeClass,
    Article,
    Comment,
    CommentStatus,
    LoginSession,
    ModeratorGrant,
    ModeratorScope,
    User,
)
from app.services import sanitize, screening  # noqa: E402
from app.services.keyset import Position  # noqa: E402
from app.services.pseudonyms import token_hash  # noqa: E402

FINDINGS = [
    {"kind": "phone", "start": 12, "end": 22, "text": "912 34 567"},
    {"kind": "handle", "start": 27, "end": 41, "text": "snap: ida_2011"},
]
TEXTS = [
    "Ring meg på 912 34 567 og snap: ida_2011 hvis du vil prate mer om saken",
    "Jeg synes bybanen burde gå helt til Fyllingsdalen, det er lurt for alle.",
    "Gratis skolelunsj er det beste som har skjedd i år!! Endelig sier jeg bare.",
]


def build_app(database_url: str) -> Flask:
    return create_app(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": database_url,
            "REDIS_URL": None,
            "EMBEDDED_WORKER": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def migrate(app: Flask, reset: bool) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        if reset and db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        if inspect(db.engine).get_table_names():
            sys.exit("the database is not empty: pass --reset (PostgreSQL) or a new database")
        upgrade()


def logged_in_moderator(app: Flask) -> FlaskClient:
    """A full moderator with a server-side session, as after a Facebook login."""
    with app.app_context():
        moderator = User(
            facebook_id="100000000000099", display_name="Mona", age_class=AgeClass.ADULT
        )
        db.session.add(moderator)
        db.session.add(ModeratorGrant(facebook_id=moderator.facebook_id, scope=ModeratorScope.FULL))
        token = secrets.token_urlsafe(32)
        db.session.flush()
        db.session.add(LoginSession(id=token_hash(token), user_id=moderator.id))
        db.session.commit()
        user_id = moderator.id
    client = app.test_client()
    with client.session_transaction() as session:
        session["sid"] = token
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    return client


def fill_people(app: Flask, authors: int, decided: int, rng: random.Random) -> None:
    """Authors, articles and earlier decisions (what the desk shows as each author's history)."""
    now = clock.now()
    with app.app_context():
        db.session.execute(
            insert(User),
            [
                {
                    "facebook_id": f"7{n:014d}",
                    "display_name": f"Reader {1000 + n}",
                    "age_class": rng.choice([AgeClass.UNDER_16_PRESUMED, AgeClass.UNKNOWN]),
                    "created_at": now,
                }
                for n in range(authors)
            ],
        )
        db.session.execute(
            insert(Article),
            [
                {"key": f"bench-{n}", "title": f"Sak nummer {n}", "url": None, "created_at": now}
                for n in range(100)
            ],
        )
        author_ids = _author_ids()
        article_ids = list(db.session.scalars(select(Article.id)))
        rows = []
        for n in range(decided):
            at = now - timedelta(days=20, minutes=n)
            rejected = n % 3 == 0
            rows.append(
                {
                    "article_id": rng.choice(article_ids),
                    "author_id": rng.choice(author_ids),
                    "body_html": f"<p>{TEXTS[n % 3]}</p>",
                    "status": CommentStatus.REJECTED if rejected else CommentStatus.PUBLISHED,
                    "created_at": at,
                    "held_since": at,
                    "decided_at": at + timedelta(minutes=7),
                    "published_at": None if rejected else at + timedelta(minutes=7),
                    "rejection_reason": "Contact details" if rejected else None,
                    "guardian_hold": False,
                }
            )
        db.session.execute(insert(Comment), rows)
        db.session.commit()


def _author_ids() -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.facebook_id.like("7%"))))


def fill_pending(app: Flask, count: int, rng: random.Random) -> None:
    """``count`` pending comments held over the last 14 days; most screened, some replies."""
    now = clock.now()
    span = 14 * 24 * 3600
    with app.app_context():
        author_ids = _author_ids()
        article_ids = list(db.session.scalars(select(Article.id)))
        parents = list(db.session.scalars(select(Comment.id).limit(500)))
        body = f"<p>{TEXTS[0]}</p>"
        # What the screening job stores with the findings (its rendering for the desk).
        screened_html = str(screening.highlight(sanitize.plain_text(body), FINDINGS))
        rows = []
        for n in range(count):
            held = now - timedelta(seconds=rng.randrange(span))
            rows.append(
                {
                    "article_id": rng.choice(article_ids),
                    "author_id": rng.choice(author_ids),
                    "parent_id": rng.choice(parents) if n % 4 == 0 else None,
                    "body_html": body,
                    "status": CommentStatus.PENDING,
                    "created_at": held,
                    "held_since": held,
                    "screening": FINDINGS if n % 5 else None,
                    "screened_at": held if n % 5 else None,
                    "screened_html": screened_html if n % 5 else None,
                    "guardian_hold": False,
                }
            )
        db.session.execute(insert(Comment), rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))


def deep_cursor(app: Flask, position: int) -> str | None:
    """The keyset position of the ``position``-th waiting comment (a deep page)."""
    with app.app_context():
        row = db.session.execute(
            select(Comment.held_since, Comment.id)
            .where(Comment.status == CommentStatus.PENDING)
            .order_by(Comment.held_since, Comment.id)
            .offset(position)
            .limit(1)
        ).first()
        return None if row is None else Position(row[0], row[1]).encode()


def time_page(client: FlaskClient, url: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each request (CPU time is this process's own, so
    it barely moves when other programs load the machine; with PostgreSQL it leaves out
    the server's work, which wall-clock includes)."""
    for _ in range(3):  # warm up: templates compiled, caches filled
        assert client.get(url).status_code == 200
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    return wall, cpu


def summary(timings: tuple[list[float], list[float]]) -> tuple[float, float, float, float]:
    """Median, 95th and 99th percentile wall-clock, median CPU."""
    wall, cpu = timings
    ordered = sorted(wall)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
    return statistics.median(ordered), p95, p99, statistics.median(cpu)


def query_plan(app: Flask, after: str | None) -> list[str]:
    with app.app_context():
        stmt = (
            select(Comment.id)
            .where(Comment.status == CommentStatus.PENDING)
            .order_by(Comment.held_since, Comment.id)
            .limit(51)
        )
        if after:
            cursor = Position.decode(after)
            stmt = stmt.where(
                Comment.held_since >= cursor.at,
                (Comment.held_since > cursor.at) | (Comment.id > cursor.id),
            )
        compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        rows = db.session.execute(text(prefix + str(compiled))).all()
        return [" ".join(str(part) for part in row) for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: SQLite in a temporary directory")
    parser.add_argument("--reset", action="store_true", help="empty the PostgreSQL schema first")
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--authors", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = build_app(url)
        migrate(app, args.reset)
        client = logged_in_moderator(app)
        page_size = app.config["MODERATION_PAGE_SIZE"]
        fill_people(app, args.authors, args.comments // 2, rng)
        results = {"empty queue": summary(time_page(client, "/moderation/minors", args.runs))}
        fill_pending(app, page_size, rng)
        results[f"{page_size} waiting (one page)"] = summary(
            time_page(client, "/moderation/minors", args.runs)
        )
        started = time.perf_counter()
        fill_pending(app, args.comments - page_size, rng)
        print(
            f"{args.comments} pending (+{args.comments // 2} decided) comments from "
            f"{args.authors} authors; bulk insert {time.perf_counter() - started:.1f} s; "
            + app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
        )
        deep = deep_cursor(app, int(args.comments * 0.9))
        results[f"{args.comments} waiting, first page"] = summary(
            time_page(client, "/moderation/minors", args.runs)
        )
        results[f"{args.comments} waiting, deep page"] = summary(
            time_page(client, f"/moderation/minors?after={deep}", args.runs)
        )
        empty = results["empty queue"][0]
        print(
            f"{'GET /moderation/minors':<32}{'median ms':>10}{'p95 ms':>10}{'p99 ms':>10}"
            f"{'× empty':>9}{'CPU ms':>9}"
        )
        for label, (median, p95, p99, cpu) in results.items():
            print(
                f"{label:<32}{median:>10.1f}{p95:>10.1f}{p99:>10.1f}{median / empty:>9.1f}"
                f"{cpu:>9.1f}"
            )
        print(f"({args.runs} runs each, after 3 warm-up requests)")
        print("query plan of a deep page:")
        for line in query_plan(app, deep):
            print("   ", line)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
