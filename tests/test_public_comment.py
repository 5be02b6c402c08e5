"""A public comment is defined once (app/models/comment.py): the row's property, the rule the
threads apply to skeleton rows, and the SQL the queries filter on all agree."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, Comment, CommentStatus
from app.models.comment import is_public
from tests.factories import make_comment


def test_the_property_the_rule_and_the_sql_agree(make_user, make_article):
    article = make_article()
    author = make_user(AgeClass.ADULT)
    made = {}
    for status, hold in itertools.product(CommentStatus, (False, True)):
        comment = make_comment(article, author, f"{status.value} {hold}", status)
        comment.guardian_hold = hold
        made[comment.id] = (status, hold)
    db.session.commit()

    public_in_sql = set(db.session.scalars(select(Comment.id).where(Comment.is_visible_to_public)))

    assert len(made) == 2 * len(CommentStatus)
    for comment_id, (status, hold) in made.items():
        row = db.session.get(Comment, comment_id)
        assert row.is_visible_to_public is is_public(status, hold)
        assert (comment_id in public_in_sql) is is_public(status, hold)
    assert public_in_sql == {
        i for i, (status, hold) in made.items() if status is CommentStatus.PUBLISHED and not hold
    }
