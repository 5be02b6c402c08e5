"""Who may moderate what. Grants are keyed by Facebook id, so they exist before a first login."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import ModeratorGrant, ModeratorScope, User


def grant_for(user: Any) -> ModeratorGrant | None:
    if not isinstance(user, User):
        return None
    return db.session.scalar(
        select(ModeratorGrant).where(ModeratorGrant.facebook_id == user.facebook_id)
    )


def is_moderator(user: Any) -> bool:
    return grant_for(user) is not None


def can_review_minors(user: Any) -> bool:
    """Only full (vetted) moderators see children's comments and guardian cases."""
    grant = grant_for(user)
    return grant is not None and grant.scope is ModeratorScope.FULL


def grant(facebook_id: str, scope: ModeratorScope = ModeratorScope.FULL) -> ModeratorGrant:
    """Make someone a moderator (idempotent; a second call changes the scope)."""
    row = db.session.scalar(select(ModeratorGrant).where(ModeratorGrant.facebook_id == facebook_id))
    if row is None:
        row = ModeratorGrant(facebook_id=facebook_id, scope=scope)
        db.session.add(row)
    row.scope = scope
    db.session.commit()
    return row
