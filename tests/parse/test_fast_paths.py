"""The parser's fast paths give exactly what the plain ways give."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcheck.load import decode
from govcheck.load.text import SourceText, Unit
from govcheck.model import Token
from govcheck.parse import _section_regions, parse, section_tokens, source_tokens
from govcheck.parse.meta import _marker_re, find_markers
from govcheck.parse.normalize import MEMO_TEXT_LEN, norm, norm_label, strip_label
from govcheck.parse.sections import _headings, find_sections
from govcheck.parse.tables import RowMatcher
from govcheck.templates import all_templates, load_template

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.txt"))


def _source(path: Path) -> SourceText:
    return decode(path.read_bytes(), path.name)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_plain_text_tokens_are_those_of_the_reading_units(path: Path) -> None:
    source = _source(path)
    via_units = tuple(Token(u.line, u.text, norm(u.text), u.column) for u in source.reading_units())
    assert source_tokens(source) == via_units


def test_units_are_tokenized_when_present() -> None:
    units = (Unit("a b", 3, cell=True, column=2), Unit("", 3, cell=True, column=5))
    source = SourceText("t.html", "utf-8", ("x",), units, form="html")
    assert source_tokens(source) == (Token(3, "a b", "ab", 2), Token(3, "", "", 5))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_section_regions_are_the_section_tokens(path: Path) -> None:
    doc = parse(_source(path))
    regions = _section_regions(doc.tokens, doc.sections)
    for section in doc.sections:
        expected = section_tokens(doc.tokens, doc.sections, section.spec.id)
        assert regions[section.spec.id] == expected


def test_section_regions_of_tokens_out_of_position_order() -> None:
    doc = parse(_source(EXAMPLES[0]))
    shuffled = tuple(reversed(doc.tokens))
    regions = _section_regions(shuffled, doc.sections)
    for section in doc.sections:
        assert regions[section.spec.id] == section_tokens(shuffled, doc.sections, section.spec.id)


def test_section_regions_without_sections() -> None:
    assert _section_regions((Token(1, "a", "a"),), ()) == {}


@pytest.mark.parametrize("text", ["", "**(一)**", "|a|", "x" * (MEMO_TEXT_LEN + 1) + "**"])
def test_strip_label_short_and_long(text: str) -> None:
    assert strip_label(norm(text)) == norm_label(text)
    assert strip_label(norm(text)) == strip_label(norm(text))


def test_long_lines_are_not_kept_in_the_heading_memo() -> None:
    template = load_template("F2021")
    long_line = "y" * (MEMO_TEXT_LEN + 1)
    tokens = (Token(1, long_line, long_line),)
    assert find_sections(tokens, template) == ()
    assert long_line not in _headings(template.id).matches


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_sections_found_twice_are_the_same(path: Path) -> None:
    doc = parse(_source(path))
    template = doc.template or load_template("F2021")
    assert find_sections(doc.tokens, template) == find_sections(doc.tokens, template)


def test_row_matcher_read_is_strip_then_match() -> None:
    spec = load_template("F2019").table[1]
    matcher = RowMatcher(spec)
    for row in spec.row:
        for text in (row.label, f"**{row.label}**", "0", "x" * (MEMO_TEXT_LEN + 5)):
            normalised = norm(text)
            label = strip_label(normalised)
            assert matcher.read(normalised) == (label, matcher.match(label))
            assert matcher.read(normalised) == (label, matcher.match(label))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_markers_are_those_of_a_search_per_line(path: Path) -> None:
    tokens = parse(_source(path)).tokens
    short = [t for t in tokens if len(t.norm) <= 60 and "\u3002" not in t.norm]
    expected = {
        template.id: tuple(t for t in short if _marker_re(template.id).search(t.norm))
        for template in all_templates()
    }
    assert find_markers(tokens) == expected
