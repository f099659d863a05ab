"""Kind ``blank_cells``: numeric cells left blank, one finding per table.

The formats want a number in every cell, 0 when there is nothing to report
(spec §5 D06: a warning, counted). A page with many blanks has one cause, so
the blanks of a table are one finding that names the pattern they form (a
blank column, a blank row, or scattered cells), lists them and counts them.

Blank totals that hide a figure belong to the blank-total rule (D07); the
``totals`` listed here are the ones that rule owns, so that no blank is
reported twice.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.kinds.blanks import Total, cell_list, group, stated_totals_missing, where
from govcheck.kinds.cell_support import readable_tables
from govcheck.kinds.common import anchor, table_name
from govcheck.kinds.snippets import check_placeholders
from govcheck.model import CellKind, Document, Table

_WHERE = frozenset({"name"})


class Spec(RuleBase):
    kind: Literal["blank_cells"]
    tables: tuple[str, ...]
    totals: tuple[Total, ...] = ()
    in_column: Localized
    in_row: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"table", "where", "count", "cells"})

    @field_validator("in_column", "in_row")
    @classmethod
    def _where_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, _WHERE)

    def references(self) -> tuple[TableRef, ...]:
        """The tables, and every key a total names, must exist in the template."""
        refs = [TableRef(field="tables", table=t) for t in self.tables]
        for total in self.totals:
            keys = (total.total, *total.over)
            refs.append(TableRef(field="totals", table=total.table, keys=keys))
        return tuple(refs)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per table with blank cells, leaving out the blank totals reported elsewhere."""
    found = readable_tables(doc, spec.tables)
    hits = [hit for table in found.tables if (hit := _table_hit(spec, table)) is not None]
    return Outcome.of(hits, found.unassessed)


def _table_hit(spec: Spec, table: Table) -> Hit | None:
    owned = {id(b.cell) for b in stated_totals_missing(table, spec.totals)}
    blanks = group(
        c for c in table.cells.values() if c.kind is CellKind.BLANK and id(c) not in owned
    )
    if blanks is None:
        return None
    return Hit(
        line=blanks.first.line,
        column=blanks.first.char_column,
        related=blanks.related(),
        anchor=anchor(blanks.first),
        values={
            "table": table_name(table),
            "where": where(table, blanks, spec.in_column, spec.in_row),
            "count": len(blanks.cells),
            "cells": cell_list(table, blanks),
        },
    )
