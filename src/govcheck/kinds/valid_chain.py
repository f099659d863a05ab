"""Kind ``valid_chain``: a stock this year = last year's stock + additions - removals.

GC702: in the F2021 table 2, 现行有效件数 of 规章 and 行政规范性文件 must
follow from last year's: 现行有效(Y) = 现行有效(Y-1) + 本年制发(Y) - 本年废止(Y).
A document can also lapse without being repealed (a fixed term that ends),
so a break is a warning to look at, not proof of an error. The F2019 table 2
has no stock of valid documents, so a 2020 report cannot start the chain:
the rule is not applicable when last year's report is in another format.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.findings import RuleStatus
from govcheck.i18n import Text, both
from govcheck.kinds.common import anchor, readable_table, row_name, table_name
from govcheck.kinds.previous import previous_report, previous_table, shown
from govcheck.model import Cell, Document, Table


class Spec(RuleBase):
    kind: Literal["valid_chain"]
    table: str
    rows: tuple[str, ...]
    valid: str
    added: str
    removed: str

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {
            "table",
            "row",
            "valid",
            "previous_valid",
            "added",
            "removed",
            "expected",
            "previous_line",
            "previous_path",
            "diff",
        }
    )

    def references(self) -> tuple[TableRef, ...]:
        """rows and the three columns must exist in the table."""
        return (
            TableRef(field="rows", table=self.table, keys=self.rows),
            TableRef(
                field="columns", table=self.table, keys=(self.valid, self.added, self.removed)
            ),
        )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per row whose stock does not follow from last year's."""
    previous = previous_report(doc, ctx)
    if isinstance(previous, Outcome):
        return previous
    if previous.template is None or previous.template.id not in spec.formats:
        return Outcome(RuleStatus.NOT_APPLICABLE)
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    last = previous_table(previous, spec.table)
    if isinstance(last, Text):
        return Outcome.not_assessable(last)
    hits: list[Hit] = []
    unassessed = False
    for row in spec.rows:
        cells = (
            table.cell(row, spec.valid),
            last.cell(row, spec.valid),
            table.cell(row, spec.added),
            table.cell(row, spec.removed),
        )
        if any(c is None or c.number is None for c in cells):
            unassessed = True
            continue
        valid, before, added, removed = (c for c in cells if c is not None)
        hit = _check(table, row, valid, before, added, removed, previous.path)
        if hit:
            hits.append(hit)
    return Outcome.of(hits, both("note.cells_missing") if unassessed else None)


def _check(
    table: Table, row: str, valid: Cell, before: Cell, added: Cell, removed: Cell, path: str
) -> Hit | None:
    """A hit at this year's stock when it is not last year's plus the year's changes."""
    expected = _num(before) + _num(added) - _num(removed)
    if _num(valid) == expected:
        return None
    return Hit(
        line=valid.line,
        related=tuple(sorted({added.line, removed.line} - {valid.line})),
        anchor=anchor(valid),
        values={
            "table": table_name(table),
            "row": row_name(table, row),
            "valid": shown(valid),
            "previous_valid": shown(before),
            "added": shown(added),
            "removed": shown(removed),
            "expected": expected,
            "previous_line": before.line,
            "previous_path": path,
            "diff": abs(_num(valid) - expected),
        },
    )


def _num(cell: Cell) -> Decimal:
    """The cell's value for arithmetic; the caller has checked that it has one."""
    assert cell.number is not None
    return cell.number
