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
from govcheck.model import Document


class Spec(RuleBase):
    kind: Literal["prose_zero"]
    patterns: tuple[str, ...]
    table: str
    row: str
    column: str

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
    cell = table.cell(spec.row, spec.column)
    if cell is None or cell.number is None:
        return Outcome.not_assessable(both("note.cells_missing"))
    if cell.number == 0:
        return Outcome.of([])
    seen: set[int] = set()
    hits = []
    for token, claim in claims:
        if token.line in seen:
            continue
        seen.add(token.line)
        values = {
            "claim": claim,
            "value": cell.raw.strip(),
            "table": table_name(table),
            "row": row_name(table, spec.row),
            "column": column_name(table, spec.column),
        }
        hits.append(Hit(line=token.line, values=values, related=(cell.line,), anchor=anchor(cell)))
    return Outcome.of(hits)
