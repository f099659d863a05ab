"""Document.prose_in: the parser's section of each prose unit agrees with section_at."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from govcheck.load import decode
from govcheck.model import PREFACE, Document, Token
from govcheck.parse import parse, prose_section_ids
from govcheck.parse.paragraphs import paragraphs
from tests.conftest import EXAMPLES

SECTION_SETS = ((PREFACE,), ("overview", "requests"), ("problems", "other", PREFACE), ("none",))


def slow(doc: Document, sections: tuple[str, ...]) -> tuple[Token, ...]:
    """The definition: the last heading at or before each token decides its section."""
    found = []
    for token in doc.prose:
        section = doc.section_at(token.line, token.column)
        if (section.spec.id if section else PREFACE) in sections:
            found.append(token)
    return tuple(found)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_prose_in_is_the_prose_after_each_sections_heading(path: Path) -> None:
    doc = parse(decode(path.read_bytes(), path.name))
    assert len(doc.sections) >= 5
    for sections in SECTION_SETS:
        assert doc.prose_in(*sections) == slow(doc, sections)
    assert doc.prose_in("overview")
    assert len(doc.prose_sections) == len(doc.prose)


def test_paragraphs_are_the_whole_prose_joined_once_by_the_parser() -> None:
    path = EXAMPLES / "f2021-department-2023.txt"
    doc = parse(decode(path.read_bytes(), path.name))
    assert doc.paragraphs == tuple(paragraphs(doc.prose))
    assert "".join(p.text for p in doc.paragraphs) == "".join(t.norm for t in doc.prose)


def test_sections_out_of_order_take_the_exact_way() -> None:
    path = EXAMPLES / "f2021-department-2023.txt"
    doc = parse(decode(path.read_bytes(), path.name))
    reversed_sections = tuple(reversed(doc.sections))
    ids = prose_section_ids(doc.prose, reversed_sections)
    shuffled = replace(doc, sections=reversed_sections, prose_sections=ids)
    for sections in SECTION_SETS:
        assert shuffled.prose_in(*sections) == slow(shuffled, sections)
