"""Builders for the cross-year kinds' tests: pairs of documents built by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from govcheck.engine.base import Context
from govcheck.model import Document, Table, TableStatus
from tests.kinds.cell_report import table, with_tables


def report(
    template: str, year: int, table_id: str, raws: Mapping[tuple[str, str], str] | None = None
) -> Document:
    """A recognised report of ``year`` holding one hand-built table (cells on lines 100…)."""
    return replace(with_tables(template, table(template, table_id, raws or {})), year=year)


def unreadable(doc: Document, table_id: str) -> Document:
    """``doc`` with ``table_id`` marked as unreadable."""
    found = doc.tables[table_id]
    broken = Table(spec=found.spec, status=TableStatus.UNREADABLE, line=found.line)
    return replace(doc, tables={**doc.tables, table_id: broken})


def after(previous: Document) -> Context:
    """The run context of a report whose previous year's report is ``previous``."""
    return Context(previous=previous)
