"""The desk shows the same held comments visit after visit: it reads each one's text from
its stored HTML once per process, not on every page view, and still marks every finding."""

from __future__ import annotations

from app.models import AgeClass
from app.services import sanitize
from tests.helpers import shown
from tests.test_moderation_support import hold_comment, make_moderator


def test_the_desk_parses_each_held_comment_at_most_once_a_view(
    client, login, make_user, make_article, run_jobs, monkeypatch
):
    child = make_user(AgeClass.UNDER_16_PRESUMED)
    article = make_article()
    for n in range(3):
        hold_comment(article, child, f"Ring meg på 912 34 56{n}")
    run_jobs()  # screened: findings stored with each comment
    login(make_moderator())
    parses = []
    real_parse = sanitize._parse
    monkeypatch.setattr(sanitize, "_parse", lambda text: parses.append(text) or real_parse(text))
    # No cache of comment texts across views: it would keep an erased child's words in memory.
    first = shown(client.get("/moderation/minors"))
    after_first = len(parses)
    second = shown(client.get("/moderation/minors"))
    assert after_first <= 3  # each held comment once at most
    assert len(parses) - after_first <= 3  # and again at most once on the next view
    for page in (first, second):
        assert page.count('<mark class="finding finding-phone" title="phone">') == 3


def test_every_held_comment_keeps_its_own_actions_while_the_forms_are_made_once_a_page(
    client, login, make_user, make_article
):
    article = make_article()
    children = [make_user(AgeClass.UNDER_16_PRESUMED) for _ in range(3)]
    held = [hold_comment(article, child, f"Hei fra {n}") for n, child in enumerate(children)]
    login(make_moderator())
    page = shown(client.get("/moderation/minors"))
    for comment, child in zip(held, children, strict=True):
        for action in ("approve", "reject", "claim"):
            assert f'action="/moderation/comments/{comment.id}/{action}"' in page
        mark = page.index(f'action="/moderation/users/{child.id}/mark-under-16"')
        assert f'name="comment_id" value="{comment.id}"' in page[mark : mark + 600]
        assert f"Comment {comment.id}</a>" in page
        assert f"Select comment {comment.id}</span>" in page
    assert page.count('name="next" value="/moderation/minors"') == 1 + 4 * len(held)


def test_the_desk_looks_its_labels_up_once_a_page_not_once_a_comment(
    client, login, make_user, make_article, monkeypatch
):
    from app import i18n

    article = make_article()
    login(make_moderator())
    lookups: list[int] = []
    real = i18n._translations
    monkeypatch.setattr(i18n, "_translations", lambda: lookups.append(1) or real())

    def lookups_for_a_page() -> int:
        lookups.clear()
        shown(client.get("/moderation/minors"))
        return len(lookups)

    hold_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), "Hei")
    lookups_for_a_page()  # the session's first page looks up more (once)
    one = lookups_for_a_page()
    for n in range(10):
        hold_comment(article, make_user(AgeClass.UNDER_16_PRESUMED), f"Hei {n}")
    eleven = lookups_for_a_page()
    # Each further comment looks up only what differs from one comment to the next (its
    # author's history); the page used to look up every label and form again (~17 a comment).
    assert (eleven - one) / 10 <= 2, (one, eleven)


def test_a_production_worker_compiles_the_desk_before_its_first_request():
    from app import create_app
    from app.moderation.views import DESK_TEMPLATES
    from tests.test_config import PRODUCTION

    app = create_app({**PRODUCTION, "EMBEDDED_WORKER": False})
    cached = {name for (_, name) in app.jinja_env.cache}
    assert set(DESK_TEMPLATES) <= cached
