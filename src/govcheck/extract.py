"""``govcheck extract``: the cells of tables 2, 3 and 4 as data, one record per cell.

Assessors compare organs and years by the numbers in the tables, not by
findings. Each record names its report (path, issuer, year, format), its
place in the official format (table id and the template's row and column
keys: the stable key scheme of docs/extract.md) and its place in the source
(line, and the column where it is certain), with the cell as printed and as
a value. JSON keeps the files' table statuses too; CSV is one long table for
pandas, DuckDB or a spreadsheet.

The records come from the same parser as ``govcheck lint``: a table that the
parser cannot map onto the template yields no cells (its status says why),
never cells in guessed places.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from govcheck import __version__
from govcheck.api import Failure
from govcheck.errors import InputError
from govcheck.findings import ExitCode
from govcheck.i18n import Lang, text
from govcheck.kinds.common import anchor
from govcheck.load import SourceText, read_source, read_stdin
from govcheck.model import Cell, Document, Table, Token
from govcheck.output import refuse_inputs, write_atomic
from govcheck.parse import parse
from govcheck.paths import Target, expand_inputs, write_skipped
from govcheck.textsafe import csv_field, json_text, one_line


class ExtractFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class CellRecord:
    """One table cell; the field order is the CSV column order (docs/extract.md)."""

    path: str
    issuer: str | None
    year: int | None
    format: str | None
    table: str
    row: str
    column: str
    row_label: str
    column_label: str
    raw: str
    value: str | None
    unit: str
    kind: str
    line: int
    source_column: int | None
    # The semantic location (table.row.column): the key of findings' "cell" and of waivers.
    cell: str


FIELDS: tuple[str, ...] = tuple(CellRecord.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class TableRecord:
    """Whether a table was read; an unreadable or absent one has no cells."""

    table: str
    status: str
    line: int
    cells: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one report."""

    path: str
    issuer: str | None
    year: int | None
    format: str | None
    tables: tuple[TableRecord, ...]
    cells: tuple[CellRecord, ...]


def extract_document(doc: Document) -> Extraction:
    """The cells of every table of ``doc``, in template order: tables, rows, columns."""
    units = _units_by_line(doc.tokens)
    tables: list[TableRecord] = []
    cells: list[CellRecord] = []
    for table_id, table in doc.tables.items():
        found = [_record(doc, table, cell, units) for cell in _in_template_order(table)]
        tables.append(TableRecord(table_id, table.status.value, table.line, len(found)))
        cells.extend(found)
    return Extraction(doc.path, doc.issuer, doc.year, doc.format, tuple(tables), tuple(cells))


def extract_source(source: SourceText) -> Extraction:
    """Parse one loaded report and extract its cells."""
    return extract_document(parse(source))


def extract_targets(targets: Sequence[Target]) -> list[Extraction | Failure]:
    """Extract every input in order; an unreadable one becomes a :class:`Failure`."""
    out: list[Extraction | Failure] = []
    for target in targets:
        try:
            if target.path is None:
                source = read_stdin(target.display)
            else:
                source = read_source(target.path, target.display, target.vetted)
        except InputError as exc:
            out.append(Failure(target.display, exc.key, exc.values))
            continue
        out.append(extract_source(source))
    return out


def _in_template_order(table: Table) -> Iterable[Cell]:
    for row in table.spec.row:
        for column in table.spec.row_columns(row):
            cell = table.cell(row.key, column)
            if cell is not None:
                yield cell


def _record(doc: Document, table: Table, cell: Cell, units: dict[int, list[Token]]) -> CellRecord:
    return CellRecord(
        path=doc.path,
        issuer=doc.issuer,
        year=doc.year,
        format=doc.format,
        table=cell.table,
        row=cell.row,
        column=cell.column,
        row_label=table.spec.row_spec(cell.row).short,
        column_label=table.spec.column_spec(cell.column).short,
        raw=cell.raw,
        value=_plain(cell.value),
        unit=cell.unit,
        kind=cell.kind.value,
        line=cell.line,
        source_column=_source_column(cell, units),
        cell=anchor(cell),
    )


def _plain(value: Decimal | None) -> str | None:
    """A Decimal as a plain string (never exponent notation), so that no digit is lost."""
    return None if value is None else format(value, "f")


def _units_by_line(tokens: Iterable[Token]) -> dict[int, list[Token]]:
    units: defaultdict[int, list[Token]] = defaultdict(list)
    for token in tokens:
        units[token.line].append(token)
    return units


def _source_column(cell: Cell, units: dict[int, list[Token]]) -> int | None:
    """The cell's column on its line, when certain; None when its text repeats there.

    A cell keeps its line but not its column, so the column is recovered
    from the units on that line. On a flattened line a value such as 0 may
    occur many times; guessing which one would give a wrong position.
    """
    on_line = units.get(cell.line, [])
    if not cell.raw.strip():
        return 1 if not on_line else None  # a blank cell is an empty line
    same = [u for u in on_line if u.raw == cell.raw]
    if not same and _cut_from_its_line(cell, on_line):
        return cell.char_column
    return same[0].column if len(same) == 1 else None


def _cut_from_its_line(cell: Cell, on_line: list[Token]) -> bool:
    """Whether the cell was cut out of a row-per-line unit (tab or space row) at its column."""
    return any(
        u.column <= cell.char_column and u.raw[cell.char_column - u.column :].startswith(cell.raw)
        for u in on_line
    )


def render_json(extractions: Sequence[Extraction], out: TextIO) -> None:
    """The files with their table statuses, then every cell (docs/extract.md).

    Written through :func:`~govcheck.textsafe.json_text`, as ``govcheck lint
    --format json`` is: valid UTF-8 whatever the file names, no raw controls.
    """
    data: dict[str, Any] = {
        "govcheck": __version__,
        "files": [
            {
                "path": e.path,
                "issuer": e.issuer,
                "year": e.year,
                "format": e.format,
                "tables": [asdict(t) for t in e.tables],
            }
            for e in extractions
        ],
        "cells": [asdict(c) for e in extractions for c in e.cells],
    }
    out.write(json_text(json.dumps(data, ensure_ascii=False, indent=2)))
    out.write("\n")


def render_csv(extractions: Sequence[Extraction], out: TextIO) -> None:
    """One header line, then one line per cell; empty fields for null values.

    Every field goes through :func:`~govcheck.textsafe.csv_field`: a cell,
    issuer or path such as ``=HYPERLINK(…)`` is shown by a spreadsheet as the
    text it is, never run as a formula.
    """
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for extraction in extractions:
        writer.writerows(
            {key: csv_field(value) for key, value in asdict(c).items()} for c in extraction.cells
        )


_RENDER = {ExtractFormat.JSON: render_json, ExtractFormat.CSV: render_csv}


def execute(
    paths: Sequence[str],
    output_format: ExtractFormat,
    stdout: TextIO,
    stderr: TextIO,
    *,
    exclude: Sequence[str] = (),
    stdin_filename: str = "-",
    output: Path | None = None,
    lang: Lang = "zh",
    follow_links: bool = False,
) -> ExitCode:
    """Extract the inputs and write them; exit code 2 when an input could not be read."""
    inputs = expand_inputs(paths, exclude, stdin_filename, follow_links)
    if output is not None:
        refuse_inputs(output, [t.path for t in inputs.targets if t.path is not None])
    write_skipped(inputs.skipped, lang, stderr)
    outcomes = extract_targets(inputs.targets)
    failures = [o for o in outcomes if isinstance(o, Failure)]
    for failure in failures:
        stderr.write(one_line(text(failure.key, lang, **failure.values)) + "\n")
    buffer = io.StringIO()
    _RENDER[output_format]([o for o in outcomes if isinstance(o, Extraction)], buffer)
    if output is not None:
        write_atomic(output, buffer.getvalue())
    else:
        stdout.write(buffer.getvalue())
    return ExitCode.USAGE if failures else ExitCode.OK
