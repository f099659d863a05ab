"""Kind ``rulemaker``: only organs with rule-making power report 规章 in table 2.

Under the Legislation Law (立法法 Arts. 80, 82), 规章 are made by State Council
departments and by the people's governments of provinces and 设区的市. A
township, a county-level government or a department below the provincial level
that reports 规章 > 0 has most likely counted documents that are not 规章
(or re-published a higher organ's 规章), so the rule warns.

Who may make them is data: ``rulemakers`` (levels of organs with the power)
and ``department_localities`` (departments of these governments are not
flagged). The level comes from --issuer-level or from the issuer name; when
the name allows levels both with and without the power (淮安市人民政府: a
设区的市 or a 县级市), the rule is not assessable rather than guessing.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.kinds.common import anchor, column_name, readable_table, row_name, table_name
from govcheck.kinds.dating import check_notes, note
from govcheck.model import Cell, Document, IssuerLevel, Table
from govcheck.parse.issuer import Issuer, infer_issuer, with_option

_NOTES = {"uncertain": frozenset({"level", "level_source"})}


class Spec(RuleBase):
    kind: Literal["rulemaker"]
    table: str
    row: str
    rulemakers: frozenset[IssuerLevel] = Field(min_length=1)
    department_localities: frozenset[IssuerLevel] = frozenset()
    notes: dict[str, Localized]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"table", "row", "column", "value", "level", "level_source"}
    )

    @field_validator("notes")
    @classmethod
    def _known_notes(cls, value: dict[str, Localized]) -> dict[str, Localized]:
        return check_notes(value, _NOTES)

    def references(self) -> tuple[TableRef, ...]:
        """The row must exist in the table of every format."""
        return (TableRef(field="row", table=self.table, keys=(self.row,)),)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at each 规章 cell above 0 when no level the issuer may have can make 规章."""
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    cells = _row_cells(table, spec.row)
    positive = [c for c in cells if c is not None and c.number is not None and c.number > 0]
    if not positive:
        if any(c is None or c.number is None for c in cells):
            return Outcome.not_assessable(both("note.cells_missing"))
        return Outcome.of([])
    issuer = with_option(infer_issuer(doc.issuer), ctx.issuer_level)
    powers = may_make_rules(spec, issuer)
    if powers == {False}:
        return Outcome.of([_hit(table, cell, issuer) for cell in positive])
    if powers == {True}:
        return Outcome.of([])
    values = {"level": issuer.describe(), "level_source": issuer.source}
    return Outcome.not_assessable(note(spec.notes, "uncertain", **values))


def may_make_rules(spec: Spec, issuer: Issuer) -> set[bool]:
    """For each level (and place) the issuer may have: whether it can make 规章."""
    answers: set[bool] = set()
    for level in issuer.levels:
        if level is IssuerLevel.DEPARTMENT:
            answers |= {place in spec.department_localities for place in issuer.locality}
        else:
            answers.add(level in spec.rulemakers)
    return answers


def _row_cells(table: Table, row: str) -> list[Cell | None]:
    columns = table.spec.row_columns(table.spec.row_spec(row))
    return [table.cell(row, column) for column in columns]


def _hit(table: Table, cell: Cell, issuer: Issuer) -> Hit:
    values = {
        "table": table_name(table),
        "row": row_name(table, cell.row),
        "column": column_name(table, cell.column),
        "value": cell.raw.strip(),
        "level": issuer.describe(),
        "level_source": issuer.source,
    }
    return Hit(line=cell.line, values=values, anchor=anchor(cell))
