"""What the HTML report shows of a linted file: its lines, its tables and marks.

A renderer receives only the :class:`~govcheck.findings.RunResult`, which has
findings but no text. To show the report itself, the file is loaded and
parsed again here: loading and parsing are deterministic, so line numbers
and cells are the ones the rules saw. When the file cannot be read again
(standard input, a file that has gone or changed since), the page falls back
to the findings alone rather than showing text the findings do not match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govcheck.errors import InputError
from govcheck.findings import FileResult, Finding
from govcheck.i18n import Lang, text
from govcheck.load import SourceText, read_source
from govcheck.model import Cell, Document
from govcheck.parse import parse

# Forms whose source lines are markup, not the report's text: show their units.
_MARKUP_FORMS = frozenset({"html"})
# The display name of standard input (``--stdin-filename`` default).
_STDIN = "-"


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
class Reloaded:
    """A file read again: its parsed document and the lines worth showing.

    ``units`` says the lines hold separate units (cells, blocks of a web
    page) rather than the text as written, so the page separates them.
    """

    doc: Document
    lines: tuple[SourceLine, ...]
    units: bool = False


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why a file's text cannot be shown, already in the page's language."""

    reason: str


@dataclass
class CellMark:
    """The findings (by index from 1) that a table cell fails or is involved in."""

    failing: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)


def reload(file: FileResult, lang: Lang) -> Reloaded | Unavailable:
    """Load and parse ``file.path`` again, or say why its text cannot be shown."""
    if file.path == _STDIN:
        return Unavailable(text("html.stdin", lang))
    try:
        source = read_source(Path(file.path), file.path)
    except InputError as exc:
        return Unavailable(text("html.unreadable", lang, reason=text(exc.key, lang, **exc.values)))
    doc = parse(source)
    if not _matches(file, doc):
        return Unavailable(text("html.changed", lang))
    flagged = {n for f in file.findings for n in (f.line, *f.related_lines)}
    units = source.form in _MARKUP_FORMS
    return Reloaded(doc, source_lines(source, flagged, file.findings), units)


def _matches(file: FileResult, doc: Document) -> bool:
    """Whether the file read now is the file that was linted (cheap fingerprints)."""
    date = doc.date.date.isoformat() if doc.date else None
    facts = (doc.format, doc.year, doc.issuer, date)
    if facts != (file.format, file.year, file.issuer, file.date):
        return False
    last = max(len(doc.lines), 1)
    return all(f.line <= last for f in file.findings)


def source_lines(
    source: SourceText, flagged: Iterable[int], findings: Sequence[Finding] = ()
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


def _unit_segments(source: SourceText) -> dict[int, tuple[Segment, ...]]:
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


def cell_marks(doc: Document, findings: Sequence[Finding]) -> dict[str, CellMark]:
    """Cell anchor → the findings that point at it.

    A finding fails the cell its anchor names and the cell on its line; the
    cells on its related lines are involved. A line is used only when exactly
    one cell lies on it: in flattened text or a web page many cells share a
    line, and marking them all would point at cells that are fine.
    """
    cells = [c for table in doc.tables.values() for c in table.cells.values()]
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
