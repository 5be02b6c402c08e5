"""A moderator who finds a child can erase the whole account from the desk."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import (
    AgeClass,
    AuditAction,
    AuditEntry,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureState,
    ErasureTrigger,
    ModeratorScope,
    User,
)
from tests.factories import make_comment
from tests.helpers import shown
from tests.test_moderation_support import desk_post, hold_comment, make_moderator


def test_moderator_erases_a_childs_account_and_replies_keep_their_place(
    client, login, make_user, make_article, run_jobs
):
    article = make_article()
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Ida")
    child_id = child.id
    published = make_comment(article, child, "Jeg er 12 år", CommentStatus.PUBLISHED)
    reply = make_comment(
        article, make_user(), "Velkommen!", CommentStatus.PUBLISHED, parent=published
    )
    held = hold_comment(article, child, "Min snap er ida2013")
    held_id, published_id, reply_id = held.id, published.id, reply.id
    login(make_moderator())
    assert "Erase the author" in client.get(f"/moderation/comments/{held.id}").text

    answer = desk_post(client, f"/moderation/users/{child_id}/erase", {"comment_id": held.id})
    assert answer.status_code in (302, 303)
    run_jobs()

    request = db.session.scalars(select(ErasureRequest)).one()
    assert request.trigger is ErasureTrigger.MODERATOR
    assert request.state is ErasureState.COMPLETED
    assert db.session.get(User, child_id) is None
    assert db.session.get(Comment, held_id) is None
    assert db.session.get(Comment, published_id).status is CommentStatus.ERASED
    assert db.session.get(Comment, reply_id).status is CommentStatus.PUBLISHED
    page = shown(client.get(f"/articles/{article.key}"))
    assert "Velkommen!" in page and "Jeg er 12 år" not in page
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.ERASE_ACCOUNT)
    ).one()
    assert entry.subject_pseudonym and "Ida" not in str(entry.details)


def test_only_vetted_moderators_may_erase_an_account(client, login, make_user):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    login(make_moderator(ModeratorScope.REPORTS))
    answer = desk_post(client, f"/moderation/users/{child.id}/erase")
    assert answer.status_code == 403
    assert db.session.scalars(select(ErasureRequest)).all() == []


def test_erasing_without_csrf_token_changes_nothing(client, login, make_user):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    login(make_moderator())
    assert client.post(f"/moderation/users/{child.id}/erase").status_code == 400
    assert db.session.scalars(select(ErasureRequest)).all() == []


def test_a_readers_account_cannot_be_erased_by_another_reader(client, login, make_user):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    login(make_user())
    assert desk_post(client, f"/moderation/users/{child.id}/erase").status_code == 403
    assert db.session.get(User, child.id) is not None


def test_unknown_reader_is_not_found(client, login):
    login(make_moderator())
    assert desk_post(client, "/moderation/users/999999/erase").status_code == 404
