"""Find personal details and warning signs in a held comment, for a moderator to judge.

``scan`` works on plain text (``sanitize.plain_text(body_html)``) and only points things
out: a phone number, an e-mail or street address, a social media handle, a link, or a
word from the newsroom's list. Nothing here decides; a human does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

KINDS: tuple[str, ...] = ("email", "phone", "address", "postcode", "handle", "link", "word")
"""Every kind of finding, most specific first: that order breaks ties between overlaps."""

DEFAULT_WORDS_FILE = Path(__file__).with_name("screening_words.txt")


@dataclass(frozen=True)
class Finding:
    """One match: ``text == scanned_text[start:end]``."""

    kind: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, e.g. for storing the findings with the comment."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The inverse of ``to_dict``."""
        return cls(str(data["kind"]), int(data["start"]), int(data["end"]), str(data["text"]))


# -- patterns ------------------------------------------------------------------------

_SEP = r"[ .\u00a0\u2013-]"  # space, dot, no-break space, en dash or hyphen between groups
_PHONE_RE = re.compile(
    rf"""
    (?<![0-9+])(?<![0-9]{_SEP})           # not the tail of a longer number
    (?:(?:\+|00)\s?47{_SEP}?|\(\s?(?:\+|00)?47\s?\){_SEP}?)?   # +47, 0047, (+47)
    (?:
        [2-9][0-9]{{7}}                                       # 91234567
      | [2-9][0-9]{{2}}(?P<s1>{_SEP})[0-9]{{2}}(?P=s1)[0-9]{{3}}  # 912 34 567
      | [2-9][0-9](?P<s2>{_SEP})[0-9]{{2}}(?P=s2)[0-9]{{2}}(?P=s2)[0-9]{{2}}  # 91 23 45 67
      | (?!(?:19|20)[0-9]{{2}}{_SEP}(?:19|20)[0-9]{{2}})       # not "2010-2014"
        [2-9][0-9]{{3}}(?P<s3>{_SEP})[0-9]{{4}}                  # 9123 4567
    )
    (?![0-9])(?!{_SEP}[0-9])              # not the head of a longer number
    """,
    re.VERBOSE,
)

_LOCAL_PART = r"(?<![\w.+-])[\w.+-]+"
_EMAIL_RE = re.compile(rf"{_LOCAL_PART}@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{{2,}}(?![\w-])")
_BRACKETED_AT = r"\s*[(\[{<]\s*(?i:at|alfa|krøllalfa)\s*[)\]}>]\s*"
_DOT = r"(?:\s*[(\[{<]\s*(?i:dot|punktum|prikk)\s*[)\]}>]\s*|\s+(?i:dot|punktum|prikk)\s+|\.)"
_OBFUSCATED_EMAIL_RES = (
    # ida (at) example.no, ida [at] example dot no
    re.compile(rf"{_LOCAL_PART}{_BRACKETED_AT}[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}[^\W\d_]{{2,}}(?!\w)"),
    # ida at example dot no: plain words only with a plain-word dot and a common domain
    re.compile(
        rf"{_LOCAL_PART}\s+(?i:at|alfa)\s+[\w-]+\s+(?i:dot|punktum|prikk)\s+"
        r"(?i:no|com|net|org|se|dk)(?!\w)"
    ),
)

_STREET_SUFFIX = (
    r"(?i:gata|gaten|gate|veien|vei|vegen|veg|stien|plassen|plass|alléen|allé|alleen|alle"
    r"|bakken|svingen|tunet|ringen)"
)
_HOUSE_NUMBER = r"[0-9]{1,4}(?:[A-Za-z]|\s[A-H])?(?!\w)(?![.,:][0-9])"
_ADDRESS_RES = (
    # Storgata 12B, kirkeveien 5
    re.compile(rf"(?<!\w)[^\W\d_]{{2,}}{_STREET_SUFFIX}\s+{_HOUSE_NUMBER}"),
    # Karl Johans gate 1, Bygdøy allé 23
    re.compile(
        r"(?<!\w)(?:[A-ZÆØÅ][^\W\d_]*\.?\s+){0,2}[A-ZÆØÅ][^\W\d_]+\s+"
        rf"(?:gate|gata|vei|veien|veg|vegen|allé|alle|plass)\s+{_HOUSE_NUMBER}"
    ),
    # 12 Main Street
    re.compile(
        r"(?<![\w.,])[0-9]{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,3}"
        r"(?:[Ss]treet|[Rr]oad|[Aa]venue|[Ll]ane|[Dd]rive)(?!\w)"
    ),
)

_POSTCODE_RE = re.compile(
    r"(?<![0-9])(?<![0-9][ .,:])[0-9]{4}\s+[A-ZÆØÅ][^\W\d_]+(?:\s[NSØV](?!\w))?(?!\w)"
)
# "i 2024 Trump ..." is a year, not a postcode.
_YEAR_CONTEXT_RE = re.compile(
    r"(?i:\b(?:i|in|år|året|fra|from|til|to|siden|since|innen|by|før|before|etter|after"
    r"|mellom|between|høsten|våren|sommeren|vinteren)\s+)\Z"
)

_NETWORKS = (
    r"(?i:snap(?:chat)?|insta(?:gram)?|ig|tiktok|discord|kik|telegram|twitter|threads"
    r"|twitch|youtube|yt|roblox|steam|psn|xbox|fortnite|facebook|fb|messenger|wickr)"
)
_HANDLE_NAME = r"@?[\w](?:[\w.-]*[\w])?(?:#[0-9]{4})?"
_HANDLE_RES = (
    # @ida2011, but not the domain of ida@example.no
    re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"),
    # snap: ida_2011, discord: ida#1234
    re.compile(rf"(?<!\w){_NETWORKS}\s*[:=]\s*{_HANDLE_NAME}"),
    # "min snap er ida_2011": only names that look like user names, not "snap er gøy"
    re.compile(rf"(?<!\w){_NETWORKS}\s+(?i:er|is)\s+@?(?=[\w.-]*[0-9_.])[\w](?:[\w.-]*[\w])?"),
)

_URL_TAIL = r"[^\s<>\"'\[\]{}]*"
_LINK_RES = (
    re.compile(rf"(?i:\bhttps?://){_URL_TAIL}"),
    re.compile(rf"(?<![\w@./-])(?i:www\.)[^\W_]{_URL_TAIL}"),
    # example.no, nrk.no/sport: lower-case top-level domain, so "slutt.Se her" is no link
    re.compile(
        r"(?<![\w@./-])(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:no|com|net|org|io|me|gg|tv|se|dk)"
        rf"(?![\w-])(?:/{_URL_TAIL})?"
    ),
)
_TRAILING_PUNCTUATION = ".,;:!?)"


# -- word lists ----------------------------------------------------------------------


def load_words(path: str | Path) -> frozenset[str]:
    """Read a word list: UTF-8, one word or phrase a line, ``#`` starts a comment."""
    words = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word = _normalise_word(line.split("#", 1)[0])
        if word:
            words.add(word)
    return frozenset(words)


@cache
def default_words() -> frozenset[str]:
    """The word list that ships with Kommentar (read once)."""
    return load_words(DEFAULT_WORDS_FILE)


def _normalise_word(word: str) -> str:
    return " ".join(word.split()).lower()


@lru_cache(maxsize=16)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """One case-insensitive, whole-word pattern for the list; longest phrases first."""
    if not words:
        return None
    alternatives = sorted(words, key=lambda w: (-len(w), w))
    body = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


# -- scanning ------------------------------------------------------------------------


def scan(text: str, words: Iterable[str] | None = None) -> list[Finding]:
    """Find contact details, links and listed words in plain text, sorted by position.

    Overlapping candidates are resolved in favour of the longer one, then the more
    specific kind, so ``ida@example.no`` is one e-mail, not also a link.
    """
    word_set = default_words() if words is None else _as_word_set(words)
    candidates = [
        *_matches("email", _EMAIL_RE, text),
        *(f for pattern in _OBFUSCATED_EMAIL_RES for f in _matches("email", pattern, text)),
        *_matches("phone", _PHONE_RE, text),
        *(f for pattern in _ADDRESS_RES for f in _matches("address", pattern, text)),
        *_postcodes(text),
        *(f for pattern in _HANDLE_RES for f in _matches("handle", pattern, text)),
        *_links(text),
    ]
    pattern = _words_pattern(word_set)
    if pattern is not None:
        candidates.extend(_matches("word", pattern, text))
    return _without_overlaps(candidates)


def _as_word_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in map(_normalise_word, words) if w)


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> list[Finding]:
    return [Finding(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def _postcodes(text: str) -> list[Finding]:
    findings = []
    for finding in _matches("postcode", _POSTCODE_RE, text):
        is_year_like = finding.text[:2] in {"19", "20"}
        if is_year_like and _YEAR_CONTEXT_RE.search(text, 0, finding.start):
            continue
        findings.append(finding)
    return findings


def _links(text: str) -> list[Finding]:
    findings = []
    for pattern in _LINK_RES:
        for match in pattern.finditer(text):
            link = match.group()
            while link and link[-1] in _TRAILING_PUNCTUATION:
                if link[-1] == ")" and link.count("(") >= link.count(")"):
                    break  # https://en.wikipedia.org/wiki/Oslo_(city)
                link = link[:-1]
            if "." in link:
                findings.append(Finding("link", match.start(), match.start() + len(link), link))
    return findings


def _without_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep the longest, then most specific, candidates that do not overlap."""
    rank = {kind: index for index, kind in enumerate(KINDS)}
    ordered = sorted(candidates, key=lambda f: (f.start - f.end, rank[f.kind], f.start))
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ordered:
        index = bisect.bisect_right(starts, finding.start)
        if index > 0 and kept[index - 1].end > finding.start:
            continue
        if index < len(kept) and kept[index].start < finding.end:
            continue
        starts.insert(index, finding.start)
        kept.insert(index, finding)
    return kept


# -- presenting ----------------------------------------------------------------------


def highlight(text: str, findings: Iterable[Finding | Mapping[str, Any]]) -> Markup:
    """The text HTML-escaped, each finding in a ``<mark>``, newlines as ``<br>``.

    Findings that do not fit the text (out of range, overlapping, or a different
    ``text`` than at their position, e.g. from an older version) are ignored.
    """
    parts: list[Markup] = []
    position = 0
    for finding in sorted(_as_findings(findings), key=lambda f: (f.start, f.end)):
        fits = position <= finding.start < finding.end <= len(text)
        if not fits or text[finding.start : finding.end] != finding.text:
            continue
        parts.append(_escape_lines(text[position : finding.start]))
        parts.append(
            Markup('<mark class="finding finding-{0}" title="{0}">{1}</mark>').format(
                finding.kind, _escape_lines(finding.text)
            )
        )
        position = finding.end
    parts.append(_escape_lines(text[position:]))
    return Markup("").join(parts)


def summary(findings: Iterable[Finding | Mapping[str, Any]]) -> dict[str, int]:
    """How many findings of each kind, e.g. ``{"phone": 1, "word": 2}``."""
    counts: dict[str, int] = {}
    for finding in _as_findings(findings):
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    return counts


def _as_findings(findings: Iterable[Finding | Mapping[str, Any]]) -> list[Finding]:
    """Findings, also from stored dicts; a malformed dict is skipped."""
    result = []
    for finding in findings:
        if isinstance(finding, Finding):
            result.append(finding)
            continue
        try:
            result.append(Finding.from_dict(finding))
        except (KeyError, TypeError, ValueError):
            continue
    return result


def _escape_lines(text: str) -> Markup:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("<br>").join(escape(line) for line in lines)
