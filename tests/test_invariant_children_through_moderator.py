"""THE PROPERTY (STYLE rule 12): what a reader who is, or may be, under 16 writes — the
words of a comment and the name shown with it — reaches an anonymous reader only after a
moderator's approval, whatever path wrote it and however the reader came to their age.

The module enumerates:

- every route and CLI command that writes a comment, a name or an age signal (and proves
  the enumeration complete by walking ``app.url_map`` and the CLI: a new writing route or
  command fails :func:`test_every_writing_route_is_classified` until it is placed here);
- every place in the code that publishes a comment or sets a display name (a source scan);
- every age state, each reached through the real routes (Facebook logins through the
  stand-in, the age question, the desk, a guardian case), downgrade attempts included.

For each age state, the reader writes through every path; an anonymous reader then reads
every public surface (thread page, widget, API listing, Atom feed — the first three served
from the page cache, warmed beforehand). Nothing may show until a full moderator approves
on the desk; then the words show, and with a pseudonym, never the reader's real name.
Adults are the control: their words show at once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.devtools.fake_facebook import Persona
from app.extensions import db
from app.models import (
    AgeClass,
    Article,
    Comment,
    CommentStatus,
    ErasedSubject,
    ErasureScope,
    GuardianCase,
    GuardianCaseState,
    ModeratorScope,
    User,
)
from app.services.pseudonyms import subject_hash
from tests import factories
from tests.helpers import token_of
from tests.public_view import SURFACES, public_view
from tests.test_moderation_support import desk_post, make_moderator

# -- the enumeration of writing paths ------------------------------------------------------------

# Routes that write a comment's words, a display name or an age signal: each is exercised
# by WRITES or STATES below (the value says where).
WRITING_ROUTES = {
    "comments.post_comment": "WRITES page_form, page_reply, widget_form_without_script",
    "api.create_comment": "WRITES api_post, api_reply, widget_post (the widget uses the API)",
    "comments.edit_comment": "WRITES page_edit",
    "api.edit_comment": "WRITES api_edit",
    "account.rename": "WRITES rename",
    "auth.callback": "STATES: every state logs in through Facebook (name and age_range)",
    "auth.age_question": "STATES unknown_answered_no, downgrade_*_yes",
    "account.ask_age_review": "STATES downgrade_teen_asks_for_review",
    "moderation.mark_under_16": "STATES adult_then_marked_by_moderator",
    "guardian_desk.attach": "STATES adult_then_guardian_case",
    "guardian_desk.confirm": "STATES adult_then_guardian_case",
    "age_reviews.keep": "test_age_reviews.py (a moderator's signal that changes nothing)",
    "age_reviews.lift": "test_age_reviews.py (a moderator lifts: the reader is adult)",
}
# The moderators' paths that make held words public: the approval this property is about.
PUBLISHING_ROUTES = {
    "moderation.approve": "the approval used below",
    "moderation.bulk": "approval of several, each under the same rule (test_moderation_*)",
    "guardian_desk.dismiss": "a moderator releases a guardian hold on approved comments",
}
# Routes that change state but write no words, name or age signal that the public sees.
NOT_WRITING = {
    "auth.logout": "ends a session",
    "auth.widget_token": "starts a session for the widget frame; writes no words, name or age",
    "comments.delete_comment": "removes words (a tombstone has no author and no text)",
    "api.delete_comment": "removes words",
    "comments.report_comment": "a report is never public",
    "api.report_comment": "a report is never public",
    "account.delete": "erases the account",
    "account.end_sessions": "ends sessions",
    "feedback.submit": "feedback is never public",
    "guardian.submit": "stores a request; hides nothing, writes no age signal",
    "guardian.confirm": "may hide a reader already under age (test_guardian_holds.py)",
    "notifications.subscribe": "an adult's mail address, never public",
    "notifications.unsubscribe": "deletes the address",
    "notifications.confirm": "confirms the address",
    "privacy.acknowledge": "remembers the statement version seen",
    "facebook.data_deletion": "erases",
    "facebook.deauthorize": "ends sessions",
    "moderation.reject": "a rejection is shown to its author only",
    "moderation.claim": "a claim on a held comment",
    "moderation.undo": "takes a decision back: the comment is held again",
    "moderation.remove": "takes a reported comment down",
    "moderation.dismiss": "closes reports; the comment was public already",
    "moderation.suspend": "stops an adult commenting",
    "moderation.unsuspend": "lets an adult comment again",
    "moderation.erase_account": "erases",
    "feedback_desk.answer": "mails staff's answer to a contact-form sender; never public",
    "feedback_desk.close": "closes a contact-form message",
}
# GET routes that write (a login is a GET from Facebook); every other GET must not.
WRITING_GETS = {"auth.callback", "auth.age_question"}

CLI_COMMANDS = {
    "moderators add": "grants the desk role; writes no reader's words, name or age",
    "articles add": "registers an article",
    "queue sweep": "re-enqueues jobs (screening never publishes)",
    "queue status": "reads",
    "erasure replay": "erases again; registry entries only ever flag a returning child",
    "erasure registry-export": "reads",
    "erasure status": "reads",
    "erasure retention": "deletes old data",
    "readers reclassify": "applies the age rule again; only ever holds (test_age_rule.py)",
}
CLI_GROUPS_OF_OTHERS = {"db"}  # Flask-Migrate's schema commands


def _write_methods(rule) -> set[str]:
    return set(rule.methods) - {"GET", "HEAD", "OPTIONS"}


def test_every_writing_route_is_classified(app):
    """Fails when a route that can change state is not placed in one of the tables."""
    classified = set(WRITING_ROUTES) | set(PUBLISHING_ROUTES) | set(NOT_WRITING)
    writers = {r.endpoint for r in app.url_map.iter_rules() if _write_methods(r)}
    writers |= WRITING_GETS
    assert writers == classified, (
        f"unclassified: {sorted(writers - classified)}; gone: {sorted(classified - writers)}"
    )


def test_every_cli_command_is_classified(app):
    ctx = click.Context(app.cli)
    found: set[str] = set()
    for name in app.cli.list_commands(ctx):
        command = app.cli.get_command(ctx, name)
        if name in CLI_GROUPS_OF_OTHERS or name in {"routes", "run", "shell"}:
            continue
        assert isinstance(command, click.Group), name
        found |= {f"{name} {sub}" for sub in command.commands}
    assert found == set(CLI_COMMANDS)


APP_DIR = Path(__file__).resolve().parent.parent / "app"
# Where the code may publish a comment or set a display name; the scan below finds every
# other place that tries (a new job or service would have to be argued in here).
PUBLISHES = {
    "services/comments.py": 1,  # post_comment: PUBLISHED only when not pre-moderated
    "services/moderation/held.py": 2,  # _decide via approve(), and undo's "what was decided"
}
SETS_DISPLAY_NAME = {
    "services/readers.py": 2,  # first login (adult only: else a pseudonym), becoming a minor
    "services/account.py": 1,  # rename: adults only
}


def _scan(pattern: re.Pattern[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(APP_DIR.rglob("*.py")):
        if "devtools" in path.parts:
            continue
        count = len(pattern.findall(path.read_text(encoding="utf-8")))
        if count:
            found[str(path.relative_to(APP_DIR))] = count
    return found


def test_only_known_code_publishes_a_comment_or_sets_a_name():
    publishing = re.compile(
        r"(?:status\s*=\s*|_decide\([^)]*|\bif\s.*\belse\s+|^\s*)CommentStatus\.PUBLISHED\b"
        r"(?!\s*(?:,\s*CommentStatus|\)))",
        re.MULTILINE,
    )
    assert _scan(publishing) == PUBLISHES
    naming = re.compile(r"\.display_name\s*=(?!=)")
    assert _scan(naming) == SETS_DISPLAY_NAME


# -- readers, states and writes --------------------------------------------------------------------

_ids = itertools.count(1)


@dataclass
class Story:
    app: Flask
    login: Callable
    facebook: object
    browser: FlaskClient
    desk: FlaskClient
    article: Article
    adult_comment: Comment
    fid: str = field(default_factory=lambda: f"7300000{next(_ids):08d}")
    real_name: str = field(default_factory=lambda: f"Tuva Ekte{next(_ids)}")
    early_words: str | None = None  # written while still an adult
    # Her account's erasure is underway (a guardian case confirmed): she may write nothing
    # more, and nothing of hers is published (test_invariant_erased_stays_hidden.py).
    being_erased: bool = False

    def facebook_login(self, age_range: dict | None) -> None:
        if "Log out" in self.browser.get("/privacy").text:
            self.browser.post("/logout", data={"csrf_token": token_of(self.browser)})
        key = f"story-{next(_ids)}"
        self.facebook.state.add_persona(Persona(key, self.fid, self.real_name, age_range))
        self.login(key, via=self.browser)

    def answer(self, answer: str) -> None:
        self.browser.post("/age", data={"answer": answer, "csrf_token": token_of(self.browser)})

    @property
    def reader(self) -> User:
        db.session.expire_all()
        return db.session.scalar(select(User).where(User.facebook_id == self.fid))

    def write_while_adult(self) -> None:
        self.early_words = f"tidlig-{next(_ids)}"
        page_form(self, self.early_words)
        assert public_view(self.app, self.article).shows(self.early_words) == list(SURFACES)

    def mark_on_desk(self) -> None:
        response = desk_post(self.desk, f"/moderation/users/{self.reader.id}/mark-under-16")
        assert response.status_code == 302


# States: how the reader came to be who they are, through the real routes.


def adult(s: Story) -> None:
    s.facebook_login({"min": 21})


def unknown_unanswered(s: Story) -> None:
    s.facebook_login(None)


def unknown_answered_no(s: Story) -> None:
    s.facebook_login(None)
    s.answer("no")


def presumed_13_to_17(s: Story) -> None:
    s.facebook_login({"min": 13, "max": 17})


def presumed_max_17_without_min(s: Story) -> None:
    s.facebook_login({"max": 17})


def returning_child(s: Story) -> None:
    """Erased as a child before; Facebook now says 21+: the registry's finding stands."""
    db.session.add(
        ErasedSubject(subject_hash=subject_hash(s.fid), was_minor=True, scope=ErasureScope.ACCOUNT)
    )
    db.session.commit()
    s.facebook_login({"min": 21})


def adult_then_marked_by_moderator(s: Story) -> None:
    s.facebook_login({"min": 21})
    s.write_while_adult()
    s.mark_on_desk()


def adult_then_13_to_17_login(s: Story) -> None:
    s.facebook_login({"min": 21})
    s.write_while_adult()
    s.facebook_login({"min": 13, "max": 17})


def adult_then_guardian_case(s: Story) -> None:
    s.facebook_login({"min": 21})
    s.write_while_adult()
    case = GuardianCase(
        reference=f"G-2345-{next(_ids) + 2222:04d}"[:11], state=GuardianCaseState.OPEN
    )
    db.session.add(case)
    db.session.commit()
    early = db.session.scalar(select(Comment.id).where(Comment.author_id == s.reader.id))
    attach = desk_post(s.desk, f"/moderation/guardian/{case.id}/attach", {"comment": str(early)})
    assert attach.status_code == 303
    assert desk_post(s.desk, f"/moderation/guardian/{case.id}/confirm").status_code == 303
    s.being_erased = True


def downgrade_teen_declines_age_range_and_says_yes(s: Story) -> None:
    s.facebook_login({"min": 13, "max": 17})
    s.facebook_login(None)
    s.answer("yes")


def downgrade_max_17_then_says_yes(s: Story) -> None:
    s.facebook_login({"max": 17})
    s.facebook_login(None)
    s.answer("yes")


def downgrade_answered_no_then_adult_bucket(s: Story) -> None:
    s.facebook_login(None)
    s.answer("no")
    s.facebook_login({"min": 21})


def downgrade_marked_then_adult_bucket(s: Story) -> None:
    s.facebook_login({"min": 21})
    s.write_while_adult()
    s.mark_on_desk()
    s.facebook_login({"min": 18, "max": 20})


def downgrade_teen_asks_for_review(s: Story) -> None:
    """Asking for a review lifts nothing until a moderator decides."""
    s.facebook_login({"min": 13, "max": 17})
    s.browser.post("/me/age-review", data={"csrf_token": token_of(s.browser, "/me")})


MINOR_STATES = [
    unknown_unanswered,
    unknown_answered_no,
    presumed_13_to_17,
    presumed_max_17_without_min,
    returning_child,
    adult_then_marked_by_moderator,
    adult_then_13_to_17_login,
    adult_then_guardian_case,
    downgrade_teen_declines_age_range_and_says_yes,
    downgrade_max_17_then_says_yes,
    downgrade_answered_no_then_adult_bucket,
    downgrade_marked_then_adult_bucket,
    downgrade_teen_asks_for_review,
]


# Writes: every path that carries a reader's words or name to a thread.


def _api_headers(s: Story, page: str) -> dict[str, str]:
    return {"X-CSRFToken": token_of(s.browser, page)}


def page_form(
    s: Story, words: str, parent: Comment | None = None, page: str = "/articles/{key}"
) -> None:
    token = token_of(s.browser, page.format(key=s.article.key))
    data = {"body": words, "csrf_token": token}
    if parent is not None:
        data["parent_id"] = str(parent.id)
    response = s.browser.post(f"/articles/{s.article.key}/comments", data=data)
    assert response.status_code == (403 if s.being_erased else 302), response.status_code


def page_reply(s: Story, words: str) -> None:
    page_form(s, words, parent=s.adult_comment)


def widget_form_without_script(s: Story, words: str) -> None:
    """The widget's own form, as a browser without JavaScript sends it."""
    page_form(s, words, page="/embed/{key}")


def _api_post(s: Story, words: str, page: str, parent: Comment | None = None) -> int | None:
    body: dict = {"body": words}
    if parent is not None:
        body["parent_id"] = parent.id
    response = s.browser.post(
        f"/api/v1/articles/{s.article.key}/comments", json=body, headers=_api_headers(s, page)
    )
    if s.being_erased:
        assert response.status_code == 403, response.status_code
        return None
    assert response.status_code == 201, response.status_code
    return response.get_json()["id"]


def api_post(s: Story, words: str) -> None:
    _api_post(s, words, f"/articles/{s.article.key}")


def api_reply(s: Story, words: str) -> None:
    _api_post(s, words, f"/articles/{s.article.key}", parent=s.adult_comment)


def widget_post(s: Story, words: str) -> None:
    """The widget posts through the API with the token of the /embed page it runs in."""
    _api_post(s, words, f"/embed/{s.article.key}")


def page_edit(s: Story, words: str) -> None:
    draft = f"utkast-{next(_ids)}"
    comment_id = _api_post(s, draft, f"/articles/{s.article.key}")
    if comment_id is None:
        return  # refused: nothing to edit
    response = s.browser.post(
        f"/comments/{comment_id}/edit",
        data={"body": words, "csrf_token": token_of(s.browser, f"/articles/{s.article.key}")},
    )
    assert response.status_code == 302, response.status_code


def api_edit(s: Story, words: str) -> None:
    draft = f"utkast-{next(_ids)}"
    comment_id = _api_post(s, draft, f"/articles/{s.article.key}")
    if comment_id is None:
        return  # refused: nothing to edit
    response = s.browser.patch(
        f"/api/v1/comments/{comment_id}",
        json={"body": words},
        headers=_api_headers(s, f"/articles/{s.article.key}"),
    )
    assert response.status_code == 200, response.status_code


def rename(s: Story, words: str) -> None:
    s.browser.post(
        "/me/name", data={"display_name": words, "csrf_token": token_of(s.browser, "/me")}
    )


COMMENT_WRITES = [
    page_form,
    page_reply,
    widget_form_without_script,
    api_post,
    api_reply,
    widget_post,
    page_edit,
    api_edit,
]
NAME_WRITES = [rename]


@pytest.fixture
def story(app, login, facebook, make_article):
    desk = app.test_client()
    login(make_moderator(ModeratorScope.FULL, name="Mona Moderator"), via=desk)
    article = make_article(title="Skolene får gratis lunsj")
    grown_up = factories.make_user(AgeClass.ADULT, name="Kari Voksen")
    adult_comment = factories.make_comment(article, grown_up, "Voksen mening")
    return Story(app, login, facebook, app.test_client(), desk, article, adult_comment)


def _write_everything(s: Story) -> dict[str, str]:
    """Write through every path; returns path name -> the words it wrote."""
    public_view(s.app, s.article)  # warm the page cache: a stale copy must not leak either
    written = {}
    for write in COMMENT_WRITES + NAME_WRITES:
        words = f"{write.__name__.replace('_', '-')}-ord{next(_ids)}"
        write(s, words)
        written[write.__name__] = words
    return written


def _approve_everything(s: Story) -> int:
    held = db.session.scalars(
        select(Comment.id).where(
            Comment.author_id == s.reader.id, Comment.status == CommentStatus.PENDING
        )
    ).all()
    for comment_id in held:
        response = desk_post(s.desk, f"/moderation/comments/{comment_id}/approve")
        assert response.status_code == (409 if s.being_erased else 302)  # refused: 409
    return len(held)


def test_an_adults_words_and_name_are_public_at_once(story):
    """The control: the surfaces and the writes do reach the public when they may."""
    adult(story)
    written = _write_everything(story)
    seen = public_view(story.app, story.article)
    for path, words in written.items():
        assert seen.shows(words) == list(SURFACES), path


@pytest.mark.parametrize("becomes", MINOR_STATES, ids=lambda f: f.__name__)
def test_a_childs_words_and_name_reach_the_public_only_through_a_moderator(story, becomes):
    becomes(story)
    reader = story.reader
    assert reader is not None and reader.age_class is not AgeClass.ADULT, reader
    written = _write_everything(story)
    everything = [*written.values(), story.real_name]
    if story.early_words:
        everything.append(story.early_words)

    seen = public_view(story.app, story.article)
    for words in everything:
        assert seen.shows(words) == [], f"{words!r} public before a moderator approved"
    assert "utkast-" not in seen.page + seen.api  # drafts of edited comments too

    if story.being_erased:
        assert _approve_everything(story) >= 1  # what she wrote as an adult, held again
        seen = public_view(story.app, story.article)
        for words in everything:
            assert seen.shows(words) == [], f"{words!r} public while she is being erased"
        return
    assert _approve_everything(story) >= len(COMMENT_WRITES)
    seen = public_view(story.app, story.article)  # the cache was warm: approval reaches it
    for path in COMMENT_WRITES:
        assert seen.shows(written[path.__name__]) == list(SURFACES), path.__name__
    if story.early_words and becomes is not adult_then_guardian_case:
        assert seen.shows(story.early_words) == list(SURFACES)
    # The name stays the pseudonym: neither the real one nor a chosen one ever shows.
    assert seen.shows(story.real_name) == []
    assert seen.shows(written["rename"]) == []
    assert seen.shows(story.reader.display_name) == list(SURFACES)
