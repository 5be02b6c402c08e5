"""Readers, moderators and guardians, in a real browser, on a newspaper on another site."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import axe_check, screenshot

pytestmark = pytest.mark.browser
ARTICLE = "bybanen-2026"


# -- helpers ------------------------------------------------------------------------------------


def widget_frame(page):
    page.bring_to_front()  # a background tab may not load its lazy iframe
    page.wait_for_selector("iframe")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "/embed/" in frame.url:
                frame.wait_for_selector("section.thread-embed")
                return frame
        time.sleep(0.1)
    raise AssertionError("the widget did not load")


def assert_frame_fits(page, frame) -> None:
    """The iframe is as tall as the widget's content: nothing cut off, no blank space."""
    deadline = time.monotonic() + 10
    while True:
        outer = page.evaluate(
            "() => document.querySelector('iframe').getBoundingClientRect().height"
        )
        inner = frame.evaluate("() => document.documentElement.getBoundingClientRect().height")
        if abs(outer - max(inner, 60)) <= 2:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"frame is {outer}px, its content {inner}px")
        time.sleep(0.1)


def open_newspaper(browser, stack, key: str = ARTICLE):
    page = browser.new_page()
    page.goto(f"{stack.newspaper}/{key}")
    frame = widget_frame(page)
    assert_frame_fits(page, frame)
    return page, frame


def log_in_in_widget(page, frame, persona: str) -> None:
    with page.expect_popup() as opened:
        frame.click("a.js-login")
    popup = opened.value
    popup.wait_for_load_state()
    popup.click(f"a[data-persona='{persona}']")
    popup.wait_for_event("close", timeout=15000)
    frame.wait_for_selector("section.thread-embed[data-viewer='reader']")


def quiet(frame) -> None:
    """Forget the last announcement, so the next one can be told apart from it."""
    frame.evaluate("() => { document.getElementById('kommentar-live').textContent = ''; }")


def announced(frame, expected: str) -> str:
    """What the live region says once it says ``expected`` (or whatever it says after 10 s)."""
    deadline = time.monotonic() + 10
    text = ""
    while time.monotonic() < deadline:
        text = frame.inner_text("#kommentar-live").strip()
        if text.startswith(expected):
            return expected
        time.sleep(0.05)
    return text


def focused_comment_id(frame) -> str | None:
    return frame.evaluate("() => document.activeElement && document.activeElement.id")


# -- journeys -----------------------------------------------------------------------------------


def test_anonymous_reader_reads_the_thread_in_the_embedded_widget(browser, stack):
    page, frame = open_newspaper(browser, stack, "skolemat")
    assert frame.url.startswith(stack.service)  # another site than the newspaper
    assert not page.url.startswith(stack.service)
    heading = frame.inner_text("#comments-heading")
    assert re.search(r"\d+ comments?", heading)
    # The newspaper's theme (data-accent, data-font on its placeholder) and nothing else.
    accent = frame.evaluate(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"
    )
    assert accent == "#8a1538"
    assert "Georgia" in frame.evaluate("() => getComputedStyle(document.body).fontFamily")
    axe_check(page, "newspaper page")
    axe_check(frame, "widget, anonymous")
    screenshot(page, "widget-anonymous")


def test_a_reader_logs_in_inside_the_widget_with_third_party_cookies_blocked(browser, stack):
    page, frame = open_newspaper(browser, stack)
    log_in_in_widget(page, frame, "adult")
    assert "Kari" in frame.inner_text(".embed-header")
    assert_frame_fits(page, frame)  # the Send button is not cut in half
    # The frame's cookies (and storage) really are blocked: the popup's first-party cookie
    # does not reach it, and a reloaded frame, without the token it held, is logged out.
    assert any(c["domain"] == "127.0.0.1" for c in browser.cookies())
    frame.evaluate("() => location.reload()")
    frame = widget_frame(page)
    assert frame.get_attribute("section.thread-embed", "data-viewer") == "anonymous"


def test_a_reader_posts_replies_edits_deletes_and_reports_without_the_frame_reloading(
    browser, stack
):
    page, frame = open_newspaper(browser, stack, "derby-brann")
    log_in_in_widget(page, frame, "adult")
    frame.evaluate("() => { window.__sameDocument = true; }")  # gone if the frame reloads

    frame.fill("#new-comment", "For en kamp!")
    quiet(frame)
    frame.click(".compose button[type=submit]")
    assert announced(frame, "Your comment is published.") == "Your comment is published."
    mine = focused_comment_id(frame)
    assert mine and mine.startswith("comment-")
    assert "For en kamp!" in frame.inner_text(f"#{mine}")
    assert_frame_fits(page, frame)

    frame.click(f"#{mine} > .comment-actions summary:has-text('Reply')")
    assert_frame_fits(page, frame)
    frame.fill(f"#reply-{mine.split('-')[1]}", "Og for et mål.")
    quiet(frame)
    frame.click(f"#{mine} > .comment-actions button:has-text('Send reply')")
    assert announced(frame, "Your comment is published.") == "Your comment is published."
    reply = focused_comment_id(frame)
    assert reply != mine and "Og for et mål." in frame.inner_text(f"#{reply}")
    assert_frame_fits(page, frame)  # the reply box closed: the frame shrank again

    frame.click(f"#{reply} > .comment-actions summary:has-text('Edit')")
    frame.fill(f"#edit-{reply.split('-')[1]}", "Og for et mål!")
    quiet(frame)
    frame.click(f"#{reply} > .comment-actions button:has-text('Save')")
    assert announced(frame, "Your comment is updated.") == "Your comment is updated."
    assert focused_comment_id(frame) == reply
    assert "Og for et mål!" in frame.inner_text(f"#{reply}")

    frame.click(f"#{reply} > .comment-actions summary:has-text('Delete')")
    quiet(frame)
    frame.click(f"#{reply} > .comment-actions button.danger")
    assert announced(frame, "Your comment is deleted.") == "Your comment is deleted."
    assert "Og for et mål!" not in frame.inner_text("section.thread-embed")
    assert_frame_fits(page, frame)

    # Someone else reports Kari's comment: received, and not offered twice.
    other = browser.new_page()
    other.goto(f"{stack.newspaper}/derby-brann")
    other_frame = widget_frame(other)
    log_in_in_widget(other, other_frame, "young")
    other_frame.click(f"#{mine} summary:has-text('Report')")
    other_frame.select_option(f"#{mine} select[name=reason]", "spam")
    quiet(other_frame)
    other_frame.click(f"#{mine} button:has-text('Send report')")
    assert announced(other_frame, "Thank you for telling us") == "Thank you for telling us"
    assert focused_comment_id(other_frame) == mine
    assert "You reported this comment" in other_frame.inner_text(f"#{mine}")
    assert other_frame.locator(f"#{mine} > .comment-actions summary").count() == 1  # Reply only
    axe_check(other_frame, "widget, logged in")
    # Sorting swaps the thread in place too, and the frame still fits.
    frame.click(".sort a:has-text('Newest first')")
    frame.wait_for_selector(".sort a[aria-current]:has-text('Newest first')")
    assert_frame_fits(page, frame)
    assert frame.evaluate("() => window.__sameDocument === true")
    screenshot(page, "widget")


def test_form_errors_are_tied_to_their_field_and_focused(browser, stack):
    page, frame = open_newspaper(browser, stack, "skolemat")
    log_in_in_widget(page, frame, "adult")
    frame.fill("#new-comment", "   ")
    quiet(frame)
    frame.click(".compose button[type=submit]")
    frame.wait_for_selector("#new-comment-error:not([hidden])")
    assert frame.get_attribute("#new-comment", "aria-invalid") == "true"
    assert "new-comment-error" in frame.get_attribute("#new-comment", "aria-describedby")
    assert focused_comment_id(frame) == "new-comment-error"
    axe_check(frame, "widget with a form error")


def test_a_cancelled_login_closes_its_popup(browser, stack):
    page, frame = open_newspaper(browser, stack)
    with page.expect_popup() as opened:
        frame.click("a.js-login")
    popup = opened.value
    popup.click("a[data-persona='cancel']")
    try:
        popup.wait_for_event("close", timeout=15000)
    except Exception as exc:
        raise AssertionError(f"popup stayed open at {popup.url}: {popup.content()[:2000]}") from exc
    assert frame.get_attribute("section.thread-embed", "data-viewer") == "anonymous"


@pytest.mark.norwegian
@pytest.mark.phone
def test_the_same_in_norwegian_on_a_phone(browser, stack):
    page, frame = open_newspaper(browser, stack, "skolemat")
    assert frame.evaluate("() => document.documentElement.lang") == "nb"
    assert "kommentar" in frame.inner_text("#comments-heading")
    log_in_in_widget(page, frame, "adult")
    frame.fill("#new-comment", "Hilsen fra mobilen")
    quiet(frame)
    frame.click(".compose button[type=submit]")
    assert announced(frame, "Kommentaren din er publisert.") == "Kommentaren din er publisert."
    assert "akkurat nå" in frame.inner_text(f"#{focused_comment_id(frame)}")
    assert_frame_fits(page, frame)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    axe_check(frame, "widget in Norwegian on a phone")
    screenshot(page, "widget-nb-phone")


def log_in_top_level(browser, stack, persona: str, next_path: str):
    page = browser.new_page()
    page.goto(f"{stack.service}/login/facebook?next={next_path}")
    page.click(f"a[data-persona='{persona}']")
    page.wait_for_url(re.compile(re.escape(stack.service) + ".*"))
    page.wait_for_load_state()
    return page


def test_a_teens_comment_waits_and_is_approved_with_the_keyboard(browser, stack):
    page, frame = open_newspaper(browser, stack, "skolemat")
    log_in_in_widget(page, frame, "teen")
    assert "read by a moderator" in frame.inner_text(".compose")
    frame.fill("#new-comment", "Jeg liker skolemat")
    quiet(frame)
    frame.click(".compose button[type=submit]")
    assert announced(frame, "Thank you! Your comment will appear") == (
        "Thank you! Your comment will appear"
    )
    held = focused_comment_id(frame)
    assert "waiting for a moderator" in frame.inner_text(f"#{held}")
    anonymous = browser.new_page()  # (same profile, but the frame has no cookies: anonymous)
    anonymous.goto(f"{stack.newspaper}/skolemat")
    assert "Jeg liker skolemat" not in widget_frame(anonymous).inner_text("section.thread-embed")

    desk = log_in_top_level(browser, stack, "moderator", "/moderation/minors")
    deadline = time.monotonic() + 30
    while "Jeg liker skolemat" not in desk.inner_text("main"):  # screened by the worker first
        assert time.monotonic() < deadline, "the held comment never reached the queue"
        time.sleep(0.5)
        desk.reload()
    axe_check(desk, "desk: under 16 queue")
    screenshot(desk, "desk")
    desk.keyboard.press("j")
    with desk.expect_navigation():
        desk.keyboard.press("a")
    assert "Jeg liker skolemat" not in desk.inner_text("main")  # decided: off the queue
    for path in ("/moderation/", "/moderation/audit", "/moderation/guardian/"):
        desk.goto(f"{stack.service}{path}")
        axe_check(desk, f"desk {path}")

    anonymous = browser.new_page()
    anonymous.goto(f"{stack.newspaper}/skolemat")
    assert "Jeg liker skolemat" in widget_frame(anonymous).inner_text("section.thread-embed")


def test_the_desks_single_key_shortcuts_can_be_switched_off(browser, stack):
    desk = log_in_top_level(browser, stack, "moderator", "/moderation/minors")
    desk.uncheck("#desk-shortcuts-toggle")
    desk.reload()
    assert not desk.is_checked("#desk-shortcuts-toggle")  # remembered
    desk.keyboard.press("?")
    assert "is-open" not in (desk.get_attribute("#desk-help", "class") or "")
    desk.check("#desk-shortcuts-toggle")
    desk.locator("body").click(position={"x": 5, "y": 5})
    desk.keyboard.press("?")
    assert "is-open" in desk.get_attribute("#desk-help", "class")


def test_a_guardian_files_confirms_and_follows_the_request_to_completion(browser, stack):
    # A child comments; the guardian copies the comment's link (every comment has one).
    page, frame = open_newspaper(browser, stack, "derby-brann")
    log_in_in_widget(page, frame, "teen")
    frame.fill("#new-comment", "Heia Brann fra Ida")
    quiet(frame)
    frame.click(".compose button[type=submit]")
    announced(frame, "Thank you!")
    held = focused_comment_id(frame)
    permalink = frame.get_attribute(f"#{held} a.permalink", "href")
    assert permalink.startswith(f"{stack.service}/articles/derby-brann#comment-")

    guardian = browser.new_page()
    guardian.goto(f"{stack.service}/guardian")
    axe_check(guardian, "guardian form")
    guardian.click("main button[type=submit]")  # nothing filled in: the errors come first
    guardian.wait_for_function(  # the browser moves focus to the summary (autofocus)
        "() => document.activeElement.classList.contains('error-summary')"
    )
    assert guardian.get_attribute("#email", "aria-invalid") == "true"
    axe_check(guardian, "guardian form with errors")
    guardian.fill("#comments", permalink)
    guardian.check("input[name=relationship][value=parent]")
    guardian.fill("#email", "mor@example.no")
    guardian.check("#consent")
    guardian.click("main button[type=submit]")
    guardian.wait_for_url(re.compile(".*/guardian/sent"))
    axe_check(guardian, "guardian: sent")

    mail = stack.inbox.wait_for("mor@example.no")
    confirm = re.search(r"https?://\S+/guardian/confirm/\S+", mail.body).group(0)
    guardian.goto(confirm)
    axe_check(guardian, "guardian: confirm")
    guardian.click("main button[type=submit]")
    guardian.click("text=Follow your request")
    status_url = guardian.url
    assert "A moderator is looking at this request." in guardian.inner_text("main")
    axe_check(guardian, "guardian status: open")

    desk = log_in_top_level(browser, stack, "moderator", "/moderation/guardian/")
    desk.click("table a, .desk-list a >> nth=0")
    desk.once("dialog", lambda dialog: dialog.accept())
    desk.check("input[name=understood]")
    axe_check(desk, "guardian case desk")
    desk.click(".decision-danger button.danger")
    deadline = time.monotonic() + 30
    while True:
        guardian.goto(status_url)
        if "Completed: the data is deleted." in guardian.inner_text("main"):
            break
        assert time.monotonic() < deadline, guardian.inner_text("main")
        time.sleep(0.5)
    axe_check(guardian, "guardian status: completed")
    screenshot(guardian, "guardian-status")


@pytest.mark.phone
def test_a_reader_exports_and_deletes_their_data(browser, stack):
    me = log_in_top_level(browser, stack, "young", "/me")
    assert me.evaluate("() => document.documentElement.scrollWidth") <= 375  # fits a phone
    axe_check(me, "/me on a phone")
    with me.expect_download() as download:
        me.click("a[href='/me/export.json']")
    assert download.value.suggested_filename.endswith(".json")
    me.check("#delete input[type=checkbox]")
    me.click("#delete button[type=submit]")
    assert "deleted" in me.inner_text("main").lower()
    axe_check(me, "account deleted")
