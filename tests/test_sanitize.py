"""What a reader may type, and what we store and show for it."""

from __future__ import annotations

import random
import re

import pytest

from app.services import sanitize
from app.services.sanitize import (
    LINK_REL,
    clean_comment,
    clean_display_name,
    has_forbidden_characters,
    plain_text,
)

REL = f'rel="{LINK_REL}"'

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script >alert(1)</script >",
    "<script\n>alert(1)</script\n>",
    '<script src="https://evil.example/x.js"></script>',
    "<script>alert(1)",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnError=alert(1)>",
    "<img src=x onerror=\"alert('1')\">",
    "'><img src=x onerror=alert(1)//>",
    '"><script>alert(1)</script>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="javascript&colon;alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="java\nscript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="https://ok.example" onclick="alert(1)">click</a>',
    "<a href='https://ok.example' onmouseover='alert(\"1\")'>click</a>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">click</mi></math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title>",
    "<xmp><script>alert(1)</script></xmp>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<em><strong><a href="javascript:alert(1)">deep</a></strong></em>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<!--<script>alert(1)</script>-->",
    "<plaintext><script>alert(1)</script>",
]


def dangerous(html: str) -> bool:
    """Would this HTML run code if a browser rendered it?"""
    lowered = html.lower()
    return (
        "<script" in lowered
        or "javascript:" in lowered
        or "vbscript:" in lowered
        or "data:" in lowered
        or re.search(r"<[^>]*\son\w+\s*=", lowered) is not None
        or "<svg" in lowered
        or "<iframe" in lowered
        or "style=" in lowered
    )


# -- XSS -----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_attack_payload_is_made_harmless(payload):
    body = clean_comment(payload)
    assert not dangerous(body), body
    assert "onerror" not in body.lower()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_reader_text_around_an_attack_survives(payload):
    body = clean_comment(f"Før {payload} etter")
    assert not dangerous(body), body
    assert "Før" in body


def test_script_contents_are_removed_not_shown_as_text():
    assert clean_comment("<script>alert('hei')</script>Hei!") == "<p>Hei!</p>"


def test_unclosed_script_swallows_nothing_before_it():
    assert clean_comment("Bra sak<script>alert(1)") == "<p>Bra sak</p>"


@pytest.mark.parametrize(
    "element",
    [
        "script",
        "style",
        "svg",
        "math",
        "iframe",
        "object",
        "template",
        "noscript",
        "textarea",
        "title",
        "xmp",
        "noembed",
        "noframes",
    ],
)
def test_contents_of_raw_text_and_foreign_elements_are_dropped(element):
    body = clean_comment(f"synlig <{element}>skjult innhold</{element}> også synlig")
    assert "skjult" not in body
    assert body == "<p>synlig  også synlig</p>"


def test_embed_is_an_empty_element_and_goes():
    assert clean_comment('før <embed src="x.swf"> etter') == "<p>før  etter</p>"


def test_uppercase_and_spaced_tags_are_recognised():
    assert clean_comment("<STYLE >p{}</STYLE\t>tekst") == "<p>tekst</p>"


def test_disallowed_tags_are_stripped_but_their_text_kept():
    assert clean_comment("<b>fet</b> og <span class='x'>spenn</span>") == "<p>fet og spenn</p>"


def test_image_disappears_entirely():
    assert clean_comment('<img src="https://x.example/a.png" alt="bilde">') == ""


def test_refused_link_keeps_its_text_and_formatting():
    body = clean_comment('<a href="javascript:alert(1)">klikk <em>her</em></a>')
    assert body == "<p>klikk <em>her</em></p>"


def test_event_handlers_and_unknown_attributes_are_removed():
    body = clean_comment('<p onclick="x()" class="big" title="t">hei</p>')
    assert body == "<p>hei</p>"


def test_html_comments_are_removed():
    assert clean_comment("før<!-- hemmelig -->etter") == "<p>føretter</p>"


def test_deeply_nested_markup_does_not_crash():
    body = clean_comment("<div>" * 5000 + "bunn" + "</div>" * 5000)
    assert body == "<p>bunn</p>"
    assert "bunn" in clean_comment("<em>" * 3000 + "bunn")


# -- what readers normally type -------------------------------------------------------


def test_plain_text_becomes_a_paragraph():
    assert clean_comment("Godt skrevet!") == "<p>Godt skrevet!</p>"


def test_less_than_and_ampersand_are_shown_literally():
    assert clean_comment("a < b & c") == "<p>a &lt; b &amp; c</p>"
    assert clean_comment("3<4 og 5>2") == "<p>3&lt;4 og 5&gt;2</p>"
    assert clean_comment("hjerte <3") == "<p>hjerte &lt;3</p>"


def test_a_lonely_less_than_before_a_letter_is_text_not_a_tag():
    assert clean_comment("a<b") == "<p>a&lt;b</p>"


def test_typed_entities_stay_what_they_showed():
    assert clean_comment("&lt;script&gt;") == "<p>&lt;script&gt;</p>"


def test_norwegian_letters_and_emoji_survive():
    assert clean_comment("Blåbærsyltetøy på Ærøy 😀") == "<p>Blåbærsyltetøy på Ærøy 😀</p>"


def test_quotes_are_kept_as_typed():
    assert clean_comment('Han sa "nei" og gikk') == '<p>Han sa "nei" og gikk</p>'


def test_blank_lines_make_paragraphs_and_newlines_line_breaks():
    body = clean_comment("Første linje\nandre linje\n\nNytt avsnitt\r\n\r\n\r\nSiste")
    assert body == "<p>Første linje<br>andre linje</p><p>Nytt avsnitt</p><p>Siste</p>"


def test_surrounding_whitespace_is_trimmed():
    assert clean_comment("\n\n   hei  \n\n") == "<p>hei</p>"


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\n\n", "<p></p>", "<em> </em>", "<br><br>", "<script>x</script>"]
)
def test_nothing_visible_gives_an_empty_body(text):
    assert clean_comment(text) == ""


def test_allowed_markup_is_kept():
    text = "<p><strong>Viktig:</strong> les <em>dette</em> og <code>x = 1</code></p>"
    assert clean_comment(text) == text


def test_user_paragraphs_are_not_wrapped_twice():
    assert clean_comment("<p>en</p><p>to</p>") == "<p>en</p><p>to</p>"


def test_text_between_user_paragraphs_gets_its_own_paragraph():
    assert clean_comment("<p>en</p>to<p>tre</p>") == "<p>en</p><p>to</p><p>tre</p>"


def test_blank_line_inside_formatting_closes_and_reopens_it():
    assert clean_comment("<em>en\n\nto</em>") == "<p><em>en</em></p><p><em>to</em></p>"


def test_blockquote_holds_paragraphs():
    body = clean_comment("<blockquote>Sitat\n\nmer sitat</blockquote>\nMitt svar")
    assert body == "<blockquote><p>Sitat</p><p>mer sitat</p></blockquote><p>Mitt svar</p>"


def test_lists_are_kept_and_items_use_line_breaks():
    body = clean_comment("<ul><li>en</li><li>to\ntre</li></ul>")
    assert body == "<ul><li>en</li><li>to<br>tre</li></ul>"
    assert clean_comment("<ol><li>først</li></ol>") == "<ol><li>først</li></ol>"


def test_stray_list_item_gets_a_list():
    assert clean_comment("<li>alene</li>") == "<ul><li>alene</li></ul>"


def test_divs_become_paragraphs():
    assert clean_comment("<div>en</div><div>to</div>") == "<p>en</p><p>to</p>"


# -- links ---------------------------------------------------------------------------


def test_bare_urls_become_links_with_our_rel():
    body = clean_comment("Les https://nrk.no/sak og www.example.no.")
    assert body == (
        f'<p>Les <a href="https://nrk.no/sak" {REL}>https://nrk.no/sak</a> og '
        f'<a href="http://www.example.no" {REL}>www.example.no</a>.</p>'
    )


def test_user_written_link_gets_our_rel_instead_of_theirs():
    body = clean_comment('<a href="https://example.no" rel="dofollow" target="_blank">her</a>')
    assert body == f'<p><a href="https://example.no" {REL}>her</a></p>'


def test_mailto_links_are_allowed():
    body = clean_comment('<a href="mailto:tips@example.no">tips oss</a>')
    assert body == f'<p><a href="mailto:tips@example.no" {REL}>tips oss</a></p>'


def test_relative_and_protocol_relative_links_are_dropped():
    assert clean_comment('<a href="/admin">admin</a>') == "<p>admin</p>"
    assert clean_comment('<a href="//evil.example">x</a>') == "<p>x</p>"


def test_ampersands_in_links_are_escaped():
    body = clean_comment("https://example.no/?a=1&b=2")
    assert 'href="https://example.no/?a=1&amp;b=2"' in body


def test_every_link_has_the_rel():
    body = clean_comment('www.a.no <a href="https://b.no">b</a> https://c.no')
    assert body.count("<a ") == 3
    assert body.count(REL) == 3


def test_email_addresses_are_not_linkified():
    assert clean_comment("skriv til ida@example.no") == "<p>skriv til ida@example.no</p>"


# -- idempotence ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hei!",
        "a < b & c > d",
        "&amp;lt; &copy; &nbsp;x",
        "linje\nlinje\n\navsnitt",
        "Se www.example.no og https://nrk.no/?a=1&b=2",
        '<a href="https://example.no/?q=\'x\'&amp;y=&quot;z&quot;" rel="x">lenke</a>',
        "<p>en</p>to<p>tre</p>",
        "<em>en\n\nto</em> <strong>fet</strong>",
        "<blockquote>sitat\n\nmer</blockquote>svar",
        "<ul><li>en</li><li>to\ntre</li>løs tekst</ul><ol><li><p>a</p><p>b</p></li></ol>",
        "<li>item<ul><li>sub</li></ul></li>",
        "<div><blockquote>q</blockquote></div><li><div>a</div><div>b</div></li>",
        "<table><tr><td>a</td><td>b</td></tr></table>",
        "x<br><br><br>y",
        "<code>www.x.no</code>",
        *XSS_PAYLOADS,
    ],
)
def test_cleaning_clean_html_changes_nothing(text):
    once = clean_comment(text)
    assert clean_comment(once) == once


FRAGMENTS = [
    "<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<b>", "</b>", "<code>", "</code>",
    "<a href='https://x.no/?a=1&b=2'>", "<a href=\"javascript:alert(1)\">", "</a>",
    "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<blockquote>", "</blockquote>",
    "<br>", "<div>", "</div>", "<table>", "<tr>", "<td>", "<h1>", "</h1>", "<script>",
    "</script>", "<svg>", "</svg>", "<!--", "-->", "<img src=x onerror=alert(1)>",
    "\n", "\n\n", " ", "tekst", "æøå", "a < b", "&amp;", "&lt;", "&", "<", ">", '"',
    "www.example.no", "https://nrk.no",
]  # fmt: skip


def test_random_tag_soup_is_safe_and_stable():
    rng = random.Random(20240611)
    for _ in range(600):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 25)))
        once = clean_comment(text)
        assert not dangerous(once), (text, once)
        assert clean_comment(once) == once, text


# -- plain text ----------------------------------------------------------------------


def test_plain_text_of_a_stored_body():
    body = clean_comment("Hei &amp; hallo\nandre linje\n\n<em>Nytt</em> avsnitt www.x.no")
    assert plain_text(body) == "Hei & hallo\nandre linje\n\nNytt avsnitt www.x.no"


def test_plain_text_unescapes_what_clean_comment_escaped():
    assert plain_text(clean_comment("a < b & <script>x</script>c")) == "a < b & c"


def test_plain_text_of_lists_and_quotes():
    body = "<blockquote><p>sitat</p></blockquote><ul><li>en</li><li>to</li></ul>"
    assert plain_text(body) == "sitat\n\nen\nto"


def test_plain_text_ignores_scripts_in_raw_html():
    assert plain_text("<p>hei</p><script>alert(1)</script>") == "hei"


def test_plain_text_of_nothing():
    assert plain_text("") == ""


# -- display names -------------------------------------------------------------------


def test_display_name_is_trimmed_and_spaces_collapsed():
    assert clean_display_name("  Ida \t  Marie\nHansen  ") == "Ida Marie Hansen"


def test_display_name_loses_control_and_format_characters():
    assert clean_display_name("Ida\x00\x07\u200b\u202eHansen\ufeff") == "IdaHansen"


def test_display_name_keeps_markup_as_literal_text():
    assert clean_display_name("<script>x</script>") == "<script>x</script>"
    assert clean_display_name("Tom & Jerry") == "Tom & Jerry"


def test_display_name_keeps_norwegian_letters():
    assert clean_display_name("Åse Ødegård") == "Åse Ødegård"


def test_display_name_is_cut_to_length():
    assert clean_display_name("a" * 80) == "a" * 50
    assert clean_display_name("Ida Hansen", max_length=4) == "Ida"


@pytest.mark.parametrize("name", ["", "   ", "\x00\x01", "\u200b\u200d"])
def test_empty_display_name(name):
    assert clean_display_name(name) == ""


# -- forbidden characters ------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["nul\x00byte", "\x01", "bell\x07", "esc\x1b[31m", "\x0b", "\x1f", "lone \ud800"]
)
def test_forbidden_characters_are_detected(text):
    assert has_forbidden_characters(text)


@pytest.mark.parametrize("text", ["", "vanlig tekst", "tab\there", "line\nbreak\r\n", "æøå 😀"])
def test_ordinary_text_has_no_forbidden_characters(text):
    assert not has_forbidden_characters(text)


def test_valid_surrogate_pair_from_utf16_is_fine():
    assert not has_forbidden_characters("😀".encode("utf-16").decode("utf-16"))


def test_clean_comment_drops_forbidden_characters():
    assert clean_comment("a\x00b\ud800c") == "<p>abc</p>"


# -- configuration -------------------------------------------------------------------


def test_allowlist_is_what_the_newsroom_agreed():
    assert {
        "p",
        "br",
        "a",
        "em",
        "strong",
        "blockquote",
        "code",
        "ul",
        "ol",
        "li",
    } == sanitize.ALLOWED_TAGS
    assert sanitize.ALLOWED_ATTRIBUTES == {"a": ["href"]}
    assert {"http", "https", "mailto"} == sanitize.ALLOWED_PROTOCOLS
    assert LINK_REL == "nofollow ugc noopener noreferrer"


def test_bleach_is_used_through_its_public_api_only():
    """bleach's private modules (html5lib_shim, the vendored html5lib) change in any release."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(sanitize.__file__).read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    from_bleach = {name for name in imported if name and name.startswith("bleach")}
    assert from_bleach <= {"bleach.sanitizer", "bleach.linkifier"}, from_bleach
    assert "html5lib_shim" not in Path(sanitize.__file__).read_text()
