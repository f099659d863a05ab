"""Blank cells in sums: what an identity can still say when some of its cells are empty.

A blank (or placeholder) cell has no value, but every cell of tables 3 and 4
counts something, so whatever it stands for is at least 0. That alone often
decides an identity: when the filled cells already balance, the blanks can
only be 0 and the identity holds; when the filled cells of one side already
exceed the other side, and the blanks are all on the larger side, no value
of the blanks can mend it and the identity fails. Otherwise the identity is
open and needs the blank cells.

The same non-negative reading tells which blank totals leave a report
without a total: a blank total whose filled parts are not all 0 (spec §5 D07).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from govcheck.engine.base import Localized
from govcheck.i18n import Text
from govcheck.kinds.common import column_name, row_name
from govcheck.kinds.snippets import fill
from govcheck.model import Cell, CellKind, Table

_ZERO = Decimal(0)
EMPTY_KINDS = frozenset({CellKind.BLANK, CellKind.PLACEHOLDER})


class Reading(Enum):
    """What an identity with blank cells says, whatever the blanks hold (each ≥ 0)."""

    HOLDS = "holds"
    FAILS = "fails"
    OPEN = "open"


def judge(left: Decimal, left_blanks: int, right: Decimal, right_blanks: int) -> Reading:
    """Whether ``left + (left's blanks) = right + (right's blanks)`` can hold.

    ``left`` and ``right`` are the sums of each side's filled cells; the
    blanks are unknown but never negative. Without blanks this is a plain
    comparison.
    """
    if left_blanks and right_blanks:
        return Reading.OPEN
    # What the side holding the blanks still has to make up (the other side is fixed).
    gap = right - left if left_blanks else left - right
    if gap == 0:
        return Reading.HOLDS
    if gap < 0 or not (left_blanks or right_blanks):
        return Reading.FAILS
    return Reading.OPEN


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an identity: the sum of its filled cells and its empty cells."""

    known: Decimal
    empty: tuple[Cell, ...]


def side(cells: Sequence[Cell | None]) -> Side | None:
    """The side's filled sum and blanks; None when a cell is missing or holds text."""
    known = _ZERO
    empty: list[Cell] = []
    for cell in cells:
        if cell is None or cell.kind is CellKind.TEXT:
            return None
        if cell.kind in EMPTY_KINDS:
            empty.append(cell)
        elif cell.number is not None:
            known += cell.number
    return Side(known, tuple(empty))


class Total(BaseModel):
    """A total: per row, (r, total) = Σ (r, over); per column, (total, c) = Σ (over, c)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    table: str
    each: Literal["row", "column"]
    total: str
    over: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BlankTotal:
    """A blank total cell and the sum of its filled parts."""

    cell: Cell
    parts: Decimal


def blank_totals(table: Table, totals: Iterable[Total]) -> tuple[BlankTotal, ...]:
    """The table's blank totals whose parts are all numbers or blanks, each cell once."""
    found: dict[tuple[str, str], BlankTotal] = {}
    for total in totals:
        if total.table != table.spec.id:
            continue
        over = table.spec.expand(total.over)
        for own in _lines(table, total):
            key = (own, total.total) if total.each == "row" else (total.total, own)
            cell = table.cells.get(key)
            if cell is None or cell.kind is not CellKind.BLANK or key in found:
                continue
            parts = side([_at(table, total, own, k) for k in over])
            if parts is not None and len(parts.empty) < len(over):
                found[key] = BlankTotal(cell, parts.known)
    return tuple(sorted(found.values(), key=lambda b: (b.cell.line, b.cell.char_column)))


def stated_totals_missing(table: Table, totals: Iterable[Total]) -> tuple[BlankTotal, ...]:
    """The blank totals a blank-total finding owns: all of them once one hides a non-zero sum.

    A blank total over parts that are all 0 is only a blank where 0 is meant
    (a blank-cell warning), unless another blank total of the same table
    hides a figure: then they are one root cause, one finding.
    """
    found = blank_totals(table, totals)
    return found if any(b.parts != 0 for b in found) else ()


def _lines(table: Table, total: Total) -> tuple[str, ...]:
    """The rows (per row) or columns (per column) the total is taken in."""
    if total.each == "row":
        return tuple(r.key for r in table.spec.row)
    return tuple(c.key for c in table.spec.column)


def _at(table: Table, total: Total, own: str, key: str) -> Cell | None:
    return table.cells.get((own, key) if total.each == "row" else (key, own))


# Up to this many cells are named in a grouped finding; the count says the rest.
SHOW_CELLS = 8


@dataclass(frozen=True, slots=True)
class Group:
    """Blank cells of one table reported as one finding, and the pattern they form.

    ``pattern`` is "column" when they all lie in one column, "row" when they
    all lie in one row, else "cells"; ``key`` is that column or row.
    """

    cells: tuple[Cell, ...]
    pattern: Literal["column", "row", "cells"]
    key: str

    @property
    def first(self) -> Cell:
        return self.cells[0]

    def related(self) -> tuple[int, ...]:
        """The lines of the other cells, for the finding's related lines."""
        return tuple(sorted({c.line for c in self.cells} - {self.first.line}))


def group(cells: Iterable[Cell]) -> Group | None:
    """The cells in reading order as one group; None when there are none."""
    ordered = tuple(sorted(cells, key=lambda c: (c.line, c.char_column)))
    if not ordered:
        return None
    columns = {c.column for c in ordered}
    rows = {c.row for c in ordered}
    if len(ordered) > 1 and len(columns) == 1:
        return Group(ordered, "column", ordered[0].column)
    if len(ordered) > 1 and len(rows) == 1:
        return Group(ordered, "row", ordered[0].row)
    return Group(ordered, "cells", "")


def cell_list(table: Table, blanks: Group, limit: int = SHOW_CELLS) -> Text:
    """The first ``limit`` cells by name, and how many more there are."""
    names = [cell_name(table, blanks, cell) for cell in blanks.cells[:limit]]
    more = f" (+{len(blanks.cells) - limit})" if len(blanks.cells) > limit else ""
    return Text("、".join(n.zh for n in names) + more, ", ".join(n.en for n in names) + more)


def cell_name(table: Table, blanks: Group, cell: Cell) -> Text:
    """A cell's name within its group: its row in a column, its column in a row, else both."""
    row, column = row_name(table, cell.row), column_name(table, cell.column)
    if blanks.pattern == "column":
        return row
    if blanks.pattern == "row":
        return column
    return Text(f"{row.zh}/{column.zh}", f"{row.en}/{column.en}")


def where(table: Table, blanks: Group, in_column: Localized, in_row: Localized) -> Text:
    """The group's pattern in words (``“总计”列``), empty for scattered cells."""
    if blanks.pattern == "column":
        return fill(in_column, name=column_name(table, blanks.key))
    if blanks.pattern == "row":
        return fill(in_row, name=row_name(table, blanks.key))
    return Text("", "")
