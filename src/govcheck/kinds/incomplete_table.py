"""Kind ``incomplete_table``: a table, or rows of it, is missing.

The formats fix how many numbers each table holds (table 2: 22 in F2019, 10
in F2021; table 3: 161 / 175; table 4: 15). Two defects are reported here:

- the section's heading is present but its table is not (often the table was
  pasted as an image, or dropped): reported at the section heading;
- the table was read, but whole template rows are absent: reported at the
  table's first line, naming the rows.

A table whose numbers do not fit its rows is *unreadable*; that is GC003's
finding, and this kind calls itself not assessable for it. So it does when a
table's rows are missing but it also holds numbers under no row label (GC003
again): those numbers may be the missing rows, printed under a label split
over lines or under one F2019-style row (（六）其他处理 without its three
sub-rows). One root cause is one finding; the note names the rows not found. An absent table is
also not assessable when the report still shows table-like lines of it
anywhere (a header or row label on a line that is not a sentence): the table
is probably there, in a shape the parser cannot read (markdown rows) or in
another place (some organs print all tables after section 六), and calling
it missing would be a false alarm.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.i18n import Text, both
from govcheck.kinds.common import row_name, table_name
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Document, Section, Table, TableStatus
from govcheck.parse.normalize import norm_label
from govcheck.templates import TableSpec

# Missing rows named in a message; more are counted, not listed.
_SHOWN_ROWS = 6
# Labels this short (规章, 其他, 总计) also occur in headings and prose; they are
# not taken as evidence that a table is present.
_MIN_TRACE_LABEL = 4
# A sentence ends with this; a table cell or label line does not.
_FULL_STOP = "\u3002"
# Table problems (GC003) that leave numbers under no row: they may be a missing row's.
_STRAY = frozenset({"table.stray_values", "table.no_labels", "table.value_count"})


class Spec(RuleBase):
    kind: Literal["incomplete_table"]
    tables: tuple[str, ...] = Field(min_length=1)
    absent: Localized
    rows: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"detail", "table", "needed", "found"})

    @field_validator("absent")
    @classmethod
    def _absent_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"table", "number", "title"}))

    @field_validator("rows")
    @classmethod
    def _rows_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"table", "count", "rows"}))

    def references(self) -> tuple[TableRef, ...]:
        """Every listed table must exist in the template."""
        return tuple(TableRef(field="tables", table=t) for t in self.tables)


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per absent table or per table with missing rows."""
    if doc.template is None:
        return Outcome.not_assessable(both("note.no_format"))
    hits: list[Hit] = []
    unassessed: Text | None = None
    for table_id in spec.tables:
        table = doc.table(table_id)
        if table is None:
            continue
        section = doc.section(table.spec.section)
        if _unsure(doc, table, section):
            unassessed = both("note.table_unreadable", table=table_name(table))
            continue
        if table.missing_rows and _stray_numbers(table):
            unassessed = both("note.rows_unplaced", table=table_name(table), rows=_row_list(table))
            continue
        hit = _check(spec, table, section)
        if hit:
            hits.append(hit)
    return Outcome.of(hits, unassessed)


def _unsure(doc: Document, table: Table, section: Section | None) -> bool:
    """Unreadable (GC003's), or absent from its section while table lines show elsewhere."""
    if table.status is TableStatus.UNREADABLE:
        return True
    absent = table.status is TableStatus.ABSENT
    return absent and section is not None and _has_traces(doc, table.spec)


def _stray_numbers(table: Table) -> bool:
    """Whether GC003 reports numbers of the table that stand under no row label."""
    return any(p.key in _STRAY for p in table.problems)


def needed(table: TableSpec) -> int:
    """How many numbers the format requires in ``table``."""
    return sum(len(table.row_columns(row)) for row in table.row)


def _check(spec: Spec, table: Table, section: Section | None) -> Hit | None:
    """The hit for an absent table under a present heading, or for missing rows."""
    values: dict[str, object] = {
        "table": table_name(table),
        "needed": needed(table.spec),
        "found": len(table.cells),
    }
    if table.status is TableStatus.ABSENT:
        if section is None:  # the whole section is missing: GC101 reports it
            return None
        title = Text(section.spec.title, section.spec.title_en)
        detail = fill(spec.absent, table=values["table"], number=section.spec.number, title=title)
        return Hit(line=section.line, values={**values, "detail": detail}, anchor=table.spec.id)
    if not table.missing_rows:
        return None
    detail = fill(
        spec.rows,
        table=values["table"],
        count=len(table.missing_rows),
        rows=_row_list(table),
    )
    return Hit(line=table.line, values={**values, "detail": detail}, anchor=table.spec.id)


def _row_list(table: Table) -> Text:
    """The missing rows' short names, the first few of them, in both languages."""
    names = [row_name(table, key) for key in table.missing_rows]
    shown, rest = names[:_SHOWN_ROWS], len(names) - _SHOWN_ROWS
    more = f" (+{rest})" if rest > 0 else ""
    zh = " / ".join(n.zh for n in shown) + more
    en = " / ".join(n.en for n in shown) + more
    return Text(zh, en)


def _has_traces(doc: Document, table: TableSpec) -> bool:
    """Whether some non-sentence line outside the tables names one of its labels."""
    labels = {
        norm_label(label)
        for label in (
            *table.headers,
            *table.groups,
            *(c.label for c in table.column),
            *(label for row in table.row for label in row.labels),
        )
    }
    strong = [label for label in labels if len(label) >= _MIN_TRACE_LABEL]
    headings = {s.line for s in doc.sections} | {doc.title_line}
    for token in doc.prose:
        if token.line in headings:  # 四、…行政复议、行政诉讼情况 names table 4's labels
            continue
        text = norm_label(token.raw)
        if _FULL_STOP not in text and any(label in text for label in strong):
            return True
    return False
