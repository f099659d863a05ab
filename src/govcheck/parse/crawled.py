"""Rows whose digits a crawled page ran together, read by the table's identities.

The table mapper hands over the rows it could not read because one token
holds all their digits (``801000081`` for seven cells). This module asks
:func:`govcheck.parse.runsplit.solve` for the one assignment of all such
rows of the table that satisfies every identity the format prints, given
the cells already read. With exactly one, the rows become cells and the
identities used are returned, for :attr:`Table.read_by`. Otherwise each
row gets a problem that says why it stays unread; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from govcheck.model import Cell, CellKind, Token
from govcheck.parse.numbers import CellValue, parse_cell
from govcheck.parse.runsplit import Reading, Run, Verdict, is_run, solve
from govcheck.templates import Identity, Slot, TableSpec

_PROBLEM = {
    Verdict.NONE: "table.run_none",
    Verdict.AMBIGUOUS: "table.run_ambiguous",
    Verdict.TOO_MANY: "table.run_too_many",
}


@dataclass(frozen=True, slots=True)
class RunRow:
    """A row (or, for table 4, the whole table) whose cells one token holds."""

    token: Token
    slots: tuple[Slot, ...]
    label: Token | None = None  # the row label, for messages; None for table 4


@dataclass(slots=True)
class RunsRead:
    """The outcome: new cells (row, column) → (token, value), or why not, per run row."""

    cells: dict[Slot, tuple[Token, CellValue]] = field(default_factory=dict)
    used: tuple[Identity, ...] = ()
    problem_key: str = ""  # set when the runs stay unread


def is_run_row(found: Sequence[tuple[Token, CellValue]], expected: int) -> bool:
    """Whether a row's values are one token of digits long enough for its cells.

    Only tables that print identities (3 and 4) are read this way; a table 2
    row of run-together digits has nothing to decide its split.
    """
    if len(found) != 1 or expected < 2:
        return False
    raw = found[0][0].raw
    return is_run(raw) and sum(ch.isdigit() for ch in raw) >= expected


def read_runs(spec: TableSpec, known: Mapping[Slot, Cell], rows: Sequence[RunRow]) -> RunsRead:
    """Split ``rows`` by the identities of ``spec`` and the cells already ``known``."""
    values = {slot: _whole(cell) for slot, cell in known.items()}
    reading = solve(
        [Run(row.token.raw, row.slots) for row in rows],
        {slot: value for slot, value in values.items() if value is not None},
        spec.identities(),
    )
    if reading.verdict is not Verdict.UNIQUE:
        return RunsRead(problem_key=_PROBLEM[reading.verdict])
    return RunsRead(_cells(rows, reading), reading.used)


def _whole(cell: Cell) -> int | None:
    """A cell's count as an int; None for blanks, text and fractions (no identity use)."""
    if cell.kind is not CellKind.NUMBER or cell.value is None:
        return None
    value: Decimal = cell.value
    return int(value) if value == value.to_integral_value() else None


def _cells(rows: Sequence[RunRow], reading: Reading) -> dict[Slot, tuple[Token, CellValue]]:
    cells: dict[Slot, tuple[Token, CellValue]] = {}
    for row, parts in zip(rows, reading.parts, strict=True):
        for slot, part in zip(row.slots, parts, strict=True):
            token = Token(row.token.line, part.text, part.text, row.token.column + part.offset)
            value = parse_cell(part.text)
            assert value is not None  # digits always parse
            cells[slot] = (token, value)
    return cells


__all__ = ["RunRow", "RunsRead", "is_run_row", "read_runs"]
