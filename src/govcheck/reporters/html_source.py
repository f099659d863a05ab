"""The report's text and tables for the HTML page, as the run linted them.

The page shows exactly what the rules saw: the run hands each result a
:class:`~govcheck.linted.Linted` snapshot of the loaded lines and parsed
tables (see :mod:`govcheck.linted`). Nothing here reads a file, so standard
input shows as such, an editor's unsaved buffer is not swapped for the saved
file of the same name, and ``--stdin-filename`` cannot pull another file into
the page. A result without a snapshot (a run that did not keep one) is shown
with its findings alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from govcheck.findings import FileResult, Finding
from govcheck.i18n import Lang, text
from govcheck.linted import Linted, LintedTable
from govcheck.model import Cell
from govcheck.templates import Template, load_template

# Forms whose source lines are markup, not the report's text: show their units.
_MARKUP_FORMS = frozenset({"html"})


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of one line's text starting at ``column`` (1-based)."""

    column: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of the text view, cut where units or findings start."""

    number: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Shown:
    """One file's linted text and tables, ready to show.

    ``template`` is the format's template (None: not recognised, so no
    tables); ``units`` says the lines hold separate units (cells, blocks of a
    web page) rather than the text as written, so the page separates them.
    """

    template: Template | None
    tables: tuple[LintedTable, ...]
    lines: tuple[SourceLine, ...]
    units: bool = False

    def cells(self) -> list[Cell]:
        """Every cell read from the tables, table by table."""
        return [c for table in self.tables for c in table.cells]


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why a file's text cannot be shown, already in the page's language."""

    reason: str


@dataclass
class CellMark:
    """The findings (by index from 1) that a table cell fails or is involved in."""

    failing: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)


def shown(file: FileResult, lang: Lang) -> Shown | Unavailable:
    """What ``file``'s findings are about, from the run's snapshot; never from disk."""
    linted = file.linted
    if linted is None:
        return Unavailable(text("html.not_kept", lang))
    flagged = {n for f in file.findings for n in (f.line, *f.related_lines)}
    template = load_template(linted.template) if linted.template else None
    units = linted.form in _MARKUP_FORMS
    return Shown(template, linted.tables, source_lines(linted, flagged, file.findings), units)


def source_lines(
    source: Linted, flagged: Iterable[int], findings: Sequence[Finding] = ()
) -> tuple[SourceLine, ...]:
    """The lines to show: every line with text, and every line a finding names.

    Plain text (and Word, PDF, Markdown) shows its lines as written, cut at
    each unit and at each finding's column so both can be marked. An HTML
    page shows its units, since its lines are markup.
    """
    starts: dict[int, set[int]] = defaultdict(set)
    for unit in source.reading_units():
        starts[unit.line].add(unit.column)
    for finding in findings:
        starts[finding.line].add(finding.column)
    if source.form in _MARKUP_FORMS:
        by_line = _unit_segments(source)
    else:
        by_line = {
            n: _cut(raw, starts.get(n, set()))
            for n, raw in enumerate(source.lines, 1)
            if raw.strip()
        }
    numbers = sorted(set(by_line) | {n for n in flagged if n >= 1})
    return tuple(SourceLine(n, by_line.get(n, ())) for n in numbers)


def _unit_segments(source: Linted) -> dict[int, tuple[Segment, ...]]:
    by_line: dict[int, list[Segment]] = defaultdict(list)
    for unit in source.reading_units():
        if unit.text.strip():
            by_line[unit.line].append(Segment(unit.column, unit.text))
    return {n: tuple(segments) for n, segments in by_line.items()}


def _cut(raw: str, starts: Iterable[int]) -> tuple[Segment, ...]:
    """``raw`` split before each 1-based column in ``starts``; the pieces rejoin to ``raw``."""
    cuts = sorted({1, *(c for c in starts if 1 < c <= len(raw))})
    ends = [*cuts[1:], len(raw) + 1]
    return tuple(Segment(a, raw[a - 1 : b - 1]) for a, b in zip(cuts, ends, strict=True))


def segment_at(segments: Sequence[Segment], column: int) -> int | None:
    """The index of the segment holding ``column``, or None before the first."""
    found = None
    for index, segment in enumerate(segments):
        if segment.column <= column:
            found = index
    return found


def cell_anchor(cell: Cell) -> str:
    """A cell's semantic location, as findings spell it: ``t3.new.np``."""
    return f"{cell.table}.{cell.row}.{cell.column}"


def cell_marks(cells: Sequence[Cell], findings: Sequence[Finding]) -> dict[str, CellMark]:
    """Cell anchor → the findings that point at it.

    A finding fails the cell its anchor names and the cell on its line; the
    cells on its related lines are involved. A line is used only when exactly
    one cell lies on it: in flattened text or a web page many cells share a
    line, and marking them all would point at cells that are fine.
    """
    on_line: dict[int, list[Cell]] = defaultdict(list)
    for cell in cells:
        on_line[cell.line].append(cell)
    single = {line: cell_anchor(found[0]) for line, found in on_line.items() if len(found) == 1}
    known = {cell_anchor(c) for c in cells}
    marks: dict[str, CellMark] = defaultdict(CellMark)
    for index, finding in enumerate(findings, 1):
        failing = {a for a in (finding.anchor, single.get(finding.line)) if a in known}
        for anchor in sorted(failing):
            marks[anchor].failing.append(index)
        related = {single[n] for n in finding.related_lines if n in single} - failing
        for anchor in sorted(related):
            marks[anchor].related.append(index)
    return dict(marks)
