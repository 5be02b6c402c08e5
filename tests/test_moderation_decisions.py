"""Moderators approve, reject, claim and undo; every decision is made once and only once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock, jobs
from app.extensions import db
from app.models import AgeClass, AuditAction, AuditEntry, Comment, CommentStatus, User
from app.services import moderation, page_cache
from tests.helpers import shown
from tests.test_moderation_support import (
    audit_count,
    desk_post,
    hold_comment,
    make_moderator,
    status_of,
)


@pytest.fixture
def child(make_user):
    return make_user(AgeClass.UNDER_16_PRESUMED)


@pytest.fixture
def article(make_article):
    return make_article()


def test_moderator_approves_a_held_comment_and_it_is_published(client, login, child, article):
    comment = hold_comment(article, child, "Bra at bybanen kommer!")
    login(make_moderator())
    response = desk_post(client, f"/moderation/comments/{comment.id}/approve")
    assert response.status_code == 302
    assert response.location == "/moderation/minors"
    db.session.expire_all()
    approved = db.session.get(Comment, comment.id)
    assert approved.status is CommentStatus.PUBLISHED
    assert approved.published_at is not None and approved.decided_at is not None
    assert approved.is_visible_to_public
    assert audit_count(action=AuditAction.APPROVE, comment_id=comment.id) == 1
    page = shown(client.get("/moderation/minors"))
    assert "Bra at bybanen kommer!" not in page  # gone from the queue
    assert f"You approved comment {comment.id}." in page  # ... with an undo button


def test_readers_of_a_cached_thread_see_the_comment_once_approved(app, client, login, child,
                                                                  article):
    comment = hold_comment(article, child, "Bra at bybanen kommer!")
    reader = app.test_client()  # anonymous: served from the page cache
    before = reader.get(f"/articles/{article.key}")
    assert before.status_code == 200
    assert "Bra at bybanen kommer!" not in before.text
    assert cached_pages(article)  # the thread is in the cache now

    login(make_moderator())
    desk_post(client, f"/moderation/comments/{comment.id}/approve")

    after = reader.get(f"/articles/{article.key}")
    assert after.status_code == 200
    assert "Bra at bybanen kommer!" in after.text


def cached_pages(article) -> list[bytes]:
    return list(jobs.connection().scan_iter(match=f"{page_cache.PREFIX}{article.key}:*"))


def test_moderator_rejects_with_a_reason_the_author_will_see(client, login, child, article):
    comment = hold_comment(article, child, "Ring meg på 912 34 567")
    login(make_moderator())
    response = desk_post(
        client,
        f"/moderation/comments/{comment.id}/reject",
        {"reason": "contact", "note": "Ikke del telefonnummeret ditt her."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    rejected = db.session.get(Comment, comment.id)
    assert rejected.status is CommentStatus.REJECTED
    assert rejected.rejection_reason == "Contact details: Ikke del telefonnummeret ditt her."
    assert not rejected.is_visible_to_public
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == AuditAction.REJECT))
    assert entry.reason == rejected.rejection_reason


def test_a_preset_reason_alone_is_enough(client, login, child, article):
    comment = hold_comment(article, child)
    login(make_moderator())
    desk_post(client, f"/moderation/comments/{comment.id}/reject", {"reason": "bullying"})
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).rejection_reason == "Bullying or harassment"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reason": ""},
        {"reason": "because"},
        {"reason": "other"},  # "Other" needs words
        {"reason": "other", "note": "   "},
        {"reason": "contact", "note": "x" * 501},
    ],
)
def test_a_rejection_without_a_proper_reason_is_400_and_changes_nothing(
    data, client, login, child, article
):
    comment = hold_comment(article, child)
    login(make_moderator())
    response = desk_post(client, f"/moderation/comments/{comment.id}/reject", data)
    assert response.status_code == 400
    assert status_of(comment.id) is CommentStatus.PENDING
    assert audit_count() == 0


def test_a_reason_of_exactly_500_characters_is_accepted(client, login, child, article):
    comment = hold_comment(article, child)
    login(make_moderator())
    note = "å" * 500
    desk_post(
        client,
        f"/moderation/comments/{comment.id}/reject",
        {"reason": "personal_info", "note": note},
    )
    db.session.expire_all()
    stored = db.session.get(Comment, comment.id).rejection_reason
    assert stored == f"Contains personal information: {note}"


def test_deciding_an_already_decided_comment_is_a_clear_no_op(client, login, child, article):
    comment = hold_comment(article, child)
    login(make_moderator())
    desk_post(client, f"/moderation/comments/{comment.id}/approve")
    again = desk_post(client, f"/moderation/comments/{comment.id}/approve")
    assert again.status_code == 409
    assert "Already decided" in again.text
    reject = desk_post(client, f"/moderation/comments/{comment.id}/reject", {"reason": "off_topic"})
    assert reject.status_code == 409
    assert status_of(comment.id) is CommentStatus.PUBLISHED
    assert audit_count(comment_id=comment.id) == 1


def test_deciding_an_erased_comment_is_a_clear_no_op(client, login, child, article):
    comment = hold_comment(article, child)
    comment_id = comment.id
    db.session.delete(comment)  # the erasure engine got there first
    db.session.commit()
    login(make_moderator())
    for action, data in (("approve", {}), ("reject", {"reason": "other", "note": "nei"})):
        response = desk_post(client, f"/moderation/comments/{comment_id}/{action}", data)
        assert response.status_code == 409
        assert "Nothing was changed" in response.text
    assert client.get(f"/moderation/comments/{comment_id}").status_code == 404
    assert audit_count() == 0


def test_two_moderators_approving_at_once_make_one_decision(app, child, article):
    comment = hold_comment(article, child)
    first, second = make_moderator(name="Mona"), make_moderator(name="Magnus")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(moderator_id: int) -> None:
        with app.app_context():  # a session of its own, like another web process
            moderator = db.session.get(User, moderator_id)
            db.session.get(Comment, comment.id)  # both saw it pending
            barrier.wait()
            try:
                moderation.approve(moderator, comment.id)
                outcomes.append("approved")
            except moderation.AlreadyDecided:
                outcomes.append("already decided")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=decide, args=(m.id,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already decided", "approved"]
    assert audit_count(action=AuditAction.APPROVE, comment_id=comment.id) == 1


def test_approve_and_reject_racing_from_stale_pages_make_one_decision(
    app, client, login, child, article
):
    comment = hold_comment(article, child)
    mona, magnus = make_moderator(name="Mona"), make_moderator(name="Magnus")
    other = app.test_client()
    login(mona)
    login(magnus, via=other)
    assert f"comment-{comment.id}" in client.get("/moderation/minors").text
    assert f"comment-{comment.id}" in other.get("/moderation/minors").text
    first = desk_post(client, f"/moderation/comments/{comment.id}/approve")
    second = desk_post(other, f"/moderation/comments/{comment.id}/reject", {"reason": "bullying"})
    assert (first.status_code, second.status_code) == (302, 409)
    assert status_of(comment.id) is CommentStatus.PUBLISHED
    assert audit_count(comment_id=comment.id) == 1


def test_a_claim_keeps_other_moderators_from_deciding(app, client, login, child, article):
    comment = hold_comment(article, child)
    mona, magnus = make_moderator(name="Mona"), make_moderator(name="Magnus")
    other = app.test_client()
    login(mona)
    login(magnus, via=other)
    assert desk_post(client, f"/moderation/comments/{comment.id}/claim").status_code == 302
    assert "Claimed by you" in client.get("/moderation/minors").text
    assert "Claimed by another moderator" in other.get("/moderation/minors").text
    refused = desk_post(other, f"/moderation/comments/{comment.id}/approve")
    assert refused.status_code == 409
    assert "Another moderator has claimed this comment" in refused.text
    assert desk_post(other, f"/moderation/comments/{comment.id}/claim").status_code == 409
    assert status_of(comment.id) is CommentStatus.PENDING
    # The one who claimed it decides.
    assert desk_post(client, f"/moderation/comments/{comment.id}/approve").status_code == 302
    assert status_of(comment.id) is CommentStatus.PUBLISHED
    assert audit_count(action=AuditAction.CLAIM, comment_id=comment.id) == 1


def test_an_expired_claim_no_longer_blocks(app, client, login, child, article):
    comment = hold_comment(article, child)
    mona, magnus = make_moderator(name="Mona"), make_moderator(name="Magnus")
    moderation.claim(mona, comment.id)
    stale = db.session.get(Comment, comment.id)
    stale.claimed_at = clock.now() - timedelta(seconds=app.config["CLAIM_SECONDS"] + 1)
    db.session.commit()
    login(magnus)
    assert desk_post(client, f"/moderation/comments/{comment.id}/approve").status_code == 302
    assert status_of(comment.id) is CommentStatus.PUBLISHED


def test_undo_within_the_window_holds_the_comment_again(client, login, child, article):
    comment = hold_comment(article, child, "Angrer du?")
    moderator = make_moderator()
    login(moderator)
    desk_post(client, f"/moderation/comments/{comment.id}/approve")
    response = desk_post(client, f"/moderation/comments/{comment.id}/undo")
    assert response.status_code == 302
    db.session.expire_all()
    held = db.session.get(Comment, comment.id)
    assert held.status is CommentStatus.PENDING
    assert held.published_at is None and held.decided_at is None
    assert held.claimed_by_id == moderator.id  # back in its place, kept for the same moderator
    assert "Angrer du?" in client.get("/moderation/minors").text
    approval = db.session.scalar(select(AuditEntry).where(AuditEntry.action == AuditAction.APPROVE))
    assert approval.undone_at is not None
    assert audit_count(action=AuditAction.UNDO, comment_id=comment.id) == 1
    # Undoing twice is a no-op.
    assert desk_post(client, f"/moderation/comments/{comment.id}/undo").status_code == 409
    assert audit_count(action=AuditAction.UNDO) == 1


def test_undo_of_a_rejection_forgets_the_reason(client, login, child, article):
    comment = hold_comment(article, child)
    login(make_moderator())
    desk_post(client, f"/moderation/comments/{comment.id}/reject", {"reason": "off_topic"})
    desk_post(client, f"/moderation/comments/{comment.id}/undo")
    db.session.expire_all()
    held = db.session.get(Comment, comment.id)
    assert (held.status, held.rejection_reason) == (CommentStatus.PENDING, None)


def test_undo_after_the_window_is_refused(client, login, child, article, app):
    comment = hold_comment(article, child)
    login(make_moderator())
    desk_post(client, f"/moderation/comments/{comment.id}/approve")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == AuditAction.APPROVE))
    entry.created_at = clock.now() - timedelta(seconds=app.config["UNDO_SECONDS"] + 1)
    db.session.commit()
    response = desk_post(client, f"/moderation/comments/{comment.id}/undo")
    assert response.status_code == 409
    assert "Too late to undo" in response.text
    assert status_of(comment.id) is CommentStatus.PUBLISHED
    assert "Undo" not in client.get("/moderation/minors").text.split("desk-help")[0]


def test_only_the_deciding_moderator_may_undo(app, client, login, child, article):
    comment = hold_comment(article, child)
    mona, magnus = make_moderator(name="Mona"), make_moderator(name="Magnus")
    moderation.approve(mona, comment.id)
    login(magnus)
    assert desk_post(client, f"/moderation/comments/{comment.id}/undo").status_code == 409
    assert status_of(comment.id) is CommentStatus.PUBLISHED


def test_bulk_approval_decides_each_and_reports_the_skipped(client, login, child, article):
    comments = [hold_comment(article, child, f"Kommentar {n}") for n in range(3)]
    decided_already = hold_comment(article, child, "Allerede avgjort")
    moderator = make_moderator()
    moderation.reject(moderator, decided_already.id, "Off-topic")
    login(moderator)
    ids = [str(c.id) for c in comments] + [str(decided_already.id), "987654"]
    response = desk_post(
        client, "/moderation/minors/bulk", {"ids": ids, "action": "approve"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Approved 3." in response.text
    skipped = f"claimed by another moderator): {decided_already.id}, 987654."
    assert "Skipped 2 (already decided, gone, or " + skipped in response.text
    assert [status_of(c.id) for c in comments] == [CommentStatus.PUBLISHED] * 3
    assert status_of(decided_already.id) is CommentStatus.REJECTED
    assert audit_count(action=AuditAction.APPROVE) == 3


def test_bulk_rejection_needs_a_reason_and_gives_it_to_each(client, login, child, article):
    comments = [hold_comment(article, child, f"Kommentar {n}") for n in range(2)]
    login(make_moderator())
    ids = [str(c.id) for c in comments]
    refused = desk_post(client, "/moderation/minors/bulk", {"ids": ids, "action": "reject"})
    assert refused.status_code == 400
    assert [status_of(c.id) for c in comments] == [CommentStatus.PENDING] * 2
    desk_post(
        client, "/moderation/minors/bulk", {"ids": ids, "action": "reject", "reason": "off_topic"}
    )
    db.session.expire_all()
    for comment in comments:
        stored = db.session.get(Comment, comment.id)
        assert (stored.status, stored.rejection_reason) == (CommentStatus.REJECTED, "Off-topic")


def test_bulk_skips_comments_claimed_by_another_moderator(app, client, login, child, article):
    mine, theirs = hold_comment(article, child, "a"), hold_comment(article, child, "b")
    mona, magnus = make_moderator(name="Mona"), make_moderator(name="Magnus")
    moderation.claim(magnus, theirs.id)
    login(mona)
    response = desk_post(
        client,
        "/moderation/minors/bulk",
        {"ids": [str(mine.id), str(theirs.id)], "action": "approve"},
        follow_redirects=True,
    )
    assert "Approved 1." in response.text and "Skipped 1" in response.text
    assert status_of(theirs.id) is CommentStatus.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {"ids": ["abc"], "action": "approve"},
        {"ids": ["1", "-2"], "action": "approve"},
        {"ids": ["99999999999999999999"], "action": "approve"},
        {"ids": [], "action": "approve"},
        {"ids": ["1"], "action": "publish-everything"},
        {"ids": [str(n) for n in range(1, 300)], "action": "approve"},
    ],
)
def test_bulk_with_bad_input_is_400_and_changes_nothing(data, client, login, child, article):
    comment = hold_comment(article, child)
    login(make_moderator())
    response = desk_post(client, "/moderation/minors/bulk", data)
    assert response.status_code == 400
    assert status_of(comment.id) is CommentStatus.PENDING


def test_the_queue_lists_the_keyboard_shortcuts_and_loads_the_desk_script(client, login):
    login(make_moderator())
    page = shown(client.get("/moderation/minors"))
    help_text = page.split('id="desk-help"')[1]
    for key, action in [
        ("j", "next"),
        ("a", "approve"),
        ("r", "reject"),
        ("c", "claim"),
        ("u", "undo"),
        ("x", "select"),
        ("?", "help"),
    ]:
        assert f"<kbd>{key}</kbd>" in help_text and action in help_text
    assert "<kbd>Shift</kbd>+<kbd>A</kbd>" in help_text
    assert "<kbd>Shift</kbd>+<kbd>R</kbd>" in help_text
    assert '<script src="/static/desk.js" defer></script>' in page
    assert "<script>" not in page  # CSP: no inline scripts
    with client.get("/static/desk.js") as script:  # closes the file it streams
        assert script.status_code == 200 and script.data


def test_every_action_also_works_as_a_plain_form(client, login, child, article):
    comment = hold_comment(article, child)
    login(make_moderator())
    page = client.get("/moderation/minors").text
    for action in ("approve", "reject", "claim"):
        assert f'action="/moderation/comments/{comment.id}/{action}"' in page
    assert 'action="/moderation/minors/bulk"' in page
    assert f'name="ids" value="{comment.id}" form="bulk-form"' in page
