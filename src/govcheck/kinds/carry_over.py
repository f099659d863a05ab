"""Kind ``carry_over``: a row of this year's table equals a row of last year's, per column.

GC701: this year's 上年结转 must be last year's 结转下年度继续办理, column by
column. The applications an organ carried forward do not change on the way
into the next year's report; a difference means one of the two reports is
wrong. Table 3's rows 一, 二 and 四 and its columns are the same in both
formats, so a 2020 (F2019) report and a 2021 (F2021) report compare too.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.kinds.common import anchor, column_name, readable_table, row_name, table_name
from govcheck.kinds.previous import previous_report, previous_table, shown
from govcheck.model import Cell, Document, Table


class Spec(RuleBase):
    kind: Literal["carry_over"]
    table: str
    row: str
    previous_row: str
    over: tuple[str, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {
            "table",
            "column",
            "row",
            "value",
            "previous_row",
            "previous_value",
            "previous_line",
            "previous_path",
            "diff",
        }
    )

    def references(self) -> tuple[TableRef, ...]:
        """row, previous_row and over must name keys of the table in every format."""
        return (
            TableRef(field="row", table=self.table, keys=(self.row,)),
            TableRef(field="previous_row", table=self.table, keys=(self.previous_row,)),
            TableRef(field="over", table=self.table, keys=self.over),
        )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per column whose value differs from last year's."""
    previous = previous_report(doc, ctx)
    if isinstance(previous, Outcome):
        return previous
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    last = previous_table(previous, spec.table)
    if isinstance(last, Text):
        return Outcome.not_assessable(last)
    hits: list[Hit] = []
    unassessed = False
    for column in table.spec.expand(spec.over) or tuple(c.key for c in table.spec.column):
        now, before = table.cell(spec.row, column), last.cell(spec.previous_row, column)
        if now is None or before is None or now.number is None or before.number is None:
            unassessed = True
            continue
        if now.number != before.number:
            hits.append(_hit(spec, table, now, before, previous.path))
    return Outcome.of(hits, both("note.cells_missing") if unassessed else None)


def _hit(spec: Spec, table: Table, now: Cell, before: Cell, previous_path: str) -> Hit:
    """At this year's cell; last year's cell is named by path and line in the message."""
    assert now.number is not None and before.number is not None
    return Hit(
        line=now.line,
        anchor=anchor(now),
        values={
            "table": table_name(table),
            "column": column_name(table, now.column),
            "row": row_name(table, spec.row),
            "value": shown(now),
            "previous_row": row_name(table, spec.previous_row),
            "previous_value": shown(before),
            "previous_line": before.line,
            "previous_path": previous_path,
            "diff": abs(now.number - before.number),
        },
    )
