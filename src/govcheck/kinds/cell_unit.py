"""Kind ``cell_unit``: a unit that does not fit its column, or an amount too large to be real.

F2021's 本年收费金额 is printed with its unit in the header (单位：万元), so a
figure written with 元 is off by a factor of 10 000, and a plain figure of
a size no non-provincial organ collects was most likely copied in 元 (spec
§5 D18). F2019's 采购总金额 has no fixed unit: 元 and 万元 are both fine there.
Count columns may carry a measure word (85个) but never a currency.

The units are data: ``count_units`` for count columns, ``money_units`` per
format for the template's ``money`` columns. A magnitude is only judged
where ``max_amount`` gives a limit for the format and for every level the
issuer may have (from its name, or ``--issuer-level``); a department is
judged by its government's level, and ``unknown`` applies when nothing
narrows the level. A possible level without a limit (a province, a State
Council department) means no amount is flagged: the limit is never guessed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.kinds.cell_support import cell_hit, readable_tables
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Cell, CellKind, Document, IssuerLevel, Table
from govcheck.parse.issuer import infer_issuer, with_option

UNKNOWN_LEVEL = "unknown"


class Spec(RuleBase):
    kind: Literal["cell_unit"]
    tables: tuple[str, ...]
    count_units: tuple[str, ...]
    money_units: dict[str, tuple[str, ...]]
    max_amount: dict[str, dict[str, Decimal]] = Field(default_factory=dict)
    wrong_unit: Localized
    too_large: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"table", "row", "column", "raw", "detail"})

    @field_validator("wrong_unit")
    @classmethod
    def _wrong_unit_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"unit", "allowed"}))

    @field_validator("too_large")
    @classmethod
    def _too_large_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"limit"}))

    @model_validator(mode="after")
    def _known_formats_and_levels(self) -> Spec:
        """Money units for every format; limits only for known formats and levels."""
        missing = [f for f in self.formats if f not in self.money_units]
        if missing:
            raise ValueError(f"money_units: no units for {missing[0]}")
        stray = sorted((set(self.money_units) | set(self.max_amount)) - set(self.formats))
        if stray:
            raise ValueError(f"{stray[0]!r} is not one of the rule's formats")
        levels = {level.value for level in IssuerLevel} | {UNKNOWN_LEVEL}
        for format_id, limits in self.max_amount.items():
            unknown = sorted(set(limits) - levels)
            if unknown:
                raise ValueError(f"max_amount.{format_id}: unknown issuer level {unknown[0]!r}")
        return self

    def references(self) -> tuple[TableRef, ...]:
        """Every listed table must exist in the template."""
        return tuple(TableRef(field="tables", table=t) for t in self.tables)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per number with a foreign unit or, in a money column, above the limit."""
    found = readable_tables(doc, spec.tables)
    format_id = doc.template.id if doc.template else ""
    limit = _limit(spec.max_amount.get(format_id, {}), doc, ctx)
    money_units = spec.money_units.get(format_id, ())
    hits: list[Hit] = []
    for table in found.tables:
        money_columns = {c.key for c in table.spec.column if c.money}
        for cell in table.cells.values():
            if cell.kind is not CellKind.NUMBER or cell.value is None:
                continue
            money = cell.column in money_columns
            hit = _unit_hit(spec, table, cell, money_units if money else spec.count_units)
            if hit is None and money and limit is not None and cell.value >= limit:
                hit = cell_hit(table, cell, detail=fill(spec.too_large, limit=limit))
            if hit is not None:
                hits.append(hit)
    return Outcome.of(hits, found.unassessed)


def _limit(limits: dict[str, Decimal], doc: Document, ctx: Context) -> Decimal | None:
    """The largest limit over the levels the issuer may have; None if one has no limit."""
    if not limits:
        return None
    issuer = with_option(infer_issuer(doc.issuer), ctx.issuer_level)
    if not issuer.known:
        return limits.get(UNKNOWN_LEVEL)
    keys = {
        scale.value
        for level in issuer.levels
        for scale in (issuer.locality if level is IssuerLevel.DEPARTMENT else {level})
    }
    found = [limits.get(key) for key in keys]
    known = [limit for limit in found if limit is not None]
    return max(known) if known and len(known) == len(found) else None


def _unit_hit(spec: Spec, table: Table, cell: Cell, allowed: tuple[str, ...]) -> Hit | None:
    """A hit when the cell carries a unit its column does not accept (no unit is always fine)."""
    if not cell.unit or cell.unit in allowed:
        return None
    detail = fill(spec.wrong_unit, unit=cell.unit, allowed=" / ".join(allowed))
    return cell_hit(table, cell, detail=detail)
