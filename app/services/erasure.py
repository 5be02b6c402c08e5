"""Erasure requests: every trigger (the reader, Facebook, a guardian case, a moderator, a
child discovered, a backup replay) asks for an erasure here, and one job carries it out
(app/privacy/engine.py). The request row becomes the receipt.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from app import jobs
from app.extensions import db
from app.models import (
    Comment,
    ErasedSubject,
    ErasureRequest,
    ErasureScope,
    ErasureState,
    ErasureTrigger,
    User,
)
from app.services import page_cache, pseudonyms, sessions

log = logging.getLogger(__name__)

OPEN_STATES = (ErasureState.RECEIVED, ErasureState.RUNNING)
CODE_BYTES = 10  # 20 hex characters: unguessable, so a status page needs no login


def request_erasure(
    user: User | None,
    trigger: ErasureTrigger,
    scope: ErasureScope = ErasureScope.ACCOUNT,
    *,
    facebook_id: str | None = None,
    guardian_case_id: int | None = None,
) -> ErasureRequest:
    """Record an erasure and defer the job that carries it out; the caller commits.

    Idempotent: an open request for the same person, trigger and scope is returned instead
    of a new one, and so is a completed one when nothing of the person is left to find
    (Facebook repeating its callback gets the same code). A person who came back after a
    completed erasure gets a new one.
    """
    facebook_id = facebook_id or (user.facebook_id if user is not None else None)
    if user is None and facebook_id:
        user = db.session.scalar(select(User).where(User.facebook_id == facebook_id))
    hashed = pseudonyms.subject_hash(facebook_id) if facebook_id else None
    existing = _same_request(hashed, trigger, scope, guardian_case_id, subject_gone=user is None)
    if existing is not None:
        return existing
    request = ErasureRequest(
        code=new_code(),
        trigger=trigger,
        scope=scope,
        state=ErasureState.RECEIVED,
        subject_id=user.id if user is not None else None,
        subject_hash=hashed,
        guardian_case_id=guardian_case_id,
        counts={},
    )
    db.session.add(request)
    db.session.flush()  # the job needs the id
    if scope is ErasureScope.ACCOUNT and user is not None:
        # At once, in the trigger's own transaction: nothing of theirs stays public while
        # the request waits for a worker (the job hides again first thing, in case).
        hidden = hide_everything(user.id)
        # Again after the commit: a page rendered before it is not kept.
        gone = page_cache.invalidate_pages(hidden, again_after_commit=True)
        request.counts = {"cached_pages": gone} if hidden else {}

    jobs.defer(jobs.ERASE_PERSON, request.id)
    log.info("erasure request %s received (%s, %s)", request.id, trigger.value, scope.value)
    return request


def hide_everything(user_id: int | None) -> set[int]:
    """Hide every comment of the person from everyone else (the caller commits); returns
    the articles whose pages changed. A comment approved later stays hidden too."""
    if user_id is None:
        return set()
    articles = _ids(
        select(Comment.article_id)
        .where(Comment.author_id == user_id, Comment.guardian_hold.is_(False))
        .distinct()
    )
    if articles:
        db.session.execute(
            update(Comment)
            .where(Comment.author_id == user_id, Comment.guardian_hold.is_(False))
            .values(guardian_hold=True)
            .execution_options(synchronize_session=False)
        )
    return articles


def _ids(query: Any) -> set[int]:
    return set(db.session.scalars(query))


def _same_request(
    hashed: str | None,
    trigger: ErasureTrigger,
    scope: ErasureScope,
    guardian_case_id: int | None,
    subject_gone: bool,
) -> ErasureRequest | None:
    states = (*OPEN_STATES, ErasureState.COMPLETED) if subject_gone else OPEN_STATES
    query = select(ErasureRequest).where(ErasureRequest.state.in_(states))
    if guardian_case_id is not None:
        query = query.where(ErasureRequest.guardian_case_id == guardian_case_id)
    elif hashed is not None:
        query = query.where(
            ErasureRequest.subject_hash == hashed,
            ErasureRequest.trigger == trigger,
            ErasureRequest.scope == scope,
        )
    else:
        return None
    return db.session.scalars(query.order_by(ErasureRequest.id.desc()).limit(1)).first()


def new_code() -> str:
    return secrets.token_hex(CODE_BYTES)


def erase_outside_comments(user: User) -> ErasureRequest:
    """A reader first classified under 16: erase every context but comments (caller commits)."""
    return request_erasure(user, ErasureTrigger.MINOR_DISCOVERED, ErasureScope.NON_COMMENT)


def delete_own_account(user: User) -> ErasureRequest:
    """The reader deletes their account: every session ends now, the job erases the rest."""
    request = request_erasure(user, ErasureTrigger.SELF)
    sessions.end_all_sessions(user.id)
    db.session.commit()
    return request


def by_code(code: str) -> ErasureRequest | None:
    if not code.isalnum() or len(code) > 32:
        return None
    return db.session.scalar(select(ErasureRequest).where(ErasureRequest.code == code))


# -- replay after a backup restore -----------------------------------------------------------


@dataclass
class ReplayResult:
    matched: int = 0
    skipped_returning: int = 0
    requests: list[ErasureRequest] = field(default_factory=list)


def replay(batch_size: int = 1000) -> ReplayResult:
    """Re-request the erasure of every registered subject found among the users (after a
    restore brought them back). A reader who came back *after* their erasure keeps the new
    account; only NON_COMMENT erasures apply to them again. The caller runs the jobs.
    """
    registry = {row.subject_hash: row for row in db.session.scalars(select(ErasedSubject))}
    result = ReplayResult()
    if not registry:
        return result
    last_id = 0
    while True:
        users = db.session.scalars(
            select(User).where(User.id > last_id).order_by(User.id).limit(batch_size)
        ).all()
        if not users:
            break
        last_id = users[-1].id
        for user in users:
            entry = registry.get(pseudonyms.subject_hash(user.facebook_id))
            if entry is None:
                continue
            result.matched += 1
            if entry.scope is ErasureScope.ACCOUNT and user.created_at > entry.last_erased_at:
                result.skipped_returning += 1
                continue
            result.requests.append(request_erasure(user, ErasureTrigger.REPLAY, entry.scope))
        db.session.commit()
    return result


def import_registry(entries: Iterable[dict[str, object]]) -> int:
    """Merge exported registry entries (keyed hashes); returns how many were new."""
    added = 0
    for item in entries:
        subject_hash = str(item["subject_hash"])
        scope = ErasureScope(str(item["scope"]))
        erased_at = datetime.fromisoformat(str(item["last_erased_at"]))
        row = db.session.get(ErasedSubject, subject_hash)
        if row is None:
            db.session.add(
                ErasedSubject(
                    subject_hash=subject_hash,
                    was_minor=bool(item.get("was_minor")),
                    scope=scope,
                    first_erased_at=datetime.fromisoformat(
                        str(item.get("first_erased_at") or item["last_erased_at"])
                    ),
                    last_erased_at=erased_at,
                )
            )
            added += 1
        else:
            merge_registry_entry(row, bool(item.get("was_minor")), scope, erased_at)
    db.session.commit()
    return added


def export_registry() -> list[dict[str, object]]:
    """The erased-subjects registry as plain data (keyed hashes only), to keep off-site."""
    return [
        {
            "subject_hash": row.subject_hash,
            "was_minor": row.was_minor,
            "scope": row.scope.value,
            "first_erased_at": row.first_erased_at.isoformat(),
            "last_erased_at": row.last_erased_at.isoformat(),
        }
        for row in db.session.scalars(select(ErasedSubject).order_by(ErasedSubject.subject_hash))
    ]


def merge_registry_entry(
    row: ErasedSubject, was_minor: bool, scope: ErasureScope, erased_at: datetime
) -> None:
    """Never forget that someone was a child; the widest scope wins; keep the latest time."""
    row.was_minor = row.was_minor or was_minor
    if scope is ErasureScope.ACCOUNT:
        row.scope = ErasureScope.ACCOUNT
    row.last_erased_at = max(row.last_erased_at, erased_at)


def receipt(request_id: int) -> ErasureRequest | None:
    return db.session.get(ErasureRequest, request_id)


def wait_until_done(request_ids: list[int], timeout: float, poll: float = 1.0) -> int:
    """Wait for the workers to finish these requests; returns how many are still open."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        open_count = (
            db.session.scalar(
                select(func.count())
                .select_from(ErasureRequest)
                .where(ErasureRequest.id.in_(request_ids), ErasureRequest.state.in_(OPEN_STATES))
            )
            if request_ids
            else 0
        )
        if not open_count or time.monotonic() >= deadline:
            return int(open_count or 0)
        time.sleep(poll)
