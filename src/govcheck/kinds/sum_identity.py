"""Kind ``sum_identity``: a sum of cells equals another sum, per column or per row.

This one kind expresses every printed or implied 勾稽关系 of tables 3 and 4:
the table-3 note (per column: 新收 + 上年结转 = 总计 + 结转下年度), the result
rows summing to （七）总计, the applicant columns summing to 总计, and each
table-4 group total. Keys may name template sets (``@results``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.kinds.blanks import Reading, Side, judge, side
from govcheck.kinds.common import anchor, column_name, readable_table, row_name, table_name
from govcheck.model import Cell, CellKind, Document, Table
from govcheck.templates import TableSpec

# Up to this many operands are always shown; longer sums list non-zero terms.
_SHOW_ALL = 4


class Spec(RuleBase):
    kind: Literal["sum_identity"]
    table: str
    each: Literal["column", "row"]
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    over: tuple[str, ...] = ()
    # How the suspect-cell finding names one instance ("本行合计"); else the rule id.
    identity: Localized | None = None

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
    """Check the identity in every column (or row) where its cells decide it.

    Blank cells are unknown but never negative (kinds.blanks): an identity
    they cannot decide is not assessable and its note names the blanks.
    """
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    hits: list[Hit] = []
    lacking: list[tuple[str, str]] = []
    blank: list[tuple[str, str]] = []
    used = 0
    cells = table.cells
    for key, lhs_keys, rhs_keys in _layout(spec, table.spec):
        if table.read_with(lhs_keys, rhs_keys):
            used += 1  # it chose how run-together digits split: it holds by construction
            continue
        lhs = [cells.get(k) for k in lhs_keys]
        rhs = [cells.get(k) for k in rhs_keys]
        left, right = side(lhs), side(rhs)
        if left is None or right is None:
            lacking.append(_first_lacking((*lhs_keys, *rhs_keys), (*lhs, *rhs)))
            continue
        reading = judge(left.known, len(left.empty), right.known, len(right.empty))
        if reading is Reading.OPEN:
            blank.extend((c.row, c.column) for c in (*left.empty, *right.empty))
        elif reading is Reading.FAILS:
            operands = ([c for c in lhs if c], [c for c in rhs if c])
            hits.append(_hit(spec, table, key, *operands, left, right))
    return Outcome.of(hits, _note(table, lacking, blank, used))


Place = tuple[str, str]


def _note(table: Table, lacking: list[Place], blank: list[Place], used: int) -> Text | None:
    """Why some identities were not checked: blank cells they needed, else missing cells,
    else their use in reading run-together digits (they hold by construction)."""
    if blank:
        return both("note.cells_blank", table=table_name(table), cells=_cell_names(table, blank))
    if lacking:
        return _lacking_note(table, lacking)
    return both("note.used_for_reading", table=table_name(table), count=used) if used else None


def _first_lacking(keys: Keys, cells: tuple[Cell | None, ...]) -> tuple[str, str]:
    """The (row, column) of the first operand that is missing or holds text."""
    return next(k for k, c in zip(keys, cells, strict=True) if c is None or c.kind is CellKind.TEXT)


def _lacking_note(table: Table, lacking: list[tuple[str, str]]) -> Text:
    """Which cells the unchecked identities lacked: unread rows are named as such."""
    unread = set(table.unread_rows)
    if not any(row in unread for row, _ in lacking):
        return both("note.cells_missing")
    return both("note.cells_unread", table=table_name(table), cells=_cell_names(table, lacking))


def _cell_names(table: Table, keys: list[tuple[str, str]]) -> Text:
    """``予以公开/总计、部分公开/总计 (+3)``: the first few cells, by row and column."""
    shown = list(dict.fromkeys(keys))
    more = f" (+{len(shown) - _SHOW_ALL})" if len(shown) > _SHOW_ALL else ""
    names = [(row_name(table, r), column_name(table, c)) for r, c in shown[:_SHOW_ALL]]
    return Text(
        "、".join(f"{r.zh}/{c.zh}" for r, c in names) + more,
        ", ".join(f"{r.en}/{c.en}" for r, c in names) + more,
    )


Keys = tuple[tuple[str, str], ...]


def _layout(spec: Spec, tspec: TableSpec) -> tuple[tuple[str, Keys, Keys], ...]:
    """Per column (or row) checked: its key and the (row, column) keys of both sides."""
    lhs, rhs = tspec.expand(spec.lhs), tspec.expand(spec.rhs)
    if spec.each == "column":
        columns = tspec.expand(spec.over) or tuple(c.key for c in tspec.column)
        return tuple(
            (col, tuple((r, col) for r in lhs), tuple((r, col) for r in rhs)) for col in columns
        )
    rows = tspec.expand(spec.over) or tuple(r.key for r in tspec.row)
    return tuple((row, tuple((row, c) for c in lhs), tuple((row, c) for c in rhs)) for row in rows)


def _hit(
    spec: Spec,
    table: Table,
    key: str,
    lhs: list[Cell],
    rhs: list[Cell],
    left: Side,
    right: Side,
) -> Hit:
    """A hit at the first left-hand cell (the total): the two sums differ.

    A side with blanks shows its filled sum as a lower bound, never a blank as 0.
    """
    by_row = spec.each == "column"
    if by_row:
        where = {"column": column_name(table, key), "row": Text("", "")}
    else:
        where = {"row": row_name(table, key), "column": Text("", "")}
    return Hit(
        line=lhs[0].line,
        column=lhs[0].char_column,
        related=tuple(sorted({c.line for c in (*lhs, *rhs)} - {lhs[0].line})),
        anchor=anchor(lhs[0]),
        values={
            "table": table_name(table),
            **where,
            "lhs": _bound(left.known, bool(left.empty)),
            "rhs": _bound(right.known, bool(right.empty)),
            "lhs_expr": _expr(table, lhs, by_row),
            "rhs_expr": _expr(table, rhs, by_row),
            "diff": _bound(abs(left.known - right.known), bool(left.empty or right.empty)),
        },
    )


def _bound(value: Decimal, blanks: bool) -> Decimal | Text:
    """A sum, or ``至少 N`` when blank cells (each at least 0) may add to it."""
    return both("expr.at_least", value=value) if blanks else value


def _expr(table: Table, cells: list[Cell], by_row: bool) -> Text:
    """``新收 2 + 上年结转 （空）``: operand names with their values, in both languages.

    Long sums show only the terms that are not 0; a blank is shown as blank.
    """
    shown = cells if len(cells) <= _SHOW_ALL else [c for c in cells if c.number != 0]
    names = [row_name(table, c.row) if by_row else column_name(table, c.column) for c in shown]
    blank = both("expr.blank")
    zh = " + ".join(f"{n.zh} {_raw(c, blank.zh)}" for n, c in zip(names, shown, strict=True))
    en = " + ".join(f"{n.en} {_raw(c, blank.en)}" for n, c in zip(names, shown, strict=True))
    if len(shown) < len(cells):
        rest = both("expr.rest_zero")
        return Text(f"{zh or '0'}{rest.zh}", f"{en or '0'}{rest.en}")
    return Text(zh, en)


def _raw(cell: Cell, blank: str) -> str:
    return cell.raw.strip() or blank


def instances(spec: Spec, tspec: TableSpec) -> tuple[tuple[str, Keys, Keys], ...]:
    """The rule's instances on a format's table: (row or column key, lhs cells, rhs cells).

    The suspect-cell search (engine/suspects.py) takes the identities from
    here, so the rules stay their one owner.
    """
    return _layout(spec, tspec)
