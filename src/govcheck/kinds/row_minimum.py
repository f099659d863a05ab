"""Kind ``row_minimum``: within a row, one cell is at least a sum of others.

Table 2 prints no identity, but some figures bound others (spec §2.3):
F2021's 现行有效件数 cannot be below 本年制发件数 - 本年废止件数 (T2-VALID), and
F2019's 对外公开总数量 cannot be below 本年新公开数量 (T2-CUM). The columns
differ between the formats, so the bound is given per format; every key is
checked against that format's template when the pack loads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.kinds.cell_support import cell_hit
from govcheck.kinds.common import column_name, readable_table
from govcheck.model import Cell, Document, Table
from govcheck.templates import load_template


class Bound(BaseModel):
    """Per row of ``rows``: cell ``value`` ≥ Σ ``plus`` - Σ ``minus``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    rows: tuple[str, ...]
    value: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every template key the bound names."""
        return (*self.rows, self.value, *self.plus, *self.minus)


class Spec(RuleBase):
    kind: Literal["row_minimum"]
    table: str
    bounds: dict[str, Bound]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"table", "row", "column", "raw", "value", "bound", "bound_expr"}
    )

    @model_validator(mode="after")
    def _bounds_match_templates(self) -> Spec:
        """A bound for each format the rule covers, naming only that format's keys."""
        unknown = sorted(set(self.bounds) - set(self.formats))
        if unknown:
            raise ValueError(f"bounds: {unknown[0]!r} is not one of the rule's formats")
        for format_id in self.formats:
            bound = self.bounds.get(format_id)
            if bound is None:
                raise ValueError(f"bounds: no bound for {format_id}")
            table = load_template(format_id).table_spec(self.table)
            missing = [k for k in bound.names() if table is None or not table.has_key(k)]
            if missing:
                raise ValueError(f"bounds.{format_id}: {missing[0]!r} is not a key of {self.table}")
        return self

    def references(self) -> tuple[TableRef, ...]:
        """The table must exist; its keys are checked per format above."""
        return (TableRef(field="table", table=self.table),)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per row whose ``value`` cell is below its bound."""
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    bound = spec.bounds[_format_id(doc)]
    hits: list[Hit] = []
    unassessed = False
    for row in bound.rows:
        value = table.cell(row, bound.value)
        plus = _numbers(table, row, bound.plus)
        minus = _numbers(table, row, bound.minus)
        if value is None or value.number is None or plus is None or minus is None:
            unassessed = True
            continue
        hit = _check(table, value, plus, minus)
        if hit is not None:
            hits.append(hit)
    return Outcome.of(hits, both("note.cells_missing") if unassessed else None)


def _format_id(doc: Document) -> str:
    """The document's format id; a readable table implies one."""
    return doc.template.id if doc.template else ""


def _numbers(table: Table, row: str, columns: tuple[str, ...]) -> list[Cell] | None:
    """The row's cells in ``columns``, or None when one is missing or not a number."""
    cells = [table.cell(row, column) for column in columns]
    known = [c for c in cells if c is not None and c.number is not None]
    return known if len(known) == len(cells) else None


def _check(table: Table, value: Cell, plus: list[Cell], minus: list[Cell]) -> Hit | None:
    """A hit at the bounded cell when it is below Σ plus - Σ minus."""
    bound = _sum(plus) - _sum(minus)
    if value.number is None or value.number >= bound:
        return None
    terms = [(" + ", c) for c in plus] + [(" - ", c) for c in minus]
    return cell_hit(
        table,
        value,
        related=tuple(c.line for _, c in terms),
        value=value.number,
        bound=bound,
        bound_expr=_expr(table, terms),
    )


def _sum(cells: list[Cell]) -> Decimal:
    return sum((c.number or Decimal(0) for c in cells), Decimal(0))


def _expr(table: Table, terms: list[tuple[str, Cell]]) -> Text:
    """``本年制发件数 2 - 本年废止件数 1`` in both languages."""
    parts = [(sign, column_name(table, c.column), c.raw.strip()) for sign, c in terms]
    zh = "".join(f"{s}{n.zh} {r}" for s, n, r in parts)[3:]
    en = "".join(f"{s}{n.en} {r}" for s, n, r in parts)[3:]
    return Text(zh, en)
