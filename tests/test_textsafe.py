"""Units of govcheck.textsafe: each escape exactly, and properties over any text.

The whole-CLI side (every output format on hostile names, titles and cells)
is tests/robustness/test_hostile_output.py.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote_to_bytes
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcheck.textsafe import (
    csv_field,
    json_text,
    markup_text,
    one_line,
    uri_reference,
    xml_text,
)
from tests.robustness.common import property_settings

# Everything that must never reach an output raw (textsafe's own list, spelled out again).
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
# XML 1.0: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Text with what hostile inputs hold: controls, bidi, separators, surrogates, colons, hashes.
HOSTILE_CHARS = st.sampled_from(
    [
        *map(chr, range(0x20)),
        "\x7f",
        "\x85",
        "\x9b",
        "\u202e",
        "\u2066",
        "\u200f",
        "\u2028",
        "\ufffe",
        "\udcff",
        "\ud800",
        ":",
        "#",
        "[",
        " ",
        "\u3000",
        "=",
        "-",
        "+",
        "@",
    ]
)
HOSTILE_TEXT = st.lists(st.one_of(HOSTILE_CHARS, st.characters()), max_size=40).map("".join)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x1b]52;c;SGk=\x07", "\\x1b]52;c;SGk=\\x07"),  # OSC 52: a clipboard write
        ("\x1b[1A\x1b[2K", "\\x1b[1A\\x1b[2K"),  # cursor up, erase line
        ("\x9b2J\x85\x7f\x00", "\\x9b2J\\x85\\x7f\\x00"),  # C1 CSI and NEL, DEL, NUL
        ("abc\u202edef\u2066\u2069\u200f", "abc\\u202edef\\u2066\\u2069\\u200f"),  # bidi
        ("one\u2028two", "one\\u2028two"),
        (os.fsdecode(b"r\xff\xfe.txt"), "r\\xff\\xfe.txt"),  # a file name's undecodable bytes
        ("\ud800\ufffe", "\\ud800\\ufffe"),
        ("::stop-commands::TOKEN", "\\x3a\\x3astop-commands:\\x3aTOKEN"),
        ("  ::error::x", "  \\x3a\\x3aerror:\\x3ax"),
        ("\u3000:x", "\u3000\\x3ax"),  # the runner trims Unicode white space too
        ("n\n::stop-commands::T", "n\\n:\\x3astop-commands:\\x3aT"),
        ("x ##[error]y", "x ##\\x5berror]y"),  # the legacy form, matched anywhere
        ("[/][link=http://x]", "[/][link=http://x]"),  # rich markup is rich's business
        ("示例街道2023.txt", "示例街道2023.txt"),
        ("C:\\reports\\a.txt", "C:\\reports\\a.txt"),
        ("a:b, c: d #1 [x]", "a:b, c: d #1 [x]"),
        (3, "3"),
    ],
)
def test_one_line_shows_each_unsafe_character_as_its_escape(value: object, shown: str) -> None:
    assert one_line(value) == shown


@given(HOSTILE_TEXT)
@property_settings(300)
def test_one_line_is_one_inert_line(value: str) -> None:
    shown = one_line(value)
    assert not UNSAFE.search(shown)
    assert "::" not in shown
    assert "##[" not in shown
    assert not shown.lstrip().startswith(":")
    shown.encode("utf-8")  # strict: no surrogate left
    if not UNSAFE.search(value) and ":" not in value and "#" not in value:
        assert shown == value


@given(HOSTILE_TEXT)
@property_settings(300)
def test_xml_text_is_well_formed_and_keeps_tab_and_newline(value: str) -> None:
    shown = xml_text(value)
    assert not XML_FORBIDDEN.search(shown)
    assert not UNSAFE.search(shown.replace("\t", "").replace("\n", ""))
    assert shown.count("\n") == value.count("\n")
    assert shown.count("\t") == value.count("\t")
    element = ET.fromstring(f"<a>{escape(shown)}</a>".encode())
    assert (element.text or "") == shown


@given(HOSTILE_TEXT)
@property_settings(300)
def test_markup_text_parses_back_to_xml_text_and_has_no_raw_line(value: str) -> None:
    marked = markup_text(value)
    assert "\n" not in marked
    assert "\t" not in marked
    assert "##[" not in marked
    element = ET.fromstring(f'<a title="{marked}">{marked}</a>'.encode())
    assert (element.text or "") == xml_text(value)
    assert element.get("title") == xml_text(value)  # references survive attribute normalisation


def test_markup_text_examples() -> None:
    assert markup_text('<b a="1">\n##[x]\t&\x1b') == (
        "&lt;b a=&quot;1&quot;&gt;&#10;##&#91;x]&#9;&amp;\\x1b"
    )


def test_xml_text_examples() -> None:
    assert xml_text("a\tb\nc\rd\x00\x0b\x1b\u202e") == "a\tb\nc\\rd\\x00\\x0b\\x1b\\u202e"
    assert xml_text(os.fsdecode(b"\xffx")) == "\\xffx"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "\\t=1"),  # tab and CR are shown escaped: the field no longer starts with them
        ("\r=1", "\\r=1"),
        ("-", "'-"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-0.25", "-0.25"),
        ("-1e5", "-1e5"),
        ("85个", "85个"),
        ("a=b", "a=b"),
        ("示例\x1b[31m", "示例\\x1b[31m"),
        ("two\nlines", "two\\nlines"),  # one line, as in every line-oriented output
        ("::stop-commands::T", "\\x3a\\x3astop-commands:\\x3aT"),
        (os.fsdecode(b"=\xff.txt"), "'=\\xff.txt"),
        (7, 7),
        (None, None),
    ],
)
def test_csv_field_neutralises_formulas_but_not_numbers(value: object, field: object) -> None:
    assert csv_field(value) == field


@given(HOSTILE_TEXT)
@property_settings(300)
def test_csv_field_never_starts_a_formula(value: str) -> None:
    field = csv_field(value)
    assert isinstance(field, str)
    if field[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert re.fullmatch(r"[+-][0-9.]+(?:[eE][+-]?[0-9]+)?", field), field
    field.encode("utf-8")


@given(HOSTILE_TEXT)
@property_settings(300)
def test_json_text_is_valid_utf8_and_loses_nothing_but_undecodable_bytes(value: str) -> None:
    document = json_text(json.dumps({"k": value}, ensure_ascii=False, indent=2))
    assert not UNSAFE.search(document.replace("\n", ""))
    assert "##[" not in document
    parsed = json.loads(document.encode("utf-8").decode("utf-8"))["k"]
    expected = re.sub("[\ud800-\udfff]", lambda m: one_line(m.group()), value)
    assert parsed == expected


def test_json_text_examples() -> None:
    name = "\\" + os.fsdecode(b"\xff") + "\u202e"  # a backslash, a byte, an override
    assert json_text(json.dumps(name, ensure_ascii=False)) == '"\\\\\\\\xff\\u202e"'
    assert json_text('"示例"') == '"示例"'
    assert json_text('"x ##[error]y"') == '"x ##\\u005berror]y"'
    assert json.loads(json_text('"x ##[error]y"')) == "x ##[error]y"


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("a b#c%zz.txt", "a%20b%23c%25zz.txt"),
        ("reports/示例.txt", "reports/%E7%A4%BA%E4%BE%8B.txt"),
        (os.fsdecode(b"d/\xff\xfe.txt"), "d/%FF%FE.txt"),
        ("C:/r.txt", "C%3A/r.txt"),  # not a scheme
        ("plain/r-1_2.txt", "plain/r-1_2.txt"),
    ],
)
def test_uri_reference_percent_encodes_the_bytes(path: str, uri: str) -> None:
    assert uri_reference(path) == uri


@given(st.binary(min_size=1, max_size=30).filter(lambda b: b"\x00" not in b))
@property_settings(200)
def test_uri_reference_names_exactly_the_file(raw: bytes) -> None:
    uri = uri_reference(os.fsdecode(raw))
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*", uri)
    assert unquote_to_bytes(uri) == raw
