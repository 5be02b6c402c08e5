"""Working through many rows a batch at a time: the one helper the erasure engine and the
retention batches share. Each batch is committed by the caller before the next is read, so a
killed worker's re-run goes on where it stopped and no transaction grows without bound."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import any_, bindparam, delete, select
from sqlalchemy.dialects.postgresql import ARRAY

from app.extensions import db


def batches_of_ids(model: Any, condition: Any, size: int) -> Iterator[list[Any]]:
    """The primary keys of the rows matching ``condition``, ``size`` at a time, lowest first.

    The caller must make each batch stop matching (delete or change the rows) and commit
    before asking for the next one.
    """
    key = model.__mapper__.primary_key[0]
    while True:
        ids = list(db.session.scalars(select(key).where(condition).order_by(key).limit(size)))
        if not ids:
            return
        yield ids


def delete_where(model: Any, condition: Any) -> int:
    """Delete the matching rows in one statement (the caller commits); how many went."""
    result = db.session.execute(
        delete(model).where(condition).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult


def id_in(column: Any, ids: Any) -> Any:
    """``column IN ids`` as one parameter on PostgreSQL (``= ANY(:ids)``): a statement for
    thousands of ids is cheap to build and to send. Elsewhere a plain IN (keep ids few)."""
    ids = sorted(ids)
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(column.type)))
    return column.in_(ids)


def default_size() -> int:
    """Rows per batch unless a caller asks otherwise: more on PostgreSQL, whose statements
    take the ids as one array parameter; each batch is one commit."""
    return 5000 if db.session.get_bind().dialect.name == "postgresql" else 500


def delete_ids(model: Any, ids: list[Any]) -> int:
    """Delete the rows with these primary keys (the caller commits); how many went."""
    return delete_where(model, id_in(model.__mapper__.primary_key[0], ids))
