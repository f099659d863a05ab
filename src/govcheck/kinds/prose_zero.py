"""Kind ``prose_zero``: prose that says "none" must agree with a table cell of 0.

Example: 我街道未收到政府信息公开申请 while table 3's 本年新收 总计 is 2. Every
matching sentence is reported, at the prose line, with the table cell's line
as related location.
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import field_validator

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef, compile_patterns
from govcheck.i18n import Text, both
from govcheck.kinds.common import anchor, column_name, readable_table, row_name, table_name
from govcheck.kinds.prose_claims import (
    RowTotal,
    blank_total_refs,
    render_sum,
    resolve,
    total,
)
from govcheck.model import Document


class Spec(RuleBase):
    kind: Literal["prose_zero"]
    patterns: tuple[str, ...]
    table: str
    row: str
    column: str
    # A blank total column is read as the columns it sums (总计 = the applicant columns).
    blank_totals: tuple[RowTotal, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"claim", "value", "table", "row", "column"})

    @field_validator("patterns")
    @classmethod
    def _valid_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return compile_patterns(value)

    def references(self) -> tuple[TableRef, ...]:
        """The row and the column must exist in the table."""
        return (
            TableRef(field="row", table=self.table, keys=(self.row,)),
            TableRef(field="column", table=self.table, keys=(self.column,)),
            *blank_total_refs(self.table, self.blank_totals),
        )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at each prose claim of "none" when the cell is not 0."""
    regexes = [re.compile(p) for p in spec.patterns]
    claims = [
        (token, match.group(0))
        for token in doc.prose
        for match in (r.search(token.norm) for r in regexes)
        if match
    ]
    if not claims:
        return Outcome.of([])
    table = readable_table(doc, spec.table)
    if isinstance(table, Text):
        return Outcome.not_assessable(table)
    cells = resolve(table, [f"{spec.row}.{spec.column}"], spec.blank_totals)
    if cells is None:
        return Outcome.not_assessable(both("note.cells_missing"))
    if total(cells) == 0:
        return Outcome.of([])
    # A blank total read through its parts shows them, never the blank.
    cell, value = cells[0], render_sum(table, cells) if len(cells) > 1 else cells[0].raw.strip()
    seen: set[int] = set()
    hits = []
    for token, claim in claims:
        if token.line in seen:
            continue
        seen.add(token.line)
        values = {
            "claim": claim,
            "value": value,
            "table": table_name(table),
            "row": row_name(table, spec.row),
            "column": column_name(table, spec.column),
        }
        related = tuple(sorted({c.line for c in cells}))
        hits.append(Hit(line=token.line, values=values, related=related, anchor=anchor(cell)))
    return Outcome.of(hits)
