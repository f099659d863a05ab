"""Kind ``sum_identity``: a sum of cells equals another sum, per column or per row.

This one kind expresses every printed or implied 勾稽关系 of tables 3 and 4:
the table-3 note (per column: 新收 + 上年结转 = 总计 + 结转下年度), the result
rows summing to （七）总计, the applicant columns summing to 总计, and each
table-4 group total. Keys may name template sets (``@results``).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.kinds.common import anchor, column_name, readable_table, row_name, table_name
from govcheck.model import Cell, Document, Table

# Up to this many operands are always shown; longer sums list non-zero terms.
_SHOW_ALL = 4


class Spec(RuleBase):
    kind: Literal["sum_identity"]
    table: str
    each: Literal["column", "row"]
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    over: tuple[str, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"table", "column", "row", "lhs", "rhs", "lhs_expr", "rhs_expr", "diff"}
    )

    def references(self) -> tuple[TableRef, ...]:
        """lhs, rhs and over must name keys of the table."""
        return (
            TableRef(field="lhs", table=self.table, keys=self.lhs),
            TableRef(field="rhs", table=self.table, keys=self.rhs),
            TableRef(field="over", table=self.table, keys=self.over),
        )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Check the identity in every column (or row) where all its cells exist."""
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    hits: list[Hit] = []
    unassessed = False
    for lhs, rhs, where in _instances(spec, table):
        if any(c is None or c.number is None for c in (*lhs, *rhs)):
            unassessed = True
            continue
        operands = ([c for c in lhs if c], [c for c in rhs if c])
        hit = _check(table, *operands, where, by_row=spec.each == "column")
        if hit:
            hits.append(hit)
    return Outcome.of(hits, both("note.cells_missing") if unassessed else None)


def _instances(
    spec: Spec, table: Table
) -> Iterator[tuple[list[Cell | None], list[Cell | None], dict[str, Text]]]:
    tspec = table.spec
    lhs, rhs = tspec.expand(spec.lhs), tspec.expand(spec.rhs)
    if spec.each == "column":
        for col in tspec.expand(spec.over) or tuple(c.key for c in tspec.column):
            where = {"column": column_name(table, col), "row": Text("", "")}
            yield [table.cell(r, col) for r in lhs], [table.cell(r, col) for r in rhs], where
        return
    for row in tspec.expand(spec.over) or tuple(r.key for r in tspec.row):
        where = {"row": row_name(table, row), "column": Text("", "")}
        yield [table.cell(row, c) for c in lhs], [table.cell(row, c) for c in rhs], where


def _check(
    table: Table, lhs: list[Cell], rhs: list[Cell], where: dict[str, Text], *, by_row: bool
) -> Hit | None:
    """A hit at the first left-hand cell (the total) when the two sums differ."""
    left = sum((c.number or Decimal(0) for c in lhs), Decimal(0))
    right = sum((c.number or Decimal(0) for c in rhs), Decimal(0))
    if left == right:
        return None
    return Hit(
        line=lhs[0].line,
        column=lhs[0].char_column,
        related=tuple(sorted({c.line for c in (*lhs, *rhs)} - {lhs[0].line})),
        anchor=anchor(lhs[0]),
        values={
            "table": table_name(table),
            **where,
            "lhs": left,
            "rhs": right,
            "lhs_expr": _expr(table, lhs, by_row),
            "rhs_expr": _expr(table, rhs, by_row),
            "diff": abs(left - right),
        },
    )


def _expr(table: Table, cells: list[Cell], by_row: bool) -> Text:
    """``新收 2 + 上年结转 0``: operand names with their values, in both languages."""
    shown = cells if len(cells) <= _SHOW_ALL else [c for c in cells if c.number]
    names = [row_name(table, c.row) if by_row else column_name(table, c.column) for c in shown]
    zh = " + ".join(f"{n.zh} {c.raw.strip()}" for n, c in zip(names, shown, strict=True))
    en = " + ".join(f"{n.en} {c.raw.strip()}" for n, c in zip(names, shown, strict=True))
    if len(shown) < len(cells):
        rest = both("expr.rest_zero")
        return Text(f"{zh or '0'}{rest.zh}", f"{en or '0'}{rest.en}")
    return Text(zh, en)
