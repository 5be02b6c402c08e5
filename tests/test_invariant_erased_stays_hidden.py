"""THE PROPERTY (STYLE rule 12): once a reader's erasure is asked for, nothing of theirs is
ever public again — whatever a moderator, a guardian's case, the reader's own still-open
session or a command does while the erasure waits for a worker, while a killed worker
waits for its re-run, or after it completed.

The module enumerates every path that can make a comment public (PATHS below), and proves
the list complete by scanning the code for every place that publishes a comment (sets it
``PUBLISHED``) or lifts a hold (``guardian_hold = False``): a new one fails
:func:`test_every_place_that_publishes_is_enumerated` until it is placed here.

The story: Sofie (13–17) had a comment approved, one waiting and one rejected; her
mother's guardian case hides the approved one. Ola (an adult) has a published comment,
reported by Berit. Both are logged in. Then Sofie's erasure is asked for by a moderator and
Ola's by Facebook's data-deletion callback, and each path tries to bring their words back.
An anonymous reader then reads every public surface (thread page, widget, API, feed; the
first three from the page cache, warmed before). Berit's words are the control.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.jobs import erasure as erasure_job
from app.models import (
    AgeClass,
    Article,
    Comment,
    CommentStatus,
    ErasureRequest,
    ErasureTrigger,
    GuardianCase,
    Report,
    ReportReason,
    User,
)
from app.privacy import engine
from app.services import age_reviews, comments, erasure, guardian, moderation
from tests.factories import make_comment
from tests.helpers import token_of
from tests.public_view import public_view
from tests.test_moderation_support import make_moderator

SOFIE_WORDS = "Sofies godkjente ord"
OLA_NAME = "Ola Nordmann"
OLA_WORDS = "Olas publiserte ord"
NEW_WORDS = "nye ord etter sletteordren"
BERIT_WORDS = "Berits svar blir stående"


@dataclass
class Scene:
    app: Flask
    article: Article
    mona: User  # a full moderator
    sofie_id: int
    ola_id: int
    browsers: dict[int, FlaskClient]  # the subjects' own, logged in before the erasure
    case_id: int  # the guardian case holding Sofie's approved comment
    ola_comment_id: int
    kari_comment_id: int  # another reader's comment a moderator may attach the case to

    def user(self, user_id: int) -> User | None:
        return db.session.get(User, user_id)  # None once the erasure removed the account

    def case(self) -> GuardianCase:
        found = db.session.get(GuardianCase, self.case_id)
        assert found is not None
        return found

    def approve_everything_held(self) -> None:
        """A moderator approves whatever waits in the under-16 queue."""
        for comment_id in db.session.scalars(
            select(Comment.id).where(Comment.status == CommentStatus.PENDING)
        ).all():
            refused(moderation.approve, self.mona, comment_id)

    def subjects_post(self) -> None:
        """Sofie and Ola write again through their still-open sessions (the API)."""
        for user_id, browser in self.browsers.items():
            response = browser.post(
                f"/api/v1/articles/{self.article.key}/comments",
                json={"body": f"{user_id} {NEW_WORDS}"},
                headers={"X-CSRFToken": token_of(browser)},
            )
            assert response.status_code < 500, response.text


REFUSALS = (
    moderation.DecisionRefused,
    guardian.AlreadyDecided,
    guardian.NoSuchComment,
    guardian.NoSubject,
    age_reviews.ReviewRefused,
    comments.CommentError,
)


def refused(action: Callable[..., object], *args: object) -> None:
    """Try an action; a refusal (nothing changed) is as good an answer as any."""
    try:
        action(*args)
    except REFUSALS:
        db.session.rollback()


# -- the paths -------------------------------------------------------------------------------------


def post_new_comments(scene: Scene) -> None:
    """The subjects write again (their sessions outlive the request); a moderator approves."""
    scene.subjects_post()
    scene.approve_everything_held()


def edit_own_comments(scene: Scene) -> None:
    for user_id, browser in scene.browsers.items():
        for comment_id in (scene.ola_comment_id, *_comments_of(user_id)):
            response = browser.patch(
                f"/api/v1/comments/{comment_id}",
                json={"body": f"{user_id} {NEW_WORDS}"},
                headers={"X-CSRFToken": token_of(browser)},
            )
            assert response.status_code < 500, response.text
    scene.approve_everything_held()


def approve_held(scene: Scene) -> None:
    scene.approve_everything_held()


def bulk_approve(scene: Scene) -> None:
    ids = db.session.scalars(select(Comment.id)).all()
    moderation.bulk_decide(scene.mona, ids, None)


def undo_decisions_and_approve(scene: Scene) -> None:
    """Mona takes back her approval and her rejection of Sofie's comments, then approves."""
    for comment_id in db.session.scalars(select(Comment.id)).all():
        refused(moderation.undo, scene.mona, comment_id)
    scene.approve_everything_held()


def guardian_dismissal(scene: Scene) -> None:
    """The reported hole: a dismissal released the case's held comments."""
    refused(guardian.dismiss_case, scene.case(), scene.mona, "Not a child after all")


def guardian_attaches_another_reader(scene: Scene) -> None:
    """Attaching another reader releases what the case held of the first one."""
    refused(guardian.attach_subject, scene.case(), scene.mona, str(scene.kari_comment_id))


def age_review_lifted(scene: Scene) -> None:
    """Sofie asked for a review before; a moderator lifts it (she would be published at once
    now), she writes again, and the moderator approves what waits."""
    sofie = scene.user(scene.sofie_id)
    if sofie is not None:
        refused(age_reviews.lift, scene.mona, sofie)
    scene.subjects_post()
    scene.approve_everything_held()


def suspension_lifted(scene: Scene) -> None:
    """Ola is suspended and let back in, and writes again."""
    ola = scene.user(scene.ola_id)
    if ola is not None:
        refused(moderation.suspend, scene.mona, ola)
        refused(moderation.unsuspend, scene.mona, ola)
    scene.subjects_post()


def reports_dismissed(scene: Scene) -> None:
    refused(moderation.dismiss_reports, scene.mona, scene.ola_comment_id)


def commands(scene: Scene) -> None:
    """Every command that changes comments or readers (the rest only read or register)."""
    runner = scene.app.test_cli_runner()
    for args in (["readers", "reclassify"], ["queue", "sweep"], ["erasure", "retention"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    db.session.expire_all()


PATHS: dict[str, Callable[[Scene], None]] = {
    "post_new_comments": post_new_comments,
    "edit_own_comments": edit_own_comments,
    "approve_held": approve_held,
    "bulk_approve": bulk_approve,
    "undo_decisions_and_approve": undo_decisions_and_approve,
    "guardian_dismissal": guardian_dismissal,
    "guardian_attaches_another_reader": guardian_attaches_another_reader,
    "age_review_lifted": age_review_lifted,
    "suspension_lifted": suspension_lifted,
    "reports_dismissed": reports_dismissed,
    "commands": commands,
}

# Every place in app/ that sets a comment PUBLISHED or lifts its hold, and the paths above
# that go through it. The scan below fails on a place not listed here.
PUBLISHING_PLACES = {
    "services/comments.py": (1, {"post_new_comments", "suspension_lifted", "age_review_lifted"}),
    "services/moderation/held.py": (
        2,  # _decide (approve and bulk) and undo (which only ever holds again)
        {"approve_held", "bulk_approve", "undo_decisions_and_approve", "age_review_lifted"},
    ),
    "services/guardian.py": (1, {"guardian_dismissal", "guardian_attaches_another_reader"}),
}
APP_DIR = Path(__file__).resolve().parent.parent / "app"
PUBLISHING = re.compile(
    r"(?:status\s*=\s*|_decide\([^)]*|\bif\s.*\belse\s+|^\s*)CommentStatus\.PUBLISHED\b"
    r"(?!\s*(?:,\s*CommentStatus|\)))"
    r"|guardian_hold\s*=\s*False",
    re.MULTILINE,
)


def test_every_place_that_publishes_is_enumerated():
    found: dict[str, int] = {}
    for path in sorted(APP_DIR.rglob("*.py")):
        if "devtools" in path.parts:
            continue
        count = len(PUBLISHING.findall(path.read_text(encoding="utf-8")))
        if count:
            found[str(path.relative_to(APP_DIR))] = count
    assert found == {place: count for place, (count, _) in PUBLISHING_PLACES.items()}
    for _, paths in PUBLISHING_PLACES.values():
        assert paths <= set(PATHS)


# -- the story -------------------------------------------------------------------------------------


def _comments_of(user_id: int) -> list[int]:
    return list(db.session.scalars(select(Comment.id).where(Comment.author_id == user_id)))


@pytest.fixture
def scene(app, login, make_user, make_article, settings) -> Scene:
    article = make_article()
    mona = make_moderator()
    sofie = make_user(AgeClass.UNDER_16_PRESUMED, name="Sofie Lindqvist")
    ola = make_user(AgeClass.ADULT, name=OLA_NAME)
    berit = make_user(AgeClass.ADULT, name="Berit")
    kari = make_user(AgeClass.ADULT, name="Kari")
    browsers = {}
    for subject in (sofie, ola):
        browsers[subject.id] = app.test_client()
        login(subject, via=browsers[subject.id])

    approved = make_comment(article, sofie, SOFIE_WORDS, CommentStatus.PENDING)
    moderation.approve(mona, approved.id)
    make_comment(article, sofie, "Sofies ventende ord", CommentStatus.PENDING)
    rejected = make_comment(article, sofie, "Sofies avviste ord", CommentStatus.PENDING)
    moderation.reject(mona, rejected.id, "Personal information")
    age_reviews.request_review(db.session.get(User, sofie.id))

    case = guardian.submit_request(
        guardian.GuardianRequest(
            email="mor@example.no",
            relationship=guardian.Relationship.PARENT,
            comments=str(approved.id),
        )
    )
    assert case is not None and guardian.confirm_by_guardian(case)
    assert db.session.get(Comment, approved.id).guardian_hold  # Sofie is under age

    ola_comment = make_comment(article, ola, OLA_WORDS, CommentStatus.PUBLISHED)
    make_comment(article, berit, BERIT_WORDS, CommentStatus.PUBLISHED, parent=ola_comment)
    kari_comment = make_comment(article, kari, "Karis ord", CommentStatus.PUBLISHED)
    db.session.add(
        Report(comment_id=ola_comment.id, reporter_id=berit.id, reason=ReportReason.ABUSE)
    )
    db.session.commit()

    before = public_view(app, article)  # also warms the page cache
    assert before.shows(OLA_WORDS) and before.shows(BERIT_WORDS)
    return Scene(
        app=app,
        article=article,
        mona=mona,
        sofie_id=sofie.id,
        ola_id=ola.id,
        browsers=browsers,
        case_id=case.id,
        ola_comment_id=ola_comment.id,
        kari_comment_id=kari_comment.id,
    )


def erasures_asked_for(scene: Scene) -> list[int]:
    sofie, ola = scene.user(scene.sofie_id), scene.user(scene.ola_id)
    assert sofie is not None and ola is not None
    requests = [
        moderation.erase_account(scene.mona, sofie),
        erasure.request_erasure(None, ErasureTrigger.FACEBOOK, facebook_id=ola.facebook_id),
    ]
    db.session.commit()
    return [r.id for r in requests]


def worker_killed_mid_erasure(request_ids: list[int], monkeypatch) -> None:
    def killed(*_: object) -> None:
        raise SystemExit("worker killed")

    with monkeypatch.context() as patched:
        patched.setattr(engine, "_batch_committed", killed)
        for request_id in request_ids:
            with pytest.raises(SystemExit):
                erasure_job.erase_person(request_id, batch_size=1)
            db.session.rollback()


PHASES = ("requested", "worker_killed", "completed")


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("path", sorted(PATHS))
def test_nothing_of_a_reader_being_erased_comes_back(scene, path, phase, run_jobs, monkeypatch):
    request_ids = erasures_asked_for(scene)
    if phase == "worker_killed":
        worker_killed_mid_erasure(request_ids, monkeypatch)
    elif phase == "completed":
        run_jobs()
        assert all(
            db.session.get(ErasureRequest, i).state.value == "completed" for i in request_ids
        )
    hidden = public_view(scene.app, scene.article)
    assert not hidden.shows(SOFIE_WORDS) and not hidden.shows(OLA_WORDS)

    PATHS[path](scene)
    db.session.expire_all()

    seen = public_view(scene.app, scene.article)
    for words in (SOFIE_WORDS, OLA_WORDS, OLA_NAME, NEW_WORDS, "Sofies"):
        assert seen.shows(words) == [], f"{words!r} came back through {path} ({phase})"
    assert seen.shows(BERIT_WORDS)  # the control: everyone else's words stay
