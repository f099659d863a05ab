"""The parsed report: frozen values with positions, and no I/O.

Naming: the parsed 年度报告 is a :class:`Document`. The word "report" is kept
for the domain object, never for govcheck's output.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

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


@dataclass(frozen=True)
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
        key = ("prose_in", frozenset(section_ids))
        found: tuple[Token, ...] | None = self.derived.get(key)
        if found is None:
            pairs = zip(self.prose, self._prose_section_ids, strict=True)
            found = self.derived[key] = tuple(t for t, sid in pairs if sid in key[1])
        return found

    @cached_property
    def derived(self) -> dict[Hashable, Any]:
        """What rules derive from this document and share (see :func:`govcheck.memo.per_document`).

        Several rules read the same passages, periods or sections' prose; the
        first computes them, the others find them here.
        """
        return {}

    @cached_property
    def _prose_section_ids(self) -> tuple[str, ...]:
        """The section id of each prose token, found once per document."""
        starts = [s.position for s in self.sections]
        if starts != sorted(starts):  # a hand-made document: take the slow, exact way
            return tuple(self._section_id(t) for t in self.prose)
        ids = [s.spec.id for s in self.sections]
        found = (bisect_right(starts, (t.line, t.column)) for t in self.prose)
        return tuple(ids[i - 1] if i else PREFACE for i in found)

    def _section_id(self, token: Token) -> str:
        section = self.section_at(token.line, token.column)
        return section.spec.id if section else PREFACE
