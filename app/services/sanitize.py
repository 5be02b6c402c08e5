"""Turn what a reader typed into the safe HTML we store; the only caller of bleach.

A comment is sanitised once, on write, through bleach's public API only (``Cleaner`` and
``LinkifyFilter``). ``clean_comment`` first makes the text safe to parse (line endings,
forbidden characters, a lone ``<``, formatting nested deeper than anyone writes), lets a
Cleaner parse it into a tree (dangerous elements go with their contents), rebuilds
paragraphs from blank lines and newlines using only the allowlisted tags, and finally hands
the result to a second Cleaner, which enforces the allowlist, checks link protocols and
linkifies bare URLs with our ``rel``. Its output is stable (cleaning clean HTML returns it
unchanged) and bounded (MAX_HTML_LENGTH; longer results are refused).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

if TYPE_CHECKING:
    from bleach.sanitizer import Cleaner

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "a", "em", "strong", "blockquote", "code", "ul", "ol", "li"}
)
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {"a": ["href"]}
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener noreferrer"

# Elements whose contents are code, styling or foreign markup rather than prose: they
# go with everything inside them. ``plaintext`` is absent on purpose: what follows it
# is the reader's own text.
# fmt: off
DROPPED_ELEMENTS: frozenset[str] = frozenset({
    "script", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript",
    "textarea", "title", "xmp", "noembed", "noframes", "frame", "frameset", "head",
    "select", "applet", "audio", "video", "canvas", "map", "param", "source", "track",
})
# fmt: on

# Elements a browser renders as blocks: a disallowed one leaves its text as a paragraph
# of its own instead of running it into its neighbours.
# fmt: off
_BLOCKISH = frozenset({
    "p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "hr", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "dl", "dt", "dd",
    "section", "article", "aside", "header", "footer", "nav", "main", "address", "figure",
    "figcaption", "details", "summary", "fieldset", "legend", "form", "center", "dialog",
    "menu", "hgroup", "listing", "plaintext",
})
# fmt: on
_INLINE_KEPT = frozenset({"em", "strong", "code"})
# What the parse keeps as elements: what we act on. Any other tag is stripped by bleach as it
# reads (its text stays), so the tree builder never sees it.
_PARSED_TAGS = ALLOWED_TAGS | DROPPED_ELEMENTS | _BLOCKISH
_XHTML = "http://www.w3.org/1999/xhtml"
_LISTS = frozenset({"ul", "ol"})

_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NEWLINES_RE = re.compile(r"[ \t\f\v]*\n(?:[ \t\f\v]*\n)*[ \t\f\v]*")
_HTML_SPACE = " \t\n\r\f"
# A "<" that no ">" closes before the next "<" or the end is a reader's less-than sign.
_UNCLOSED_LT_RE = re.compile(r"<(?=[^>]*(?:<|\Z))")
# Markup, a character reference, or what a linkifier could read as an address (a dot before a
# letter or digit: "example.no"), each sends a text the whole way through bleach.
_MAYBE_MARKUP_RE = re.compile(r"[<>&]|\.\w")
_LAYOUT = str.maketrans("\n\t", "  ")  # line breaks and tabs count as printable here
# plain_text marks the edges of block elements with these before deciding on newlines.
_LINE, _PARAGRAPH = "\x1e", "\x1d"
_BLOCK_BREAKS_RE = re.compile(r"[ \t]*[\x1d\x1e][\x1d\x1e\s]*")
# Deeper markup is flattened to its text so that the recursive rendering stays shallow.
MAX_DEPTH = 40
# What one comment may become, and how many formatting elements may be open at once.
MAX_HTML_LENGTH = 32_000
MAX_OPEN_FORMATTING = 4
# The parser reopens these "formatting elements" in every new block they span (it never
# sees the other formatting elements: bleach strips tags outside _PARSED_TAGS as it reads).
_FORMATTING_TAG_RE = re.compile(r"<(/?)(a|code|em|strong)(?=[\s/>])[^>]*>", re.IGNORECASE)

# Tokens of the intermediate inline stream built from the parse tree.
_BR = ("br",)
_PARA = ("para",)
Token = tuple[Any, ...]
Item = str | Element


class TooMuchMarkup(ValueError):
    """The comment would become more HTML than a comment may be (MAX_HTML_LENGTH)."""


def clean_comment(text: str) -> str:
    """Return safe, well-formed HTML for a comment typed as text with a little HTML.

    Work and output grow linearly with the text: formatting nested deeper than
    MAX_OPEN_FORMATTING is dropped before parsing (a parser reopens every open formatting
    element in each new paragraph), and a result longer than MAX_HTML_LENGTH is refused
    with TooMuchMarkup rather than stored.
    """
    text = _FORBIDDEN_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return ""
    if _is_plain(text):
        return _clean_plain(text)
    return _clean_markup(text)


def _is_plain(text: str) -> bool:
    """Text that neither parser nor cleaner would change: no markup or character reference,
    nothing a linkifier could take for an address, only printable characters."""
    return _MAYBE_MARKUP_RE.search(text) is None and text.translate(_LAYOUT).isprintable()


def _clean_plain(text: str) -> str:
    """:func:`_clean_markup`'s result for plain text, without bleach (most comments: a
    tenth of the time). tests/test_properties.py checks them equal, byte for byte."""
    cleaned = _render_flow([text], paragraphs=True)
    if len(cleaned) > MAX_HTML_LENGTH:
        raise TooMuchMarkup(f"more than {MAX_HTML_LENGTH} characters of HTML")
    return cleaned


def _clean_markup(text: str) -> str:
    """The whole way: parse, rebuild the structure, clean and linkify (see the docstring)."""
    fragment = _parse(_limit_formatting(_UNCLOSED_LT_RE.sub("&lt;", text)))
    structured = _render_flow(list(_items(fragment)), paragraphs=True)
    if len(structured) > MAX_HTML_LENGTH:
        raise TooMuchMarkup(f"more than {MAX_HTML_LENGTH} characters of HTML")
    cleaned = _cleaner().clean(structured) if structured else ""
    if len(cleaned) > MAX_HTML_LENGTH:  # linkified: still more than a comment may be
        raise TooMuchMarkup(f"more than {MAX_HTML_LENGTH} characters of HTML")
    return cleaned


def plain_text(body_html: str) -> str:
    """Return the visible text of stored HTML; breaks and paragraphs become newlines.

    Deliberately not remembered between calls: a cache of comment texts in a web process would
    keep an erased child's words in memory after the erasure.
    """
    if not body_html:
        return ""
    parts: list[str] = []
    _collect_text(_parse(body_html.replace(_LINE, "").replace(_PARAGRAPH, "")), parts)
    text = _BLOCK_BREAKS_RE.sub(
        lambda m: "\n\n" if _PARAGRAPH in m.group() else "\n", "".join(parts)
    )
    return text.strip()


def clean_display_name(name: str, max_length: int = 50) -> str:
    """Return a display name as plain text: no control characters, tidy spaces."""
    kept = []
    for char in name:
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) not in {"Cc", "Cf", "Cs"}:
            kept.append(char)
    collapsed = " ".join("".join(kept).split())
    return collapsed[:max_length].rstrip()


def has_forbidden_characters(text: str) -> bool:
    """True if text holds C0 controls other than tab/newline/CR, or lone surrogates."""
    return _FORBIDDEN_RE.search(text) is not None


# -- parsing -----------------------------------------------------------------------


def _limit_formatting(text: str) -> str:
    """Drop formatting start tags beyond MAX_OPEN_FORMATTING open ones (and their end tags).

    Runs on raw text, before parsing, so it may also touch tag-like text inside attributes or
    raw-text elements: that only removes text, and the parser and bleach still check all.
    """
    open_counts: dict[str, int] = {}
    dropped_counts: dict[str, int] = {}

    def keep_or_drop(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if match.group(1):  # an end tag closes a dropped start tag first, keeping pairs
            if dropped_counts.get(name):
                dropped_counts[name] -= 1
                return ""
            if open_counts.get(name):
                open_counts[name] -= 1
            return match.group()
        if sum(open_counts.values()) >= MAX_OPEN_FORMATTING:
            dropped_counts[name] = dropped_counts.get(name, 0) + 1
            return ""
        open_counts[name] = open_counts.get(name, 0) + 1
        return match.group()

    return _FORMATTING_TAG_RE.sub(keep_or_drop, text)


def _parse(text: str) -> Element:
    """Parse an HTML fragment as a browser would; markup nested too deep is flattened.

    bleach parses, through its public Cleaner: every tag we act on is kept for us to see
    (the rest are stripped, their text kept), attributes other than a safe ``href`` and all
    comments are gone, and a filter turns the parsed stream into a tree instead of HTML.
    """
    # bleach (and html5lib under it, ~3 MB) loads on the first comment written, not in
    # every web worker that only serves threads; the screening worker warms it up itself.
    from bleach.sanitizer import Cleaner

    fragment = Element("fragment")
    Cleaner(
        tags=_PARSED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[partial(_tree_of_tokens, root=fragment)],
    ).clean(text)
    stack = [(fragment, 0)]
    while stack:
        element, depth = stack.pop()
        if depth < MAX_DEPTH:
            stack.extend((child, depth + 1) for child in element)
        elif len(element):
            element.text = _flat_text(element)
            element[:] = []
    return fragment


def _tree_of_tokens(source: Iterable[dict[str, Any]], root: Element) -> Iterator[dict[str, Any]]:
    """A Cleaner filter that builds a tree under root from bleach's tokens and yields none.

    Tokens are html5lib's tree-walker tokens. Text arrives literal, except that bleach keeps
    each character reference as an ``Entity`` token; attribute values keep their references.
    Elements outside the HTML namespace (SVG, MathML) get ``{namespace}name`` tags.
    """
    stack = [root]
    for token in source:
        kind = token["type"]
        if kind in ("Characters", "SpaceCharacters"):
            _append_text(stack[-1], token["data"])
        elif kind == "Entity":
            _append_text(stack[-1], html.unescape(f"&{token['name']};"))
        elif kind in ("StartTag", "EmptyTag"):
            namespace, name = token.get("namespace"), token["name"]
            tag = name if namespace in (None, _XHTML) else f"{{{namespace}}}{name}"
            attributes = {
                key[1] if isinstance(key, tuple) else key: html.unescape(value)
                for key, value in token.get("data", {}).items()
            }
            element = Element(tag, attributes)
            stack[-1].append(element)
            if kind == "StartTag":
                stack.append(element)
        elif kind == "EndTag" and len(stack) > 1:
            stack.pop()
    yield from ()


def _append_text(parent: Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _flat_text(element: Element) -> str:
    """The visible text under element, without recursion; <br> becomes a newline."""
    parts: list[str] = []
    stack: list[Item] = list(reversed(list(_items(element))))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif _tag(item) == "br":
            parts.append("\n")
        elif _tag(item) not in DROPPED_ELEMENTS and _tag(item) is not None:
            stack.extend(reversed(list(_items(item))))
    return "".join(parts)


def _tag(element: Element) -> str | None:
    """The element's HTML name; None for comments and for SVG/MathML content."""
    if not isinstance(element.tag, str) or element.tag.startswith("{"):
        return None
    return element.tag


def _items(element: Element) -> Iterator[Item]:
    """The element's text, children and their tails, in document order."""
    if element.text:
        yield element.text
    for child in element:
        yield child
        if child.tail:
            yield child.tail


# -- rebuilding structure ----------------------------------------------------------


def _render_flow(items: list[Item], paragraphs: bool) -> str:
    """Render block content; inline runs become <p>s, or <br>-separated lines if not."""
    rendered: list[str] = []
    previous_inline = False
    for inline, part in _flow_parts(items, paragraphs):
        if not part:
            continue
        if inline and previous_inline:
            rendered.append("<br>")
        rendered.append(part)
        previous_inline = inline
    return "".join(rendered)


def _flow_parts(items: list[Item], paragraphs: bool) -> list[tuple[bool, str]]:
    """Rendered pieces of block content, each marked as inline text or a block."""
    out: list[tuple[bool, str]] = []  # (is inline text, html)
    run: list[Token] = []

    def flush() -> None:
        if paragraphs:
            out.extend((False, f"<p>{p}</p>") for p in _split_paragraphs(run))
        else:
            out.append((True, _render_tokens(_trim(_as_line_breaks(run)))))
        run.clear()

    for item in items:
        if isinstance(item, str):
            run.extend(_text_tokens(item))
            continue
        tag = _tag(item)
        if tag == "blockquote":
            flush()
            inner = _render_flow(list(_items(item)), paragraphs=True)
            out.append((False, f"<blockquote>{inner}</blockquote>" if inner else ""))
        elif tag in _LISTS:
            flush()
            out.append((False, _render_list(tag, _items(item))))
        elif tag == "li":
            flush()
            out.append((False, _render_list("ul", [item])))  # a stray item gets a list
        elif tag in _BLOCKISH and tag != "p":
            # A <div> or the like: its content is set apart from its neighbours, and a
            # blockquote or list inside it keeps its shape.
            flush()
            out.extend(_flow_parts(list(_items(item)), paragraphs))
        else:
            run.extend(_inline_tokens(item))
    flush()
    return out


def _as_line_breaks(tokens: list[Token]) -> list[Token]:
    """Outside paragraphs, a paragraph break (or several) is a single line break."""
    result: list[Token] = []
    for token in tokens:
        if token == _PARA:
            if result and result[-1] == _BR:
                continue
            token = _BR
        result.append(token)
    return result


def _render_list(tag: str, items: Iterable[Item]) -> str:
    """Render <ul>/<ol>; stray content directly inside the list becomes an item."""
    rendered: list[str] = []
    stray: list[Item] = []
    for item in items:
        if isinstance(item, Element) and _tag(item) == "li":
            rendered.append(_render_item(stray))
            stray = []
            rendered.append(_render_item(list(_items(item))))
        else:
            stray.append(item)
    rendered.append(_render_item(stray))
    body = "".join(rendered)
    return f"<{tag}>{body}</{tag}>" if body else ""


def _render_item(items: list[Item]) -> str:
    """Render one list item; it holds paragraphs only if the reader wrote <p> inside."""
    has_paragraph = any(isinstance(i, Element) and _tag(i) == "p" for i in items)
    body = _render_flow(items, paragraphs=has_paragraph)
    return f"<li>{body}</li>" if body else ""


def _text_tokens(text: str) -> list[Token]:
    """Split text at newlines: one newline is a line break, a blank line a paragraph."""
    tokens: list[Token] = []
    position = 0
    for match in _NEWLINES_RE.finditer(text):
        if match.start() > position:
            tokens.append(("text", text[position : match.start()]))
        tokens.append(_PARA if match.group().count("\n") > 1 else _BR)
        position = match.end()
    if position < len(text):
        tokens.append(("text", text[position:]))
    return tokens


def _inline_tokens(element: Element, in_link: bool = False) -> list[Token]:
    """Flatten an element into inline tokens, keeping only allowlisted inline markup."""
    tag = _tag(element)
    if tag is None or tag in DROPPED_ELEMENTS:
        return []
    if tag == "br":
        return [_BR]
    href = element.get("href") if tag == "a" else None
    # Links never nest (a parser would split them), so an inner link gives up its href.
    is_link = href is not None and not in_link and _is_allowed_href(href)
    inner: list[Token] = []
    for item in _items(element):
        if isinstance(item, str):
            inner.extend(_text_tokens(item))
        else:
            inner.extend(_inline_tokens(item, in_link or is_link))
    if tag in _INLINE_KEPT:
        return [("start", tag), *inner, ("end", tag)]
    if is_link:
        return [("start", "a", {"href": href}), *inner, ("end", "a")]
    if tag in _BLOCKISH:
        return [_PARA, *inner, _PARA]
    return inner  # a refused link or a disallowed tag: its text stays


def _is_allowed_href(href: str) -> bool:
    """Mirror bleach's protocol check so a refused link keeps its inner markup."""
    normalized = re.sub(r"[`\x00-\x20\x7f-\xa0\s]+", "", href)
    normalized = re.sub(r"[^\x00-\x7f]", "", normalized).lower()
    scheme, colon, _ = normalized.partition(":")
    return bool(colon) and scheme in ALLOWED_PROTOCOLS


def _split_paragraphs(tokens: list[Token]) -> list[str]:
    """Cut an inline run at paragraph breaks, closing and reopening open inline tags."""
    paragraphs: list[list[Token]] = []
    current: list[Token] = []
    open_tags: list[Token] = []
    for token in tokens:
        if token == _PARA:
            current.extend(("end", t[1]) for t in reversed(open_tags))
            paragraphs.append(current)
            current = list(open_tags)
            continue
        current.append(token)
        if token[0] == "start":
            open_tags.append(token)
        elif token[0] == "end":
            open_tags.pop()
    paragraphs.append(current)
    rendered = (_render_tokens(_trim(p)) for p in paragraphs)
    return [p for p in rendered if p]


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop leading/trailing whitespace and line breaks, and elements left empty."""
    has_text = [t[0] == "text" and t[1].strip(_HTML_SPACE) != "" for t in tokens]
    if not any(has_text):
        return []
    first = has_text.index(True)
    last = len(tokens) - 1 - has_text[::-1].index(True)

    def edge(token: Token) -> bool:
        return token[0] not in {"text", "br"}

    head = [t for t in tokens[:first] if edge(t)]
    tail = [t for t in tokens[last + 1 :] if edge(t)]
    middle = list(tokens[first : last + 1])
    middle[0] = ("text", middle[0][1].lstrip(_HTML_SPACE))
    middle[-1] = ("text", middle[-1][1].rstrip(_HTML_SPACE))
    result: list[Token] = []
    for token in head + middle + tail:
        if token[0] == "end" and result and result[-1][0] == "start":
            result.pop()  # an element left empty, like <em></em>
        else:
            result.append(token)
    return result


def _render_tokens(tokens: list[Token]) -> str:
    """Serialise inline tokens; text is escaped, attributes quoted."""
    out: list[str] = []
    for token in tokens:
        kind = token[0]
        if kind == "text":
            out.append(html.escape(token[1], quote=False))
        elif kind == "br":
            out.append("<br>")
        elif kind == "start":
            attrs = token[2] if len(token) > 2 else {}
            # Only " needs escaping inside "...": bleach writes ' as it is, and so must we.
            rendered = "".join(
                f' {k}="{html.escape(v, quote=False).replace(chr(34), "&quot;")}"'
                for k, v in attrs.items()
            )
            out.append(f"<{token[1]}{rendered}>")
        elif kind == "end":
            out.append(f"</{token[1]}>")
    return "".join(out)


# -- bleach --------------------------------------------------------------------------


def _link_attributes(attrs: dict[Any, str], new: bool = False) -> dict[Any, str] | None:
    """Linkify callback: every link gets our rel; a link without a safe href goes."""
    if not attrs.get((None, "href")):
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _cleaner() -> Cleaner:
    """A fresh Cleaner: bleach's parser keeps state and is not thread-safe."""
    from bleach.linkifier import LinkifyFilter
    from bleach.sanitizer import Cleaner

    return Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[partial(LinkifyFilter, callbacks=[_link_attributes], parse_email=False)],
    )


# -- plain text ----------------------------------------------------------------------


def _collect_text(element: Element, parts: list[str]) -> None:
    """Append the visible text under element to parts, with markers for block edges."""
    for item in _items(element):
        if isinstance(item, str):
            parts.append(item)
            continue
        tag = _tag(item)
        if tag is None or tag in DROPPED_ELEMENTS:
            continue
        if tag == "br":
            parts.append("\n")
            continue
        edge = (_PARAGRAPH if tag in {"p", "blockquote"} else _LINE) if tag in _BLOCKISH else ""
        parts.append(edge)
        _collect_text(item, parts)
        parts.append(edge)
