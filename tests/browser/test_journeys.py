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
    popup.wait_for_event("close", timeout=15000)
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
