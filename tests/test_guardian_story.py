"""The whole story: a mother asks us to remove her daughter's comments, and gets them removed."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import (
    AgeClass,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureState,
    GuardianCase,
    GuardianCaseState,
    OutgoingMail,
    User,
)
from tests.factories import make_article, make_comment, make_user
from tests.helpers import shown
from tests.test_guardian import PARENT, _meta_csrf, guardian_request
from tests.test_moderation_support import desk_post, make_moderator

CHILD_TEXT = "Jeg heter Ida og går i 8B på Nordnes skole"
REPLY_TEXT = "Velkommen til debatten!"


def test_a_guardian_has_a_childs_comments_erased_and_the_replies_stay(
    client, login, app, mailbox, run_jobs
):
    article = make_article(title="Skolestart i Bergen")
    ida = make_user(AgeClass.UNDER_16_PRESUMED, name="Reader 4821", facebook_id="100000000004821")
    ida_id = ida.id
    her_comment = make_comment(article, ida, CHILD_TEXT, CommentStatus.PUBLISHED)
    kari = make_user(AgeClass.ADULT, name="Kari Nordmann")
    reply = make_comment(article, kari, REPLY_TEXT, CommentStatus.PUBLISHED, parent=her_comment)
    thread = f"/articles/{article.key}"
    assert CHILD_TEXT in client.get(thread).text

    # The mother fills in the form in her own browser, without an account.
    mother = app.test_client()
    token = _meta_csrf(mother.get("/guardian").text)
    sent = guardian_request(
        mother,
        lambda: token,
        child_name="Reader 4821",
        article="Skolestart i Bergen",
        comments=f"http://localhost{thread}#comment-{her_comment.id}",
    )
    assert "Check your e-mail" in mother.get(sent.location).text

    # She confirms through the link that reached her over SMTP.
    run_jobs()
    link = mailbox.last_to(PARENT).link_to("/guardian/confirm/")
    confirmed = mother.post(link, data={"csrf_token": _meta_csrf(mother.get(link).text)})
    assert "your request is confirmed" in confirmed.text
    # The child's comment disappears from the thread at once; the adult's reply stays.
    page = shown(client.get(thread))
    assert CHILD_TEXT not in page
    assert REPLY_TEXT in page

    run_jobs()
    status_link = mailbox.last_to(PARENT).link_to("/guardian/case/")
    assert "A moderator is looking" in mother.get(status_link).text

    # A vetted moderator confirms: the erasure runs at once.
    login(make_moderator())
    case = db.session.scalars(select(GuardianCase)).one()
    assert CHILD_TEXT in client.get(f"/moderation/guardian/{case.id}").text
    decided = desk_post(client, f"/moderation/guardian/{case.id}/confirm")
    assert decided.status_code == 303
    run_jobs()

    request = db.session.scalars(select(ErasureRequest)).one()
    assert request.state is ErasureState.COMPLETED
    case = db.session.get(GuardianCase, case.id)
    assert case.state is GuardianCaseState.ERASED
    assert case.child_name is None and case.comment_refs is None and case.article_ref is None

    # The guardian's status page says it is done, with the receipt.
    status = mother.get(status_link).text
    assert "Completed: the data is deleted." in status
    assert request.code in status

    # She got a mail at every step: the link, received, decided, and the outcome.
    subjects = [m.subject for m in mailbox.to(PARENT)]
    assert len(subjects) == 4
    outcome = mailbox.last_to(PARENT)
    assert "complete" in outcome.subject
    assert request.code in outcome.body
    assert outcome.link_to("/deletion/") == f"/deletion/{request.code}"
    for mail in mailbox.received:
        assert "Reader 4821" not in mail.body and CHILD_TEXT not in mail.body

    # Ida is gone; Kari's reply remains, under an author-less tombstone.
    assert db.session.get(User, ida_id) is None
    tombstone = db.session.get(Comment, her_comment.id)
    assert tombstone is not None and tombstone.author_id is None
    assert tombstone.status is CommentStatus.ERASED and CHILD_TEXT not in tombstone.body_html
    kept = db.session.get(Comment, reply.id)
    assert kept.status is CommentStatus.PUBLISHED and kept.parent_id == her_comment.id
    page = shown(client.get(thread))
    assert REPLY_TEXT in page and CHILD_TEXT not in page and "Reader 4821" not in page
    # Only the guardian's own mails remain in the outbox, and none names the child.
    for row in db.session.scalars(select(OutgoingMail)):
        assert row.guardian_case_id == case.id
        assert "Reader 4821" not in row.body and CHILD_TEXT not in row.body
