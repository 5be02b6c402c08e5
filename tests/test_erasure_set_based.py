"""Issue 12: erasing a reader's comments is set-based — the statements it takes do not grow
with the number of comments (a batch is one array of ids on PostgreSQL) — and the tree
comes out as before: what someone else's words hang under stays as an author-less
tombstone, everything else of theirs goes, replies of their own first."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from app.extensions import db
from app.models import (
    AgeClass,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureTrigger,
    LoginSession,
)
from app.privacy import batches, engine
from app.services import erasure
from tests.factories import make_comment


def erase(user, batch_size=None) -> ErasureRequest:
    request = erasure.request_erasure(user, ErasureTrigger.SELF)
    db.session.commit()
    request_id = request.id
    assert engine.erase(request_id, batch_size) == "completed"
    db.session.expire_all()
    return db.session.get(ErasureRequest, request_id)


@pytest.mark.parametrize("batch_size", [1, 2, None])
def test_the_tree_keeps_what_others_wrote_under_author_less_tombstones(
    make_user, make_article, batch_size
):
    me, other = make_user(AgeClass.ADULT), make_user(AgeClass.ADULT)
    article = make_article()
    a = make_comment(article, me, "A")
    b = make_comment(article, other, "B (someone else's answer to A)", parent=a)
    c = make_comment(article, me, "C (mine, under B)", parent=b)
    make_comment(article, me, "D (mine, under C)", parent=c)
    e = make_comment(article, me, "E")
    f = make_comment(article, me, "F (mine, under E)", parent=e)
    g = make_comment(article, other, "G (someone else's, under F)", parent=f)
    make_comment(article, me, "H")
    i = make_comment(article, me, "I")
    make_comment(article, me, "J (mine, under I)", parent=i)
    ids = {"a": a.id, "b": b.id, "e": e.id, "f": f.id, "g": g.id}

    receipt = erase(me, batch_size)

    left = dict(db.session.execute(select(Comment.id, Comment.status)).all())
    assert left == {
        ids["a"]: CommentStatus.ERASED,
        ids["b"]: CommentStatus.PUBLISHED,
        ids["e"]: CommentStatus.ERASED,
        ids["f"]: CommentStatus.ERASED,
        ids["g"]: CommentStatus.PUBLISHED,
    }
    for key in ("a", "e", "f"):
        tombstone = db.session.get(Comment, ids[key])
        assert (tombstone.author_id, tombstone.body_html, tombstone.screened_html) == (
            None,
            "",
            None,
        )
    assert db.session.get(Comment, ids["g"]).parent_id == ids["f"]
    assert receipt.counts["comments_deleted"] == 5
    assert receipt.counts["comments_tombstoned"] == 3


def test_erasing_many_comments_takes_no_more_statements_than_erasing_a_few(
    make_user, make_article
):
    article = make_article()

    def statements_to_erase(count: int) -> int:
        reader, other = make_user(AgeClass.ADULT), make_user(AgeClass.ADULT)
        reader_id = reader.id
        mine = [make_comment(article, reader, f"nr {n}") for n in range(count)]
        make_comment(article, other, "Et svar", parent=mine[0])
        make_comment(article, reader, "Mitt svar til meg selv", parent=mine[1])
        seen: list[str] = []

        def statement(conn, cursor, sql, *args):
            seen.append(sql)

        event.listen(db.engine, "before_cursor_execute", statement)
        try:
            erase(reader, batch_size=500)
        finally:
            event.remove(db.engine, "before_cursor_execute", statement)
        assert db.session.scalar(
            select(func.count()).select_from(Comment).where(Comment.author_id == reader_id)
        ) == 0
        return len(seen)

    assert statements_to_erase(40) == statements_to_erase(4)


def test_a_batch_of_ids_is_one_parameter_on_postgresql(app, make_user, make_article):
    clause = batches.id_in(Comment.id, [3, 1, 2])
    compiled = clause.compile(db.engine)
    if db.engine.dialect.name == "postgresql":
        assert "ANY" in str(compiled) and list(compiled.params.values()) == [[1, 2, 3]]
    else:
        assert str(compiled).count("IN") == 1


def test_rows_with_text_keys_go_by_a_batch_of_their_ids_too(make_user):
    reader = make_user(AgeClass.ADULT)
    db.session.add_all(
        [LoginSession(id=key * 64, user_id=reader.id) for key in ("a", "b", "c")]
    )
    db.session.commit()
    assert batches.delete_ids(LoginSession, ["a" * 64, "c" * 64]) == 2
    db.session.commit()
    assert db.session.scalars(select(LoginSession.id)).all() == ["b" * 64]
