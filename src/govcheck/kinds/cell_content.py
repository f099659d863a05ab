"""Kind ``cell_content``: a numeric cell that holds no number (blank, placeholder or text).

The formats want a number in every cell, 0 when there is nothing to report
(spec §5 D06, D08; §6.2). Arithmetic never reads such a cell as 0 (see
kinds.blanks), so these cells are reported separately, here. The built-in
pack reports blanks with the grouped ``blank_cells`` kind (GC401).

A blank matters more where it hides part of a total (D07): when the cell is
a total whose parts are not all 0, or a part of a total that is not 0, the
reader cannot tell whether the blank means 0 or a lost figure. The optional
``escalation`` names those totals and the severity such a blank gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.findings import Severity
from govcheck.i18n import Text
from govcheck.kinds.cell_support import EMPTY, cell_hit, readable_tables
from govcheck.kinds.common import column_name, row_name
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Cell, CellKind, Document, Table

_CONTENT = {"blank": CellKind.BLANK, "placeholder": CellKind.PLACEHOLDER, "text": CellKind.TEXT}


class Total(BaseModel):
    """A total: per row, (r, total) = Σ (r, over); per column, (total, c) = Σ (over, c)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    table: str
    each: Literal["row", "column"]
    total: str
    over: tuple[str, ...]


class Escalation(BaseModel):
    """When a cell sits in a total with a non-zero figure: a higher severity and a note."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    severity: Severity
    totals: tuple[Total, ...]
    note: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"other", "value"})

    @field_validator("note")
    @classmethod
    def _known_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, cls.PLACEHOLDERS)


class Spec(RuleBase):
    kind: Literal["cell_content"]
    tables: tuple[str, ...]
    content: Literal["blank", "placeholder", "text"]
    escalation: Escalation | None = None

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"table", "row", "column", "raw", "escalation"}
    )

    def references(self) -> tuple[TableRef, ...]:
        """The tables, and every key a total names, must exist in the template."""
        refs = [TableRef(field="tables", table=t) for t in self.tables]
        for total in self.escalation.totals if self.escalation else ():
            keys = (total.total, *total.over)
            refs.append(TableRef(field="escalation", table=total.table, keys=keys))
        return tuple(refs)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per cell of the wanted content; escalated where a total is at stake."""
    wanted = _CONTENT[spec.content]
    found = readable_tables(doc, spec.tables)
    hits = [
        _hit(spec, table, cell)
        for table in found.tables
        for cell in table.cells.values()
        if cell.kind is wanted
    ]
    return Outcome.of(hits, found.unassessed)


def _hit(spec: Spec, table: Table, cell: Cell) -> Hit:
    other = _nonzero_partner(spec.escalation, table, cell) if spec.escalation else None
    if spec.escalation is None or other is None:
        return cell_hit(table, cell, escalation=EMPTY)
    name = Text(
        f"{row_name(table, other.row).zh} / {column_name(table, other.column).zh}",
        f"{row_name(table, other.row).en} / {column_name(table, other.column).en}",
    )
    note = fill(spec.escalation.note, other=name, value=other.raw.strip())
    return cell_hit(
        table, cell, severity=spec.escalation.severity, related=(other.line,), escalation=note
    )


def _nonzero_partner(escalation: Escalation, table: Table, cell: Cell) -> Cell | None:
    """A non-zero cell of a total that ``cell`` belongs to (as part or as the total)."""
    for partner in _partners(escalation, table, cell):
        number = partner.number
        if number is not None and number != 0:
            return partner
    return None


def _partners(escalation: Escalation, table: Table, cell: Cell) -> Iterator[Cell]:
    """The other cells of every total ``cell`` is in: its total, or its parts if it is one."""
    for total in escalation.totals:
        if total.table != table.spec.id:
            continue
        over = table.spec.expand(total.over)
        own, across = (cell.row, cell.column) if total.each == "row" else (cell.column, cell.row)
        if across == total.total:
            keys: tuple[str, ...] = over
        elif across in over:
            keys = (total.total,)
        else:
            continue
        for key in keys:
            partner = table.cell(own, key) if total.each == "row" else table.cell(key, own)
            if partner is not None:
                yield partner
