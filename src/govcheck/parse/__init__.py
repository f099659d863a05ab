"""Stage 2 of the pipeline: source lines → :class:`~govcheck.model.Document`.

The parser recognises the report's structure against the official format it
uses (a template): title, sections, tables 2–4, closing date. It never
decides whether the report is *right*; that is the rules' job.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from govcheck.load import SourceText
from govcheck.model import PREFACE, DateMark, Document, Section, Table, TableStatus, Token
from govcheck.parse.chrome import drop_chrome_lines, drop_footer
from govcheck.parse.meta import (
    choose_template,
    find_date,
    find_markers,
    find_page_date,
    find_title,
    opening_year,
)
from govcheck.parse.normalize import norm
from govcheck.parse.paragraphs import paragraphs
from govcheck.parse.sections import find_sections
from govcheck.parse.tables import parse_table
from govcheck.templates import Template, load_template

# Section headings are the same in both formats; without a detected format
# they are still found with this one.
_HEADINGS_FALLBACK = "F2021"
# Sorts after every (line, column): the end of the last section's region.
_AFTER_ALL = float("inf")
# A signature line above the date is short and is not a sentence.
_MAX_SIGNATURE_LEN = 40


def tokenize(lines: Sequence[str]) -> tuple[Token, ...]:
    """Non-blank lines with their 1-based numbers and normalised text."""
    return tuple(Token(n, raw, norm(raw)) for n, raw in enumerate(lines, 1) if raw.strip())


def source_tokens(source: SourceText) -> tuple[Token, ...]:
    """The source's units in reading order, with line numbers and normalised text.

    Plain text is tokenized from its lines directly: the same tokens as going
    through :meth:`SourceText.reading_units`, without a unit object per line.
    """
    if not source.units:
        return tokenize(source.lines)
    return tuple(Token(u.line, u.text, norm(u.text), u.column) for u in source.units)


def parse(source: SourceText) -> Document:
    """Recognise the report in ``source``.

    Site chrome is dropped first (widget lines everywhere, the footer after
    the last section), so that it is neither a title's neighbour nor text of
    section 六. The closing date wins over the page's publication date: it is
    the report's own, and the page may have been re-posted later.
    """
    tokens = drop_chrome_lines(source_tokens(source))
    title = find_title(tokens)
    year = title.year if title else None
    markers = find_markers(tokens)
    template = choose_template(markers, year)
    sections = find_sections(tokens, template or load_template(_HEADINGS_FALLBACK))
    year_source = title.source if title else "title"
    if year is None:
        year = opening_year(tokens, sections)
        year_source = "opening" if year is not None else year_source
        if template is None and year is not None:
            template = choose_template(markers, year)
            sections = find_sections(tokens, template or load_template(_HEADINGS_FALLBACK))
    tokens = drop_footer(tokens, sections)
    tables, claimed = _parse_tables(tokens, sections, template)
    page = find_page_date(tokens, sections, title)
    page = replace(page, source="page") if page else None
    date = find_date(tokens, sections) or page
    issuer = (title.issuer if title else None) or _signature(tokens, date)
    headings = {s.position for s in sections}
    skip = claimed | headings | ({(title.line, 1)} if title else set())
    recognised = (
        len(sections) >= 2
        or (title is not None and bool(sections))
        or any(t.status is not TableStatus.ABSENT for t in tables.values())
    )
    prose = tuple(t for t in tokens if (t.line, t.column) not in skip)
    return Document(
        path=source.path,
        lines=source.lines,
        template=template,
        year=year,
        title_line=title.line if title else None,
        issuer=issuer,
        date=date,
        sections=sections,
        tables=tables,
        prose=prose,
        recognised=recognised,
        markers=markers,
        tokens=tokens,
        published=page,
        year_source=year_source,
        prose_sections=prose_section_ids(prose, sections),
        paragraphs=tuple(paragraphs(prose)),
    )


def prose_section_ids(prose: Sequence[Token], sections: Sequence[Section]) -> tuple[str, ...]:
    """The section id of each prose unit: that of the last heading at or before it."""
    starts = [s.position for s in sections]
    if starts != sorted(starts):  # sections out of document order: the exact way
        return tuple(_section_id(t, sections) for t in prose)
    ids = [s.spec.id for s in sections]
    found = (bisect_right(starts, (t.line, t.column)) for t in prose)
    return tuple(ids[i - 1] if i else PREFACE for i in found)


def _section_id(token: Token, sections: Sequence[Section]) -> str:
    before = [s for s in sections if s.position <= (token.line, token.column)]
    return before[-1].spec.id if before else PREFACE


def _parse_tables(
    tokens: Sequence[Token], sections: Sequence[Section], template: Template | None
) -> tuple[dict[str, Table], set[tuple[int, int]]]:
    tables: dict[str, Table] = {}
    claimed: set[tuple[int, int]] = set()
    if template is None:
        return tables, claimed
    regions = _section_regions(tokens, sections)
    ends = _section_ends(sections)
    for spec in template.table:
        region = regions.get(spec.section, ())
        parsed = parse_table(spec, region, ends.get(spec.section, 0))
        tables[spec.id] = parsed.table
        claimed |= parsed.positions
    return tables, claimed


def _section_ends(sections: Sequence[Section]) -> dict[str, int]:
    """The line of the heading after each section's (absent for the last section)."""
    ends: dict[str, int] = {}
    for section, after in pairwise(sections):
        ends.setdefault(section.spec.id, after.line)
    return ends


def section_tokens(
    tokens: Sequence[Token], sections: Sequence[Section], section_id: str
) -> tuple[Token, ...]:
    """The tokens between a section's heading and the next heading found."""
    ordered = list(sections)
    for index, section in enumerate(ordered):
        if section.spec.id == section_id:
            start = section.position
            end: tuple[float, ...] = (_AFTER_ALL,)
            if index + 1 < len(ordered):
                end = ordered[index + 1].position
            return tuple(t for t in tokens if start < (t.line, t.column) < end)
    return ()


def _section_regions(
    tokens: Sequence[Token], sections: Sequence[Section]
) -> dict[str, tuple[Token, ...]]:
    """:func:`section_tokens` of every section, in one pass over the tokens.

    Tokens in position order (every tokenizer makes them so) are cut at each
    heading by bisection; otherwise each region is filtered as before.
    """
    positions = [(t.line, t.column) for t in tokens]
    if any(a > b for a, b in pairwise(positions)):
        return {s.spec.id: section_tokens(tokens, sections, s.spec.id) for s in sections}
    regions: dict[str, tuple[Token, ...]] = {}
    ends: list[tuple[float, ...]] = [s.position for s in sections[1:]]
    ends.append((_AFTER_ALL,))
    for section, end in zip(sections, ends, strict=False):
        if section.spec.id not in regions:
            low = bisect_right(positions, section.position)
            high = max(low, bisect_left(positions, end))
            regions[section.spec.id] = tuple(tokens[low:high])
    return regions


def _signature(tokens: Sequence[Token], date: DateMark | None) -> str | None:
    """The organ named above the closing date (a page's date has no signature above it)."""
    if date is None or date.source != "closing":
        return None
    above = [t for t in tokens if t.line < date.line]
    if not above:
        return None
    text = above[-1].norm
    return text if len(text) <= _MAX_SIGNATURE_LEN and "。" not in text else None
