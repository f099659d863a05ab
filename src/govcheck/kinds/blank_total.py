"""Kind ``blank_total``: totals left blank while their parts hold figures (spec §5 D07).

A blank total whose parts are not all 0 means the report states no total
there: an error of its own, not an arithmetic one (the identity cannot be
wrong about a figure that is not given). All blank totals of a table are one
finding, which gives, for each total that hides a figure, the sum of its
filled parts: the value the clerk should enter.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, TableRef
from govcheck.i18n import Text
from govcheck.kinds.blanks import (
    SHOW_CELLS,
    BlankTotal,
    Group,
    Total,
    cell_name,
    group,
    stated_totals_missing,
    where,
)
from govcheck.kinds.cell_support import readable_tables
from govcheck.kinds.common import anchor, table_name
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Document, Table


class Spec(RuleBase):
    kind: Literal["blank_total"]
    totals: tuple[Total, ...]
    in_column: Localized
    in_row: Localized
    item: Localized
    rest: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"table", "where", "count", "items", "rest"})

    @field_validator("in_column", "in_row")
    @classmethod
    def _where_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"name"}))

    @field_validator("item")
    @classmethod
    def _item_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"cell", "parts"}))

    @field_validator("rest")
    @classmethod
    def _rest_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"count"}))

    def references(self) -> tuple[TableRef, ...]:
        """Every key a total names must exist in its table."""
        return tuple(
            TableRef(field="totals", table=t.table, keys=(t.total, *t.over)) for t in self.totals
        )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per table whose blank totals hide a figure."""
    found = readable_tables(doc, tuple(dict.fromkeys(t.table for t in spec.totals)))
    hits = [hit for table in found.tables if (hit := _table_hit(spec, table)) is not None]
    return Outcome.of(hits, found.unassessed)


def _table_hit(spec: Spec, table: Table) -> Hit | None:
    owned = stated_totals_missing(table, spec.totals)
    blanks = group(b.cell for b in owned)
    if blanks is None:
        return None
    hiding = [b for b in owned if b.parts != 0]
    zero = len(owned) - len(hiding)
    return Hit(
        line=blanks.first.line,
        column=blanks.first.char_column,
        related=blanks.related(),
        anchor=anchor(blanks.first),
        values={
            "table": table_name(table),
            "where": where(table, blanks, spec.in_column, spec.in_row),
            "count": len(owned),
            "items": _items(spec, table, blanks, hiding),
            "rest": fill(spec.rest, count=zero) if zero else Text("", ""),
        },
    )


def _items(spec: Spec, table: Table, blanks: Group, hiding: list[BlankTotal]) -> Text:
    """``予以公开为空，各项之和为 8；…``: each total that hides a figure, with its parts' sum."""
    items = [
        fill(spec.item, cell=cell_name(table, blanks, b.cell), parts=b.parts)
        for b in hiding[:SHOW_CELLS]
    ]
    more = f" (+{len(hiding) - SHOW_CELLS})" if len(hiding) > SHOW_CELLS else ""
    return Text("；".join(i.zh for i in items) + more, "; ".join(i.en for i in items) + more)
