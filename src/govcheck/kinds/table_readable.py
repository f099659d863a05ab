"""Kind ``table_readable``: a table that is present can be mapped to its template.

One hit per table with rows that could not be read, whether the rest of the
table was read (partial) or not: either way some of its cells went unchecked.
A crawled page's table 2 or a fragmented conversion leaves many rows unread
for one reason, so the hit quotes the first and names the others, whose
lines are its related lines (one root cause, one finding).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.model import Document, TableProblem, TableStatus

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
        if table.problems:
            hits.append(_hit(table_id, table.problems))
    return Outcome.of(hits)


def _hit(table_id: str, problems: tuple[TableProblem, ...]) -> Hit:
    """The table's first problem, quoted, and the rows of the others named."""
    first, rest = problems[0], problems[1:]
    detail = both(first.key, **first.values)
    if rest:
        rows = [str(p.values["row"]) for p in rest if isinstance(p.values.get("row"), str)]
        more = both(
            "table.more_problems",
            count=len(rest),
            rows=Text("、".join(rows) or "—", ", ".join(rows) or "—"),
        )
        detail = Text(detail.zh + more.zh, detail.en + more.en)
    return Hit(
        line=first.line,
        column=first.column,
        related=tuple(sorted({p.line for p in rest} - {first.line})),
        values={"table": first.values["table"], "detail": detail},
        anchor=table_id,
    )
