"""Kind ``negative_value``: a count or amount below zero.

Every number in tables 2–4 counts documents, decisions, applications or
cases, or is an amount of money; none of them can be negative (spec §2:
T2-NONNEG, T3-NONNEG, T4-NONNEG). The one exception is F2019's 本年增/减,
a change against last year, which the template marks ``signed = true``; the
kind reads that flag instead of naming the column, so a new signed column
only needs the template.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.kinds.cell_support import cell_hit, readable_tables
from govcheck.model import CellKind, Document


class Spec(RuleBase):
    kind: Literal["negative_value"]
    tables: tuple[str, ...]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"table", "row", "column", "raw", "value"})

    def references(self) -> tuple[TableRef, ...]:
        """Every listed table must exist in the template."""
        return tuple(TableRef(field="tables", table=t) for t in self.tables)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per negative number outside a signed column."""
    found = readable_tables(doc, spec.tables)
    hits: list[Hit] = []
    for table in found.tables:
        for cell in table.cells.values():
            if cell.kind is not CellKind.NUMBER or cell.value is None or cell.value >= 0:
                continue
            if table.spec.column_spec(cell.column).signed:
                continue
            hits.append(cell_hit(table, cell, value=cell.value))
    return Outcome.of(hits, found.unassessed)
