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
