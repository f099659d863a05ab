"""The parsed report: frozen values with positions, and no I/O.

Naming: the parsed 年度报告 is a :class:`Document`. The word "report" is kept
for the domain object, never for govcheck's output.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from govcheck.templates import Identity, SectionSpec, TableSpec, Template

# The section id of the text before the first heading.
PREFACE = "preface"


class IssuerLevel(StrEnum):
    """The issuing organ's level, which sets its deadline and powers (Art. 49)."""

    STATE_DEPARTMENT = "state-department"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    DEPARTMENT = "department"


class CellKind(StrEnum):
    """What a numeric cell holds; only NUMBER has a value of its own."""

    NUMBER = "number"
    BLANK = "blank"
    PLACEHOLDER = "placeholder"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Token:
    """One unit of the report (a line, or a table cell) with its 1-based position."""

    line: int
    raw: str
    norm: str
    column: int = 1

    @property
    def position(self) -> tuple[int, int]:
        """(line, column), for ordering units that share a line."""
        return (self.line, self.column)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Consecutive prose lines joined, remembering where each line starts."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in text, line number)

    def line_at(self, offset: int) -> int:
        """The line that holds character ``offset`` of the text.

        A binary search: a paragraph can be thousands of wrapped lines, and
        every sentence and match in it asks.
        """
        index = bisect_right(self.starts, offset, key=_offset)
        return self.starts[max(index - 1, 0)][1]

    def sentences(self, breaks: re.Pattern[str]) -> list[tuple[int, str]]:
        """The sentences (split at ``breaks``) with the line each starts on."""
        out: list[tuple[int, str]] = []
        position = 0
        for match in breaks.finditer(self.text):
            out.append((self.line_at(position), self.text[position : match.start()]))
            position = match.end()
        out.append((self.line_at(position), self.text[position:]))
        return [(line, text) for line, text in out if text]


def _offset(start: tuple[int, int]) -> int:
    return start[0]


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell mapped to its template row and column."""

    table: str
    row: str
    column: str
    raw: str
    kind: CellKind
    value: Decimal | None
    unit: str
    line: int
    # Where the cell's text starts on its line (1-based code points); matters on
    # flattened pages and HTML rows, where many cells share a line.
    char_column: int = 1

    @property
    def number(self) -> Decimal | None:
        """The value for arithmetic; None for a blank, a placeholder or text: no value, never 0."""
        return self.value if self.kind is CellKind.NUMBER else None


class TableStatus(StrEnum):
    READ = "read"
    # Some rows read, others not: the read rows' cells are kept, the rest are unread.
    PARTIAL = "partial"
    UNREADABLE = "unreadable"
    ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class TableProblem:
    """Why a table could not be mapped: an i18n message key, its values and a line."""

    line: int
    key: str
    values: Mapping[str, object]
    column: int = 1


@dataclass(frozen=True)
class Table:
    spec: TableSpec
    status: TableStatus
    line: int
    cells: Mapping[tuple[str, str], Cell] = field(default_factory=dict)
    problems: tuple[TableProblem, ...] = ()
    missing_rows: tuple[str, ...] = ()
    # Rows that are present but could not be read (a PARTIAL table): their cells are absent.
    unread_rows: tuple[str, ...] = ()
    # Identities used to split digits that a crawled page ran together: they hold
    # by construction, so no rule may report them as checked.
    read_by: tuple[Identity, ...] = ()

    def read_with(self, lhs: tuple[tuple[str, str], ...], rhs: tuple[tuple[str, str], ...]) -> bool:
        """Whether the identity ``lhs == rhs`` was used to read this table's cells."""
        return any(identity.same_cells(lhs, rhs) for identity in self.read_by)

    def cell(self, row: str, column: str) -> Cell | None:
        """The cell at ``row``/``column``, or None when it was not found."""
        return self.cells.get((row, column))


@dataclass(frozen=True, slots=True)
class Section:
    spec: SectionSpec
    line: int
    raw: str
    canonical: bool
    column: int = 1

    @property
    def position(self) -> tuple[int, int]:
        """(line, column): flattened text has many sections on one line."""
        return (self.line, self.column)


@dataclass(frozen=True, slots=True)
class DateMark:
    date: dt.date
    line: int
    raw: str
    # Where the date was read: "closing" (the 落款 date after the last section)
    # or "page" (the publication date a web page shows above the report).
    source: str = "closing"


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    lines: tuple[str, ...]
    template: Template | None
    year: int | None
    title_line: int | None
    issuer: str | None
    date: DateMark | None
    sections: tuple[Section, ...]
    tables: Mapping[str, Table]
    prose: tuple[Token, ...]
    recognised: bool
    markers: Mapping[str, tuple[Token, ...]] = field(default_factory=dict)
    # Every unit of the report in reading order (prose, headings and table cells).
    tokens: tuple[Token, ...] = ()
    # The publication date the page shows above the report, kept beside
    # ``date`` (the closing date when there is one, which the rules use).
    published: DateMark | None = None
    # Where ``year`` was read: "title", "sentence" (a body sentence naming the
    # report) or "opening" (the year the first sentence of section 一 opens with).
    year_source: str = "title"
    # Views the rules share, computed once by the parser: the section id of
    # each prose unit (``preface`` before the first heading) and the whole
    # prose joined into paragraphs.
    prose_sections: tuple[str, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def shows_a_report(self) -> bool:
        """Whether anything marks the file as a report: a title, a section heading, a table.

        Weaker than ``recognised`` (which GC001 checks): a folder walk skips
        only files with no sign at all (a README, notes), while a damaged
        report that shows one sign is still linted and fails GC001.
        """
        return (
            self.title_line is not None
            or bool(self.sections)
            or any(t.status is not TableStatus.ABSENT for t in self.tables.values())
        )

    @property
    def format(self) -> str | None:
        """The format year as shown to users ("2019"/"2021"), or None if unknown."""
        return self.template.template.format if self.template else None

    def section(self, section_id: str) -> Section | None:
        """The section ``section_id`` if its heading was found."""
        return next((s for s in self.sections if s.spec.id == section_id), None)

    def table(self, table_id: str) -> Table | None:
        """The table ``table_id`` if this document's format has one."""
        return self.tables.get(table_id)

    def section_at(self, line: int, column: int = 1) -> Section | None:
        """The section whose heading most recently precedes a position (None: the preface)."""
        before = [s for s in self.sections if s.position <= (line, column)]
        return before[-1] if before else None

    def prose_in(self, *section_ids: str) -> tuple[Token, ...]:
        """Prose lines inside the given sections; the preface has the id ``preface``."""
        pairs = zip(self.prose, self.prose_sections, strict=True)
        return tuple(t for t, sid in pairs if sid in section_ids)
