"""Kind ``negative_value``: a count or amount below zero, or a count that is not whole.

Every number in tables 2–4 counts documents, decisions, applications or
cases, or is an amount of money; none of them can be negative (spec §2:
T2-NONNEG, T3-NONNEG, T4-NONNEG). The one exception is F2019's 本年增/减,
a change against last year, which the template marks ``signed = true``; the
kind reads that flag instead of naming the column, so a new signed column
only needs the template.

A count is also a whole number (T3-NONNEG, T4-NONNEG: integers): ``3415.74``
in a count cell is an amount or a figure entered in the wrong cell. Only the
columns the template marks ``money = true`` keep their decimals. A number
written with a money unit (``3.5万元``) is an amount in the wrong column,
which the unit rule reports, so it is left to that rule. The rule file words
each case (``negative``, ``fraction``); without ``fraction`` fractions are not
checked.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.kinds.cell_support import EMPTY, cell_hit, readable_tables
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Cell, CellKind, Document, Table

_DETAIL = frozenset({"raw"})


class Spec(RuleBase):
    kind: Literal["negative_value"]
    tables: tuple[str, ...]
    negative: Localized | None = None
    fraction: Localized | None = None
    money_units: tuple[str, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"table", "row", "column", "raw", "value", "detail"}
    )

    @field_validator("negative", "fraction")
    @classmethod
    def _detail_placeholders(cls, value: Localized | None) -> Localized | None:
        return None if value is None else check_placeholders(value, _DETAIL)

    def references(self) -> tuple[TableRef, ...]:
        """Every listed table must exist in the template."""
        return tuple(TableRef(field="tables", table=t) for t in self.tables)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per negative number outside a signed column, or fraction in a count column."""
    found = readable_tables(doc, spec.tables)
    hits = [hit for table, cell in found.cells() if (hit := _hit(spec, table, cell)) is not None]
    return Outcome.of(hits, found.unassessed)


def _hit(spec: Spec, table: Table, cell: Cell) -> Hit | None:
    if cell.kind is not CellKind.NUMBER or cell.value is None:
        return None
    column = table.spec.column_spec(cell.column)
    if cell.value < 0 and not column.signed:
        detail = spec.negative
    elif _fractional_count(spec, cell) and not column.money:
        detail = spec.fraction
    else:
        return None
    raw = cell.raw.strip()
    return cell_hit(
        table, cell, value=cell.value, detail=fill(detail, raw=raw) if detail else EMPTY
    )


def _fractional_count(spec: Spec, cell: Cell) -> bool:
    """A number with a fractional part, written without a money unit, when fractions are judged."""
    value = cell.value
    if spec.fraction is None or value is None or cell.unit in spec.money_units:
        return False
    return value != value.to_integral_value()
