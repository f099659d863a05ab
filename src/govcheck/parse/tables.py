"""Tables from cell-per-line text: every number mapped to its template cell.

Labelled tables (2 and 3) are read row by row: a line that is a template row
label opens a row, and the value lines after it are its cells, in the
template's column order. Table 4 has a single data row whose merged headers
lose cells in text form, so its numbers are mapped by position.

The mapper never guesses. A row with more or fewer numbers than the template
has columns, a repeated row, or numbers with no row label make the table
*unreadable*; rules over it are then not assessable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from govcheck.i18n import Text
from govcheck.model import Cell, CellKind, Table, TableProblem, TableStatus, Token
from govcheck.parse.normalize import norm_label, split_ordinal
from govcheck.parse.numbers import CellValue, parse_cell
from govcheck.templates import RowSpec, TableSpec

# How similar a misspelt row label must be to the template's (same ordinal only).
_FUZZY_RATIO = 0.8


@dataclass(frozen=True, slots=True)
class ParsedTable:
    table: Table
    claimed: frozenset[int]


class RowMatcher:
    """Recognise a template row from a normalised label, tolerating typos."""

    def __init__(self, spec: TableSpec) -> None:
        self._exact = {norm_label(label): row for row in spec.row for label in row.labels}
        self._by_ordinal: dict[str, list[tuple[str, RowSpec]]] = {}
        for row in spec.row:
            ordinal, core = split_ordinal(norm_label(row.label))
            if ordinal:
                self._by_ordinal.setdefault(ordinal, []).append((core, row))

    def match(self, label: str) -> RowSpec | None:
        """The row whose label this is, or None."""
        if label in self._exact:
            return self._exact[label]
        ordinal, core = split_ordinal(label)
        scored = [
            (SequenceMatcher(None, core, known).ratio(), row)
            for known, row in self._by_ordinal.get(ordinal, [])
        ]
        best = max(scored, key=lambda pair: pair[0], default=None)
        return best[1] if best and best[0] >= _FUZZY_RATIO else None


@dataclass
class _Row:
    spec: RowSpec
    label: Token
    values: list[tuple[Token, CellValue]] = field(default_factory=list)


def parse_table(spec: TableSpec, tokens: Sequence[Token]) -> ParsedTable:
    """Map the tokens of a table's section to the template cells of ``spec``."""
    if spec.layout == "positional":
        return _parse_positional(spec, tokens)
    return _parse_labelled(spec, tokens)


def _parse_labelled(spec: TableSpec, tokens: Sequence[Token]) -> ParsedTable:
    matcher = RowMatcher(spec)
    known = {norm_label(x) for x in (*spec.headers, *spec.groups)}
    rows: dict[str, _Row] = {}
    problems: list[TableProblem] = []
    claimed: set[int] = set()
    stray: list[Token] = []
    current: _Row | None = None
    for token in tokens:
        label = norm_label(token.raw)
        row = matcher.match(label)
        if row is not None:
            claimed.add(token.line)
            if row.key in rows:
                problems.append(_problem(token, "table.duplicate_row", spec, row=token.raw))
                current = None
                continue
            current = rows[row.key] = _Row(row, token)
            continue
        value = parse_cell(token.raw)
        if value is not None:
            claimed.add(token.line)
            if current is not None:
                current.values.append((token, value))
            else:
                stray.append(token)
            continue
        if label in known:
            claimed.add(token.line)
        current = None
    return _finish_labelled(spec, rows, problems, stray, frozenset(claimed))


def _finish_labelled(
    spec: TableSpec,
    rows: dict[str, _Row],
    problems: list[TableProblem],
    stray: list[Token],
    claimed: frozenset[int],
) -> ParsedTable:
    if not rows:
        if stray:
            problem = _problem(stray[0], "table.no_labels", spec, count=len(stray))
            return ParsedTable(_unreadable(spec, stray[0].line, [problem]), claimed)
        return ParsedTable(Table(spec=spec, status=TableStatus.ABSENT, line=0), frozenset())
    cells: dict[tuple[str, str], Cell] = {}
    for row in rows.values():
        columns = spec.row_columns(row.spec)
        if len(row.values) != len(columns):
            problems.append(
                _problem(
                    row.label,
                    "table.row_count",
                    spec,
                    row=row.label.raw,
                    found=len(row.values),
                    expected=len(columns),
                )
            )
            continue
        for column, (token, value) in zip(columns, row.values, strict=True):
            cells[(row.spec.key, column)] = _cell(spec, row.spec.key, column, token, value)
    first = min(r.label.line for r in rows.values())
    if problems:
        return ParsedTable(_unreadable(spec, first, problems), claimed)
    missing = tuple(r.key for r in spec.row if r.key not in rows)
    table = Table(spec, TableStatus.READ, first, cells, missing_rows=missing)
    return ParsedTable(table, claimed)


def _parse_positional(spec: TableSpec, tokens: Sequence[Token]) -> ParsedTable:
    """Map one run of numbers row-major onto the template's rows × columns."""
    runs: list[list[tuple[Token, CellValue]]] = []
    claimed = {t.line for t in tokens if norm_label(t.raw) in {norm_label(h) for h in spec.headers}}
    previous_was_value = False
    for token in tokens:
        value = parse_cell(token.raw)
        if value is None:
            previous_was_value = False
            continue
        if not previous_was_value:
            runs.append([])
        runs[-1].append((token, value))
        previous_was_value = True
    if not runs:
        return ParsedTable(Table(spec=spec, status=TableStatus.ABSENT, line=0), frozenset())
    slots = [(r.key, c) for r in spec.row for c in spec.row_columns(r)]
    values = runs[0] if len(runs[0]) == len(slots) else [v for run in runs for v in run]
    claimed.update(token.line for token, _ in values)
    if len(values) != len(slots):
        first = runs[0][0][0]
        problem = _problem(
            first, "table.value_count", spec, found=len(runs[0]), expected=len(slots)
        )
        return ParsedTable(_unreadable(spec, first.line, [problem]), frozenset(claimed))
    cells = {
        (row, column): _cell(spec, row, column, token, value)
        for (row, column), (token, value) in zip(slots, values, strict=True)
    }
    table = Table(spec, TableStatus.READ, values[0][0].line, cells)
    return ParsedTable(table, frozenset(claimed))


def _cell(spec: TableSpec, row: str, column: str, token: Token, value: CellValue) -> Cell:
    return Cell(
        table=spec.id,
        row=row,
        column=column,
        raw=token.raw,
        kind=value.kind,
        value=value.value,
        unit=value.unit,
        line=token.line,
    )


def _unreadable(spec: TableSpec, line: int, problems: list[TableProblem]) -> Table:
    return Table(spec=spec, status=TableStatus.UNREADABLE, line=line, problems=tuple(problems))


def _problem(token: Token, key: str, spec: TableSpec, **values: object) -> TableProblem:
    return TableProblem(
        line=token.line, key=key, values={"table": Text(spec.name, spec.name_en), **values}
    )


__all__ = ["CellKind", "ParsedTable", "RowMatcher", "parse_table"]
