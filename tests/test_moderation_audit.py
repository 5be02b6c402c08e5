"""Every decision is in the audit log, by pseudonym, and the log outlives the author."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AgeClass, AuditAction, AuditEntry, Comment, ReportReason, User
from app.services import moderation, pseudonyms
from tests import factories
from tests.test_moderation_reports import report
from tests.test_moderation_support import desk_post, hold_comment, make_moderator


def entries(action: AuditAction | None = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    return list(db.session.scalars(stmt))


def test_every_kind_of_decision_writes_one_entry(client, login, make_user, make_article):
    article = make_article()
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Ida Hansen")
    adult = make_user(AgeClass.ADULT, name="Ola Nordmann")
    approved, rejected = hold_comment(article, child, "a"), hold_comment(article, child, "b")
    removed = factories.make_comment(article, adult, "c")
    dismissed = factories.make_comment(article, adult, "d")
    report(removed, ReportReason.ABUSE)
    report(dismissed, ReportReason.SPAM)
    moderator = make_moderator(name="Mona Moderator")
    login(moderator)
    desk_post(client, f"/moderation/comments/{approved.id}/claim")
    desk_post(client, f"/moderation/comments/{approved.id}/approve")
    desk_post(client, f"/moderation/comments/{approved.id}/undo")
    desk_post(client, f"/moderation/comments/{approved.id}/approve")
    desk_post(client, f"/moderation/comments/{rejected.id}/reject", {"reason": "off_topic"})
    desk_post(client, f"/moderation/reports/{removed.id}/remove")
    desk_post(client, f"/moderation/reports/{dismissed.id}/dismiss")
    desk_post(client, f"/moderation/users/{adult.id}/suspend")
    desk_post(client, f"/moderation/users/{adult.id}/unsuspend")
    desk_post(client, f"/moderation/users/{adult.id}/mark-under-16")
    actions = [e.action for e in entries()]
    assert actions == [
        AuditAction.CLAIM,
        AuditAction.APPROVE,
        AuditAction.UNDO,
        AuditAction.APPROVE,
        AuditAction.REJECT,
        AuditAction.REMOVE,
        AuditAction.DISMISS_REPORT,
        AuditAction.SUSPEND,
        AuditAction.UNSUSPEND,
        AuditAction.MARK_UNDER_16,
    ]
    for entry in entries():
        assert entry.moderator_id == moderator.id
        assert entry.moderator_pseudonym == pseudonyms.pseudonym("user", moderator.id)
    approval = entries(AuditAction.APPROVE)[-1]
    assert approval.subject_pseudonym == pseudonyms.pseudonym("user", child.id)
    assert approval.comment_id == approved.id and approval.queue == "under_16"
    assert isinstance(approval.details["waited_seconds"], int)
    assert entries(AuditAction.REJECT)[0].reason == "Off-topic"
    assert entries(AuditAction.REMOVE)[0].queue == "reported"


def test_the_log_shows_pseudonyms_never_names_or_facebook_ids(
    client, login, make_user, make_article
):
    child = make_user(AgeClass.UNDER_16_PRESUMED, name="Ida Hansen")
    comment = hold_comment(make_article(), child, "Hei")
    moderator = make_moderator(name="Mona Moderator")
    login(moderator)
    desk_post(client, f"/moderation/comments/{comment.id}/reject", {"reason": "contact"})
    page = client.get("/moderation/audit").text
    log = page.split("<h1>Audit log</h1>")[1]
    assert pseudonyms.pseudonym("user", child.id) in log
    assert pseudonyms.pseudonym("user", moderator.id) in log
    assert "Contact details" in log
    for secret in ("Ida Hansen", child.facebook_id, "Mona Moderator", moderator.facebook_id):
        assert secret not in log
    columns = {c.name for c in AuditEntry.__table__.columns}
    assert not columns & {"subject_id", "author_id", "display_name", "facebook_id"}


def test_the_log_is_filtered_by_action(client, login, make_user, make_article):
    article = make_article()
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    one, two = hold_comment(article, child), hold_comment(article, child)
    moderator = make_moderator()
    moderation.approve(moderator, one.id)
    moderation.reject(moderator, two.id, "Off-topic")
    login(moderator)
    page = client.get("/moderation/audit?action=reject").text
    rows = page.split("<tbody>")[1]
    assert "Rejected" in rows and "Approved" not in rows
    assert '<option value="reject" selected>' in page


def test_the_log_outlives_the_erasure_of_the_author(client, login, make_user, make_article):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    comment = hold_comment(make_article(), child, "Slettes")
    moderator = make_moderator()
    moderation.reject(moderator, comment.id, "Contact details")
    subject = pseudonyms.pseudonym("user", child.id)
    # The erasure engine removes the person and their comment.
    db.session.delete(db.session.get(Comment, comment.id))
    db.session.delete(db.session.get(User, child.id))
    db.session.commit()
    login(moderator)
    page = client.get("/moderation/audit").text
    assert subject in page and "Contact details" in page
    (entry,) = entries(AuditAction.REJECT)
    assert entry.comment_id == comment.id and entry.subject_pseudonym == subject


def test_the_log_pages_back_in_time(app, client, login, make_user, make_article):
    app.config["MODERATION_PAGE_SIZE"] = 2  # the desk's page size, as the queues use
    article = make_article()
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    moderator = make_moderator()
    for n in range(5):
        moderation.claim(moderator, hold_comment(article, child, str(n)).id)
    login(moderator)
    first = client.get("/moderation/audit").text
    assert first.count('<tr class="audit-claim">') == 2
    assert "Older entries" in first
    last_id = entries()[2].id + 1
    older = client.get(f"/moderation/audit?before={last_id}").text
    assert older.count('<tr class="audit-claim">') == 2
