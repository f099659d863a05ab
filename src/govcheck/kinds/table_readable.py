"""Kind ``table_readable``: a table that is present can be mapped to its template.

One hit per row (or table) that could not be read, whether the rest of the
table was read (partial) or not: either way some of its cells went unchecked.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.i18n import both
from govcheck.model import Document, TableStatus

# A partial table's unread rows are as unchecked as an unreadable table's.
_UNCHECKED = (TableStatus.UNREADABLE, TableStatus.PARTIAL)


class Spec(RuleBase):
    kind: Literal["table_readable"]
    tables: tuple[str, ...]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"table", "detail"})

    def references(self) -> tuple[TableRef, ...]:
        """Every listed table must exist in the template."""
        return tuple(TableRef(field="tables", table=t) for t in self.tables)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per reason a table could not be mapped."""
    if doc.template is None:
        return Outcome.not_assessable(both("note.no_format"))
    hits = []
    for table_id in spec.tables:
        table = doc.table(table_id)
        if table is None or table.status not in _UNCHECKED:
            continue
        for problem in table.problems:
            values = {
                "table": problem.values["table"],
                "detail": both(problem.key, **problem.values),
            }
            hits.append(
                Hit(line=problem.line, values=values, anchor=table_id, column=problem.column)
            )
    return Outcome.of(hits)
