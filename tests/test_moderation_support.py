"""Helpers shared by the desk's tests (no tests here): moderators, held comments, forms."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.models import AgeClass, Article, AuditEntry, Comment, CommentStatus, ModeratorScope, User
from app.services import roles
from tests import factories
from tests.helpers import token_of as csrf_of


def make_moderator(scope: ModeratorScope = ModeratorScope.FULL, name: str = "Mona") -> User:
    """An adult reader with the moderator role (granted by Facebook id, as the CLI does)."""
    user = factories.make_user(AgeClass.ADULT, name=name)
    roles.grant(user.facebook_id, scope)
    return user


def hold_comment(
    article: Article,
    author: User,
    text: str = "Jeg er enig!",
    parent: Comment | None = None,
) -> Comment:
    """A child's comment as the comment service stores it: pending, with its screening job."""
    comment = factories.make_comment(article, author, text, CommentStatus.PENDING, parent)
    jobs.defer(jobs.SCREEN_COMMENT, comment.id)
    db.session.commit()
    return comment


def desk_post(client: FlaskClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any):
    """POST a desk form the way a browser does: with the page's CSRF token."""
    form = {"csrf_token": csrf_of(client), **(data or {})}
    return client.post(path, data=form, **kwargs)


def status_of(comment_id: int) -> CommentStatus | None:
    db.session.expire_all()
    comment = db.session.get(Comment, comment_id)
    return None if comment is None else comment.status


def audit_count(**where: Any) -> int:
    stmt = select(func.count()).select_from(AuditEntry)
    for name, value in where.items():
        stmt = stmt.where(getattr(AuditEntry, name) == value)
    return db.session.scalar(stmt) or 0


def article_items(html: str) -> list[str]:
    """The ids of the comments shown as desk items, in page order."""
    return re.findall(r'data-desk-item id="comment-(\d+)"', html)
