"""The one rule every path that makes a comment public asks first: nothing of a person whose
erasure was asked for (or done) is published again.

An erasure hides every comment of its subject in the trigger's own transaction
(``services/erasure.hide_everything``). What could bring one back is another path that
publishes: a new comment, an approval, a guardian hold released. Each of those asks here.
A reader counts as being erased while a whole-account erasure of theirs is open, and once
it completed, for an account from before it (restored from a backup; a person who came
back later with a new account is someone new). A comment whose author is gone was erased.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select

from app.extensions import db
from app.models import Comment, ErasureRequest, ErasureScope, ErasureState, User
from app.services.pseudonyms import subject_hash

_OPEN = (ErasureState.RECEIVED, ErasureState.RUNNING)


def authors_being_erased(author_ids: Iterable[int | None]) -> set[int]:
    """Of these accounts, those whose erasure is open, or completed after they were made
    (or whose row is gone already)."""
    ids = {i for i in author_ids if i is not None}
    if not ids:
        return set()
    accounts = db.session.execute(
        select(User.id, User.facebook_id, User.created_at).where(User.id.in_(ids))
    ).all()
    return (ids - {account.id for account in accounts}) | _being_erased(accounts)


def _being_erased(accounts: Iterable[Any]) -> set[int]:
    """Of these accounts (anything with id, facebook_id and created_at), those whose erasure
    is open, or completed after they were made: one query."""
    erased: set[int] = set()
    by_hash = {subject_hash(a.facebook_id): a for a in accounts}
    if not by_hash:
        return erased
    # By keyed hash (indexed; every request about an account carries it), so an account a
    # backup brought back is found too.
    requests = db.session.execute(
        select(
            ErasureRequest.subject_hash, ErasureRequest.state, ErasureRequest.completed_at
        ).where(
            ErasureRequest.subject_hash.in_(list(by_hash)),
            ErasureRequest.scope == ErasureScope.ACCOUNT,
            ErasureRequest.state.in_((*_OPEN, ErasureState.COMPLETED)),
        )
    ).all()
    for hashed, state, completed_at in requests:
        account = by_hash.get(hashed or "")
        if account is None:
            continue
        if state in _OPEN:
            erased.add(account.id)
        elif completed_at is not None and account.created_at <= completed_at:
            erased.add(account.id)  # an account from before the erasure: a backup restored it
    return erased


def publishable(comments: Iterable[Comment]) -> list[Comment]:
    """The comments that may become public: not erased, and not of a person being erased."""
    candidates = [c for c in comments if not c.status.is_tombstone and c.author_id is not None]
    blocked = authors_being_erased(c.author_id for c in candidates)
    return [c for c in candidates if c.author_id not in blocked]


def may_publish(comment: Comment) -> bool:
    return bool(publishable([comment]))


def may_write(author: User) -> bool:
    """A reader being erased adds nothing more (their session may outlive the request)."""
    return not db.session.scalar(select(being_erased(author)))


def being_erased(author: User) -> ColumnElement[bool]:
    """Whether this account (at hand: only its requests to read) is being erased, or was
    after it was made, as SQL: a write can ask it in its own statement (posting asks in the
    INSERT's RETURNING), saving a round trip. The same rule as :func:`_being_erased`."""
    return exists().where(
        ErasureRequest.subject_hash == subject_hash(author.facebook_id),
        ErasureRequest.scope == ErasureScope.ACCOUNT,
        or_(
            ErasureRequest.state.in_(_OPEN),
            and_(
                ErasureRequest.state == ErasureState.COMPLETED,
                ErasureRequest.completed_at >= author.created_at,
            ),
        ),
    )
