"""Builders for the cell kinds' tests: small reports as text, and tables built by hand.

Hand-built tables exercise a kind independently of the text mapper, e.g. a
BLANK cell, which HTML or docx input yields directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govcheck.load import decode
from govcheck.model import Cell, CellKind, Document, Table, TableStatus
from govcheck.parse import parse
from govcheck.parse.numbers import parse_cell
from govcheck.templates import load_template

COMMON: dict[str, Any] = {
    "id": "GC901",
    "name": "mine",
    "severity": "warning",
    "summary": {"zh": "摘要", "en": "summary"},
    "rationale": {"zh": "依据", "en": "basis"},
}

# A recognised F2021 report whose table 2 is filled from the keyword arguments
# of :func:`f2021_t2` (one cell per line, no blank lines).
F2021_T2 = """示例县交通运输局2022年政府信息公开工作年度报告
一、总体情况
本局依法公开政府信息。
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
{rules}
行政规范性文件
{normative}
第二十条第（五）项
信息内容
本年处理决定数量
行政许可
{license}
第二十条第（六）项
信息内容
本年处理决定数量
行政处罚
{penalty}
行政强制
{coercion}
第二十条第（八）项
信息内容
本年收费金额（单位：万元）
行政事业性收费
{fee}
三、收到和处理政府信息公开申请情况
"""
# Lines of the first cell of each row of F2021_T2 when every row has its numbers.
F2021_T2_LINES = {
    "rules": 11,
    "normative": 15,
    "license": 22,
    "penalty": 27,
    "coercion": 29,
    "fee": 34,
}


def document(text: str) -> Document:
    """Parse a report given as text."""
    return parse(decode(text.encode("utf-8"), "t.txt"))


def f2021_t2_text(**cells: str) -> str:
    """The F2021 table-2 report; a keyword replaces a row's values (newline-separated)."""
    rows = {"rules": "0\n0\n0", "normative": "2\n1\n7", "license": "214", "penalty": "17"}
    rows |= {"coercion": "2", "fee": "3.25"}
    return F2021_T2.format(**{**rows, **cells})


def f2021_t2(**cells: str) -> Document:
    """:func:`f2021_t2_text`, parsed."""
    return document(f2021_t2_text(**cells))


def table(template: str, table_id: str, raws: Mapping[tuple[str, str], str]) -> Table:
    """A read table of ``template`` whose every cell is ``0`` unless ``raws`` says otherwise.

    Cells get consecutive line numbers from 100 in template order, so a test
    can name a cell's line without counting.
    """
    spec = load_template(template).table_spec(table_id)
    assert spec is not None
    cells: dict[tuple[str, str], Cell] = {}
    keys = [(r.key, c) for r in spec.row for c in spec.row_columns(r)]
    for line, (row, column) in enumerate(keys, 100):
        raw = raws.get((row, column), "0")
        value = parse_cell(raw)
        kind, number, unit = (
            (value.kind, value.value, value.unit) if value else (CellKind.TEXT, None, "")
        )
        cells[(row, column)] = Cell(table_id, row, column, raw, kind, number, unit, line)
    return Table(spec, TableStatus.READ, 100, cells)


def line_of(table_: Table, row: str, column: str) -> int:
    """The line a hand-built cell was given."""
    cell = table_.cell(row, column)
    assert cell is not None
    return cell.line


def with_tables(template: str, *tables: Table) -> Document:
    """A recognised document of ``template`` holding exactly ``tables``."""
    spec = load_template(template)
    given = {t.spec.id: t for t in tables}
    absent = {
        t.id: Table(spec=t, status=TableStatus.ABSENT, line=0)
        for t in spec.table
        if t.id not in given
    }
    return Document(
        path="t.txt",
        lines=(),
        template=spec,
        year=2022 if template == "F2021" else 2020,
        title_line=1,
        issuer=None,
        date=None,
        sections=(),
        tables={**absent, **given},
        prose=(),
        recognised=True,
    )
