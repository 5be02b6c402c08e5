"""What a moderator is shown in a comment by a young reader before it goes out."""

from __future__ import annotations

import pytest

from app.services import sanitize, screening
from app.services.screening import Finding, highlight, scan, summary

NO_WORDS: frozenset[str] = frozenset()


def found(text: str, kind: str | None = None, words=NO_WORDS) -> list[str]:
    """The texts found (of one kind), checking every position on the way."""
    findings = scan(text, words=words)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    return [f.text for f in findings if kind is None or f.kind == kind]


def kinds(text: str, words=NO_WORDS) -> list[str]:
    return [f.kind for f in scan(text, words=words)]


# -- phone numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Ring meg på 912 34 567", "912 34 567"),
        ("mobilen min er 91234567!", "91234567"),
        ("+47 91234567", "+47 91234567"),
        ("+4791234567", "+4791234567"),
        ("0047 912 34 567", "0047 912 34 567"),
        ("(+47) 91234567", "(+47) 91234567"),
        ("tlf: 91 23 45 67.", "91 23 45 67"),
        ("Hjemme: 22-33-44-55", "22-33-44-55"),
        ("send sms til 412.34.567", "412.34.567"),
        ("nummeret er 9123 4567", "9123 4567"),
        ("ring (22 33 44 55) i kveld", "22 33 44 55"),
        ("tlf.91234567", "91234567"),
    ],
)
def test_norwegian_phone_numbers_are_found(text, number):
    assert found(text, "phone") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "I 2024 skjedde 1234 ting",
        "klokka 12:30",
        "det kostet 10 000 kroner",
        "kampen endte 3-1",
        "fra 2010-2014 bodde vi der",
        "ordrenummer 123912345678",
        "kontonummer 1234 56 78903",
        "kortet 1503 2345 6789 4321",
        "Dato 24.12.2023",
        "budsjettet er 2 500 000 kroner",
        "20 000 000 i underskudd",
        "nummeret 12345678 starter med 1",
        "91234567890",
        "0150",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_left_alone(text):
    assert found(text, "phone") == []


def test_two_phone_numbers_in_one_comment():
    assert found("mobil 912 34 567 eller hjemme 22 33 44 55") == ["912 34 567", "22 33 44 55"]


# -- e-mail --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("mail meg på ida@example.no", "ida@example.no"),
        ("Email: ida.hansen+nyheter@gmail.com.", "ida.hansen+nyheter@gmail.com"),
        ("skriv til ida_2011@skole.oslo.no nå", "ida_2011@skole.oslo.no"),
        ("ida (at) example.no", "ida (at) example.no"),
        ("ida [at] example dot no", "ida [at] example dot no"),
        ("ida(AT)example(DOT)com", "ida(AT)example(DOT)com"),
        ("ida at example dot no", "ida at example dot no"),
        ("ida (krøllalfa) example punktum no", "ida (krøllalfa) example punktum no"),
    ],
)
def test_email_addresses_are_found(text, address):
    assert found(text, "email") == [address]


@pytest.mark.parametrize(
    "text",
    ["se på @ida2011", "ida at home", "meet me at school", "møtes kl 18 at skolen", "a@b"],
)
def test_things_that_are_not_email_addresses(text):
    assert found(text, "email") == []


def test_email_is_one_finding_not_also_a_link_or_handle():
    assert kinds("mail meg på ida@example.no") == ["email"]


# -- street addresses and postcodes --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("jeg bor i Storgata 12B, 0150 Oslo", "Storgata 12B"),
        ("Kirkeveien 5", "Kirkeveien 5"),
        ("bor i kirkeveien 5 A med mamma", "kirkeveien 5 A"),
        ("på Solbergtunet 4", "Solbergtunet 4"),
        ("Fjellstien 14, 5003 Bergen", "Fjellstien 14"),
        ("Nedre Slottsgate 3", "Slottsgate 3"),
        ("Bygdøy allé 23", "Bygdøy allé 23"),
        ("vi bor i Karl Johans gate 1", "Karl Johans gate 1"),
        ("Granveien 7b", "Granveien 7b"),
        ("Skolebakken 2", "Skolebakken 2"),
        ("Lindesvingen 11", "Lindesvingen 11"),
        ("Torgplassen 1", "Torgplassen 1"),
        ("Kongsvegen 10", "Kongsvegen 10"),
        ("I live at 12 Main Street", "12 Main Street"),
        ("42 Baker Road", "42 Baker Road"),
        ("7 Elm Tree Lane", "7 Elm Tree Lane"),
    ],
)
def test_street_addresses_are_found(text, address):
    assert found(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Storgata er fin om sommeren",
        "hele veien 5 ganger",
        "alle 5 barna kom",
        "gate 12 på Gardermoen",
        "jeg så ringen 3 ganger",
        "I have 3 big dogs",
        "Kirkeveien 5,5 km lenger",
    ],
)
def test_things_that_are_not_street_addresses(text):
    assert found(text, "address") == []


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("0150 Oslo", "0150 Oslo"),
        ("postadresse 5003 Bergen", "5003 Bergen"),
        ("9008 Tromsø", "9008 Tromsø"),
        ("4623 Kristiansand S", "4623 Kristiansand S"),
        ("2000 Lillestrøm", "2000 Lillestrøm"),
    ],
)
def test_postcodes_with_a_place_are_found(text, postcode):
    assert found(text, "postcode") == [postcode]


@pytest.mark.parametrize(
    "text",
    ["I 2024 skjedde 1234 ting", "1234", "i 2024 Trump vant", "siden 1998 Norge", "5003 bergen"],
)
def test_lone_numbers_and_years_are_not_postcodes(text):
    assert found(text, "postcode") == []


def test_full_address_gives_street_and_postcode():
    text = "jeg bor i Storgata 12B, 0150 Oslo"
    assert [(f.kind, f.text) for f in scan(text, NO_WORDS)] == [
        ("address", "Storgata 12B"),
        ("postcode", "0150 Oslo"),
    ]


# -- social media handles ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("snap: ida_2011", "snap: ida_2011"),
        ("Snapchat:ida.h", "Snapchat:ida.h"),
        ("INSTA: ida2011", "INSTA: ida2011"),
        ("ig: ida.hansen.", "ig: ida.hansen"),
        ("tiktok: @ida_dans", "tiktok: @ida_dans"),
        ("legg meg til på discord: ida#1234", "discord: ida#1234"),
        ("følg @ida2011", "@ida2011"),
        ("@ida_hansen.", "@ida_hansen"),
        ("min snap er ida_2011", "snap er ida_2011"),
    ],
)
def test_handles_are_found(text, handle):
    assert found(text, "handle") == [handle]


@pytest.mark.parametrize(
    "text",
    ["ida@example.no", "snap er gøy", "Snapchat er en app", "jeg liker insta", "big: deal"],
)
def test_things_that_are_not_handles(text):
    assert found(text, "handle") == []


# -- links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("sjekk www.example.no", "www.example.no"),
        ("https://nrk.no/sport.", "https://nrk.no/sport"),
        ("se http://example.com/a?b=1&c=2, da", "http://example.com/a?b=1&c=2"),
        ("(https://en.wikipedia.org/wiki/Oslo_(by))", "https://en.wikipedia.org/wiki/Oslo_(by)"),
        ("besøk vg.no/nyheter i dag", "vg.no/nyheter"),
        ("min side ida-dans.com!", "ida-dans.com"),
        ("server.gg", "server.gg"),
        ("kanalen.tv og", "kanalen.tv"),
        ("(se www.x.no)", "www.x.no"),
    ],
)
def test_links_are_found(text, link):
    assert found(text, "link") == [link]


@pytest.mark.parametrize(
    "text",
    ["Det var slutt.Se her", "ida@example.no", "f.eks. dette", "filen heter notat.txt", "3.5 mål"],
)
def test_things_that_are_not_links(text):
    assert found(text, "link") == []


# -- words ---------------------------------------------------------------------------


def test_listed_words_are_found_whole_and_case_insensitively():
    words = ["hemmelig", "send bilder"]
    assert found("Det er HEMMELIG. Send  bilder!", "word", words) == ["HEMMELIG", "Send  bilder"]
    assert found("hemmeligheten ble avslørt", "word", words) == []


def test_words_with_norwegian_letters():
    words = {"møt meg", "kjære"}
    assert found("Kom og MØT MEG i morgen, kjære", "word", words) == ["MØT MEG", "kjære"]
    assert found("kjæreste", "word", words) == []


def test_longest_listed_phrase_wins():
    words = {"møt meg", "kom og møt meg"}
    assert found("kom og møt meg i parken", "word", words) == ["kom og møt meg"]


def test_no_words_means_the_default_list():
    assert "hvor gammel er du" in screening.default_words()
    assert found("Hvor gammel er du? Send bilder", "word", None) == [
        "Hvor gammel er du",
        "Send bilder",
    ]


def test_default_list_is_loaded_once_and_has_both_languages():
    words = screening.default_words()
    assert words is screening.default_words()
    assert {"send bilder", "hemmelig", "kom og møt meg", "meet me", "send pics"} <= words
    assert {"how old are you", "hvor gammel er du"} <= words
    assert all(w == w.lower().strip() and not w.startswith("#") for w in words)


def test_load_words_reads_a_configured_file(tmp_path):
    path = tmp_path / "ord.txt"
    path.write_text("# Redaksjonens liste\n\nBlåbær  \nsend   meg ting # kommentar\n", "utf-8")
    assert screening.load_words(str(path)) == {"blåbær", "send meg ting"}
    assert found("Send meg ting og blåbær", "word", screening.load_words(path)) == [
        "Send meg ting",
        "blåbær",
    ]


def test_empty_word_list_finds_no_words():
    assert found("hemmelig", "word", []) == []


# -- the whole comment ---------------------------------------------------------------


def test_a_child_sharing_everything():
    text = (
        "Hei! Jeg heter Ida og bor i Storgata 12B, 0150 Oslo.\n"
        "Ring meg på 912 34 567 eller +47 22 33 44 55, snap: ida_2011, "
        "mail ida@example.no og se www.ida.no. Det er hemmelig!"
    )
    findings = scan(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("address", "Storgata 12B"),
        ("postcode", "0150 Oslo"),
        ("phone", "912 34 567"),
        ("phone", "+47 22 33 44 55"),
        ("handle", "snap: ida_2011"),
        ("email", "ida@example.no"),
        ("link", "www.ida.no"),
        ("word", "hemmelig"),
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_an_ordinary_comment_has_no_findings():
    text = (
        "Godt skrevet! I 2024 brukte kommunen 10 000 kroner per elev, "
        "og kampen endte 3-1 klokka 12:30."
    )
    assert scan(text) == []


def test_findings_are_sorted_and_do_not_overlap():
    text = "www.a.no @b 91234567 c@d.no 0150 Oslo https://e.no/91234567"
    findings = scan(text, NO_WORDS)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start
    assert findings[-1].text == "https://e.no/91234567"


def test_scanning_the_plain_text_of_a_stored_body():
    body = sanitize.clean_comment("Ring <em>912 34 567</em> &amp; snap: ida_2011")
    text = sanitize.plain_text(body)
    assert found(text) == ["912 34 567", "snap: ida_2011"]


def test_scanning_nothing():
    assert scan("") == []


def test_long_hostile_input_is_scanned_quickly():
    for text in ["a" * 50_000, "1 " * 50_000, "a." * 50_000, "a@" * 30_000, " " * 50_000 + "x"]:
        assert scan(text, NO_WORDS) == []


# -- findings, highlighting and summaries --------------------------------------------


def test_finding_round_trips_through_a_dict():
    finding = Finding("phone", 3, 11, "91234567")
    assert finding.to_dict() == {"kind": "phone", "start": 3, "end": 11, "text": "91234567"}
    assert Finding.from_dict(finding.to_dict()) == finding


def test_highlight_marks_findings_and_escapes_the_rest():
    text = "<script>alert(1)</script> ring 912 34 567\nsnap: ida & co"
    html = highlight(text, scan(text, NO_WORDS))
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; ring "
        '<mark class="finding finding-phone" title="phone">912 34 567</mark><br>'
        '<mark class="finding finding-handle" title="handle">snap: ida</mark> &amp; co'
    )
    assert "<script" not in html


def test_highlight_escapes_inside_a_finding():
    text = "se https://x.no/?a=1&c=2"
    html = highlight(text, scan(text, NO_WORDS))
    assert (
        html
        == 'se <mark class="finding finding-link" title="link">https://x.no/?a=1&amp;c=2</mark>'
    )
    assert highlight("<b>", [Finding("word", 0, 3, "<b>")]) == (
        '<mark class="finding finding-word" title="word">&lt;b&gt;</mark>'
    )


def test_highlight_ignores_findings_that_do_not_fit():
    text = "ring 91234567"
    findings = [
        Finding("phone", 5, 13, "91234567"),
        Finding("phone", 5, 13, "91234567"),  # twice
        Finding("link", 6, 9, "123"),  # overlaps the first
        Finding("word", 10, 99, "beyond"),
        Finding("word", -4, 2, "ri"),
        Finding("word", 0, 4, "older"),  # the text has changed since
    ]
    assert highlight(text, findings) == (
        'ring <mark class="finding finding-phone" title="phone">91234567</mark>'
    )


def test_highlight_accepts_stored_findings():
    text = "@ida"
    stored = [f.to_dict() for f in scan(text, NO_WORDS)] + [{"kind": "broken"}]
    assert highlight(text, stored) == (
        '<mark class="finding finding-handle" title="handle">@ida</mark>'
    )


def test_highlight_without_findings_is_just_escaped_text():
    assert highlight("a < b\nc", []) == "a &lt; b<br>c"


def test_summary_counts_per_kind():
    text = "912 34 567 og 22 33 44 55, @ida, hemmelig"
    assert summary(scan(text, {"hemmelig"})) == {"phone": 2, "handle": 1, "word": 1}
    assert summary([]) == {}
