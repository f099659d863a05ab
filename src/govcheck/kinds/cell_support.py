"""Helpers for the cell-by-cell kinds (negative_value, cell_content, cell_unit, row_minimum).

These kinds look at every mapped cell of some tables. A table that is absent
or unreadable has no cells to look at, so the rule says *not assessable* for
it instead of passing: a clean result must mean every cell was seen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govcheck.engine.base import Hit
from govcheck.findings import Severity
from govcheck.i18n import Text
from govcheck.kinds.common import anchor, column_name, readable_table, row_name, table_name
from govcheck.model import Cell, Document, Table


@dataclass(frozen=True, slots=True)
class TableCells:
    """The readable tables among those asked for, and why any other was skipped."""

    tables: tuple[Table, ...]
    unassessed: Text | None

    def cells(self) -> Iterable[tuple[Table, Cell]]:
        """Every mapped cell, table by table, in template order."""
        for table in self.tables:
            for cell in table.cells.values():
                yield table, cell


def readable_tables(doc: Document, table_ids: Iterable[str]) -> TableCells:
    """The tables ``table_ids`` that could be mapped; the first reason for any that could not."""
    tables: list[Table] = []
    unassessed: Text | None = None
    for table_id in table_ids:
        found = readable_table(doc, table_id)
        if isinstance(found, Text):
            unassessed = unassessed or found
        else:
            tables.append(found)
    return TableCells(tuple(tables), unassessed)


def describe(table: Table, cell: Cell) -> dict[str, object]:
    """The values every cell finding names: table, row, column and the raw text."""
    return {
        "table": table_name(table),
        "row": row_name(table, cell.row),
        "column": column_name(table, cell.column),
        "raw": cell.raw.strip(),
    }


def cell_hit(
    table: Table,
    cell: Cell,
    severity: Severity | None = None,
    related: tuple[int, ...] = (),
    **values: object,
) -> Hit:
    """A hit at ``cell`` with the standard description plus ``values``."""
    return Hit(
        line=cell.line,
        values={**describe(table, cell), **values},
        related=related,
        anchor=anchor(cell),
        severity=severity,
    )


EMPTY = Text("", "")
