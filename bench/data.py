"""The bench's own data, bulk-inserted through the models into an empty database.

1,000 articles of 200 comments (``a-0000`` ...), threads of 1,000, 5,000 and 50,000
(``t-1000`` ...), 10,000 comments waiting for a moderator, readers with login sessions and
a moderator. Threads are shaped like real ones: about 40 % top-level comments, the rest
replies to an earlier comment of the same thread (so some chains run deep).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, insert, select, text

from app import clock
from app.extensions import db
from app.models import (
    AgeClass,
    Article,
    Comment,
    CommentStatus,
    LoginSession,
    ModeratorGrant,
    ModeratorScope,
    User,
)
from app.services import sanitize, screening
from app.services.pseudonyms import token_hash

_TEXT = (
    "kommunen skolen bybanen lunsj valget budsjettet været fotball lokalavisen kulturhuset "
    "trafikken sykehuset hytta fjorden brua ferja statsbudsjettet skatten strømprisen"
)
WORDS = tuple(_TEXT.split(" "))


@dataclass
class Shape:
    articles: int = 1000
    per_article: int = 200
    threads: tuple[int, ...] = (1000, 5000, 50_000)
    pending: int = 10_000
    readers: int = 2000
    sessions: int = 500
    minors: int = 500


@dataclass
class Built:
    reader_sessions: list[tuple[int, str]] = field(default_factory=list)  # (user id, token)
    moderator_session: tuple[int, str] = (0, "")
    article_keys: list[str] = field(default_factory=list)
    thread_keys: dict[int, str] = field(default_factory=dict)  # size -> key


def screened(body_html: str, at: object) -> dict:
    """The columns the screening job writes for a held comment."""
    text = sanitize.plain_text(body_html)
    findings = screening.scan(text)
    return {
        "screening": [finding.to_dict() for finding in findings],
        "screened_html": str(screening.highlight(text, findings)),
        "screened_at": at,
    }


def body(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
    return f"<p>{words.capitalize()}.</p>"


def build(app: Flask, shape: Shape, seed: int = 12) -> Built:
    """Reset the database's schema, migrate, and fill it."""
    from flask_migrate import upgrade

    rng = random.Random(seed)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        built = Built()
        now = clock.now()
        users = [
            {
                "id": n + 1,
                "facebook_id": f"9{n:014d}",
                "display_name": f"Leser {n}",
                "age_class": AgeClass.ADULT,
                "created_at": now,
            }
            for n in range(shape.readers)
        ]
        minors = [
            {
                "id": shape.readers + n + 1,
                "facebook_id": f"8{n:014d}",
                "display_name": f"Ung leser {n}",
                "age_class": AgeClass.UNDER_16_PRESUMED,
                "created_at": now,
                "minor_since": now,
            }
            for n in range(shape.minors)
        ]
        moderator_id = shape.readers + shape.minors + 1
        users.append(
            {
                "id": moderator_id,
                "facebook_id": "700000000000001",
                "display_name": "Mona Moderator",
                "age_class": AgeClass.ADULT,
                "created_at": now,
            }
        )
        db.session.execute(insert(User), users)
        db.session.execute(insert(User), minors)
        db.session.add(ModeratorGrant(facebook_id="700000000000001", scope=ModeratorScope.FULL))
        sessions = []
        for n in range(shape.sessions):
            token = secrets.token_urlsafe(24)
            sessions.append(
                {"id": token_hash(token), "user_id": n + 1, "created_at": now, "last_seen_at": now}
            )
            built.reader_sessions.append((n + 1, token))
        token = secrets.token_urlsafe(24)
        sessions.append(
            {
                "id": token_hash(token),
                "user_id": moderator_id,
                "created_at": now,
                "last_seen_at": now,
            }
        )
        built.moderator_session = (moderator_id, token)
        db.session.execute(insert(LoginSession), sessions)

        articles = [
            {"key": f"a-{n:04d}", "title": f"Sak nummer {n}"} for n in range(shape.articles)
        ]
        articles += [{"key": f"t-{size}", "title": f"Stor tråd {size}"} for size in shape.threads]
        db.session.execute(insert(Article), articles)
        db.session.commit()
        ids = dict(db.session.execute(select(Article.key, Article.id)).all())
        built.article_keys = [a["key"] for a in articles[: shape.articles]]
        built.thread_keys = {size: f"t-{size}" for size in shape.threads}
        if shape.articles:
            built.thread_keys = {shape.per_article: built.article_keys[0], **built.thread_keys}

        next_id = 1
        batch: list[dict] = []

        def flush() -> None:
            if batch:
                db.session.execute(insert(Comment), batch)
                db.session.commit()
                batch.clear()

        def thread(article_id: int, size: int) -> None:
            nonlocal next_id
            start = now - timedelta(days=2)
            mine: list[int] = []
            for n in range(size):
                parent = None
                if mine and rng.random() > 0.4:
                    parent = mine[-1 - min(int(rng.expovariate(0.15)), len(mine) - 1)]
                created = start + timedelta(seconds=n * 7)
                batch.append(
                    {
                        "id": next_id,
                        "article_id": article_id,
                        "author_id": rng.randint(1, shape.readers),
                        "parent_id": parent,
                        "body_html": body(rng),
                        "status": CommentStatus.PUBLISHED,
                        "created_at": created,
                        "published_at": created,
                        "guardian_hold": False,
                    }
                )
                mine.append(next_id)
                next_id += 1
                if len(batch) >= 5000:
                    flush()

        for key in built.article_keys:
            thread(ids[key], shape.per_article)
        for size in shape.threads:
            thread(ids[f"t-{size}"], size)
        for n in range(shape.pending):
            created = now - timedelta(minutes=shape.pending - n)
            held_body = body(rng)
            batch.append(
                {
                    "id": next_id,
                    "article_id": ids[built.article_keys[n % len(built.article_keys)]],
                    "author_id": shape.readers + 1 + n % shape.minors,
                    "body_html": held_body,
                    "status": CommentStatus.PENDING,
                    "created_at": created,
                    "held_since": created,
                    "guardian_hold": False,
                    **screened(held_body, created),  # as the screening job leaves it
                }
            )
            next_id += 1
            if len(batch) >= 5000:
                flush()
        flush()
        if db.engine.dialect.name == "postgresql":
            for table in ("comments", "users", "articles"):
                db.session.execute(
                    text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")  # noqa: S608
                )
            db.session.commit()
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        assert db.session.scalar(select(func.count()).select_from(Comment)) == next_id - 1
        db.session.remove()
        db.engine.dispose()
    return built
