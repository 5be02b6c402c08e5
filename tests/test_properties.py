"""Properties that hold for any input, checked with generated text (hypothesis): the sanitiser's
output is bounded, stable and allowlisted; the input guard measures any JSON without recursion
and answers bad bodies with 400, never 500."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import sanitize
from app.web import MAX_JSON_DEPTH, json_depth

PIECES = [
    "<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<code>", "</code>", "<b>", "</b>",
    "<i x=1>", "<a href='https://x.no/?a=1&b=2'>", "<a href=\"javascript:alert(1)\">", "</a>",
    "<a href='/rel'>", "<ul>", "</ul>", "<ol>", "<li>", "</li>", "<blockquote>", "</blockquote>",
    "<br>", "<div>", "</div>", "<table><tr><td>", "<h1>", "<script>", "</script>", "<style>",
    "<svg><a xlink:href='javascript:x'>", "</svg>", "<!--", "-->", "<img src=x onerror=alert(1)>",
    "<p style='x' onclick='y'>", "\n", "\n\n", " ", "tekst", "æøå", "<", ">", "&", "&amp;",
    "&lt;", "&#106;", '"', "'", "www.example.no", "https://nrk.no/a?b=c", "ida@example.no",
]  # fmt: skip
comment_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60
).map("".join)

TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>")
ATTRIBUTE_RE = re.compile(r'\s([a-z]+)="([^"]*)"')


def clean_or_refused(text: str) -> str | None:
    try:
        return sanitize.clean_comment(text)
    except sanitize.TooMuchMarkup:
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(comment_text)
def test_the_sanitiser_is_bounded_stable_and_allowlisted(text):
    body = clean_or_refused(text)
    if body is None:
        return  # refused outright: nothing stored
    assert len(body) <= sanitize.MAX_HTML_LENGTH
    assert sanitize.clean_comment(body) == body  # cleaning clean HTML changes nothing
    for closing, tag, attributes in TAG_RE.findall(body):
        assert tag in sanitize.ALLOWED_TAGS, body
        found = dict(ATTRIBUTE_RE.findall(attributes))
        if tag != "a" or closing:
            assert not found, body
            continue
        assert set(found) == {"href", "rel"}, body
        assert found["rel"] == sanitize.LINK_REL
        scheme = found["href"].split(":", 1)[0].lower()
        assert scheme in sanitize.ALLOWED_PROTOCOLS, body


# What readers mostly type: words, punctuation, spacing and line breaks, with now and then
# any character at all (a dot before a letter, an ampersand or a "<" leaves the shortcut).
PLAIN_PIECES = [
    "Innlegg", "kommunen", "bør", "bygge", "bybanen", "nå", "ÆØÅ", "123", " ", "  ", "\t",
    "\n", "\n\n", " \n ", "\r\n", "\r", ".", ". ", "...", ",", ":", ";", "!", "?", "-",
    "(", ")", '"', "'", "/", "@", "#", "*", "_", "%", "+", "=", "€", "😀", "\u00a0", "\u3000",
    "\u200b", "\x7f", "\x85", "\ufeff", "\ufffe", "\U0010ffff", "\u2028", "\x0c", "\x00",
    "nrk.no", "a.b", "K", "\u212a", "ſ", "&", "<", ">",
]  # fmt: skip
plain_text = st.lists(
    st.one_of(st.sampled_from(PLAIN_PIECES), st.text(max_size=3)), max_size=40
).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_text)
def test_plain_text_takes_a_shortcut_to_the_very_same_html(text):
    """The shortcut past bleach for text without markup (sanitize._is_plain) gives exactly
    what the whole way through bleach gives, byte for byte."""
    normal = sanitize._FORBIDDEN_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not normal.strip():
        return
    try:
        whole_way = sanitize._clean_markup(normal)
    except sanitize.TooMuchMarkup:
        whole_way = None
    if sanitize._is_plain(normal):
        assert sanitize._clean_plain(normal) == whole_way, normal
    assert clean_or_refused(text) == whole_way


def test_the_shortcut_is_taken_by_what_readers_mostly_write():
    assert sanitize._is_plain("Innlegg 7: kommunen bør bygge bybanen nå!\n\n(Hilsen Kari)")
    assert sanitize._is_plain("Det koster 5 kr. Ikke mer.")  # a dot before a space
    for text in ("se nrk.no", "a &amp; b", "<em>x</em>", "1 < 2", "x\u00a0y", "e\u0301\x85"):
        assert not sanitize._is_plain(text), text


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.integers(min_value=10, max_value=400))
def test_nested_formatting_never_multiplies_the_output(depth_per_tag, paragraphs):
    opening = "".join(f"<em x={i}><strong y={i}>" for i in range(depth_per_tag * 10))
    text = (opening + "x\n\n" * paragraphs)[:5000]
    body = clean_or_refused(text)
    # At most MAX_OPEN_FORMATTING elements reopen per paragraph: linear, not multiplied.
    assert body is None or len(body) <= 25 * len(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=40,
)


def real_depth(value) -> int:
    if isinstance(value, list):
        return 1 + max(map(real_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(real_depth, value.values()), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_the_input_guard_measures_any_json_exactly(value):
    assert json_depth(json.dumps(value)) == real_depth(value)
    assert json_depth(json.dumps(value, ensure_ascii=False, indent=1)) == real_depth(value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.integers(min_value=MAX_JSON_DEPTH - 2, max_value=5000).map(
            lambda n: ("[" * n + "]" * n).encode()
        ),
        json_values.map(lambda v: json.dumps({"body": v}).encode()),
    )
)
def test_the_input_guard_answers_any_body_without_a_server_error(client, body):
    response = client.post(
        "/api/v1/articles/sak/comments", data=body, content_type="application/json"
    )
    assert response.status_code < 500
    assert response.status_code in (400, 401, 403, 404, 422)
