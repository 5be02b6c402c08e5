"""A reader's own data, gathered by the privacy map's rules: for /me and /me/export.json."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.models import Article, User
from app.privacy import map as privacy_map


def _model_for(table_name: str) -> Any:
    for mapper in db.Model.registry.mappers:  # type: ignore[attr-defined]  # untyped
        if mapper.local_table is not None and mapper.local_table.name == table_name:
            return mapper.class_
    raise LookupError(table_name)


def _owner_condition(table: privacy_map.Table, user: User) -> Any:
    if table.owner is None:
        raise ValueError(f"{table.name} does not belong to one person")
    model = _model_for(table.name)
    return getattr(model, table.owner) == getattr(user, table.owner_key)


def _plain_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    return value


def export_for(user: User) -> dict[str, Any]:
    """Everything we hold about the reader, as the privacy map says to export it."""
    data: dict[str, Any] = {}
    for table in privacy_map.owned_tables():
        model = _model_for(table.name)
        columns = table.exported_columns()
        rows = db.session.execute(
            select(*(getattr(model, c) for c in columns))
            .where(_owner_condition(table, user))
            .order_by(*(model.__table__.primary_key.columns))
        ).all()
        data[table.name] = [
            {name: _plain_value(value) for name, value in zip(columns, row, strict=True)}
            for row in rows
        ]
    article_ids = {c["article_id"] for c in data.get("comments", [])}
    articles = db.session.execute(
        select(Article.id, Article.key, Article.title, Article.url).where(
            Article.id.in_(article_ids)
        )
    ).all()
    return {
        "about": "Everything Kommentar holds about you, with what each part is for: see "
        "the privacy statement.",
        "generated_at": _plain_value(clock.now()),
        "privacy_policy_version": current_app.config["PRIVACY_POLICY_VERSION"],
        "purposes": {
            table.name: {
                "what": gettext(table.label),
                "why": gettext(table.purpose),
                "kept": table.retention.describe(current_app.config),
            }
            for table in privacy_map.owned_tables()
        },
        "data": data,
        "articles_you_commented_on": [
            {"id": a.id, "key": a.key, "title": a.title, "url": a.url} for a in articles
        ],
    }


@dataclass(frozen=True)
class Holding:
    """One kind of data we hold about the reader, with how much and why."""

    table: str
    label: str
    count: int
    purpose: str
    retention: str


def holdings(user: User) -> list[Holding]:
    """How many rows of each kind we hold about the reader, and why (for /me)."""
    result = []
    for table in privacy_map.owned_tables():
        model = _model_for(table.name)
        count = db.session.scalar(
            select(func.count()).select_from(model).where(_owner_condition(table, user))
        )
        result.append(
            Holding(
                table.name,
                gettext(table.label),
                int(count or 0),
                gettext(table.purpose),
                table.retention.describe(current_app.config),
            )
        )
    return result
