"""Helpers shared by the kinds: locating tables and describing cells."""

from __future__ import annotations

from govcheck.i18n import Text, both
from govcheck.model import Cell, Document, Table, TableStatus


def readable_table(doc: Document, table_id: str) -> Table | Text:
    """The table if its cells (all, or those of its rows that were read) could be mapped.

    Otherwise the reason it cannot be assessed. A partial table is returned:
    a rule over it finds the unread rows' cells missing and says so.
    """
    if doc.template is None:
        return both("note.no_format")
    table = doc.table(table_id)
    if table is None:
        return both("note.no_format")
    if table.status is TableStatus.UNREADABLE:
        return both("note.table_unreadable", table=_name(table))
    if table.status is TableStatus.ABSENT:
        return both("note.table_absent", table=_name(table))
    return table


def _name(table: Table) -> Text:
    return Text(table.spec.name, table.spec.name_en)


def table_name(table: Table) -> Text:
    """The table's display name in both languages."""
    return _name(table)


def row_name(table: Table, row: str) -> Text:
    """A row's short display name in both languages."""
    spec = table.spec.row_spec(row)
    return Text(spec.short, spec.short_en)


def column_name(table: Table, column: str) -> Text:
    """A column's short display name in both languages."""
    spec = table.spec.column_spec(column)
    return Text(spec.short, spec.short_en)


def anchor(cell: Cell) -> str:
    """The semantic location of a cell: ``t3.new.np``."""
    return f"{cell.table}.{cell.row}.{cell.column}"
