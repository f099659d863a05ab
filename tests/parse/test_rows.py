"""The table reader on every row shape: tab rows, space rows, pipe rows, wrapped labels.

Each case is a small section of table lines; the cells it must give are
written out, and where the layout leaves doubt the row must stay unread.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from govcheck.load import decode
from govcheck.load.markdown import load as load_markdown
from govcheck.model import CellKind, Table, TableStatus, Token
from govcheck.parse import parse, source_tokens, tokenize
from govcheck.parse.numbers import parse_cell
from govcheck.parse.rows import split_rows
from govcheck.parse.tables import parse_table
from govcheck.templates import load_template

N = CellKind.NUMBER
DENY1 = "1.属于国家秘密"


def table_of(text: str, table: str = "t3", template: str = "F2021") -> Table:
    spec = load_template(template).table_spec(table)
    assert spec is not None
    return parse_table(spec, tokenize(text.split("\n"))).table


def row(table: Table, key: str) -> list[tuple[CellKind, Decimal | None]]:
    columns = table.spec.row_columns(table.spec.row_spec(key))
    found = [table.cell(key, c) for c in columns]
    return [(c.kind, c.value) if c else (CellKind.TEXT, None) for c in found]


def numbers(*values: int) -> list[tuple[CellKind, Decimal | None]]:
    return [(N, Decimal(v)) for v in values]


def test_split_rows_keeps_empty_tab_cells_and_where_each_cell_starts() -> None:
    [token] = tokenize(["\t\t2.重复申请\t1\t0"])
    cells, cut = split_rows([token], lambda _: False)
    assert [(t.raw, t.column) for t in cells] == [
        ("", 1),
        ("", 2),
        ("2.重复申请", 3),
        ("1", 10),
        ("0", 12),
    ]
    assert cut == [token]


def test_split_rows_leaves_prose_with_double_spaces_whole() -> None:
    tokens = tokenize(["本年度  我局认真贯彻落实条例要求"])
    cells, cut = split_rows(tokens, lambda _: False)
    assert cells == list(tokens) and cut == []


def test_space_row_cells_and_columns() -> None:
    [token] = tokenize(["  （七）总计   10   3   1"])
    cells, _ = split_rows([token], lambda _: False)
    assert [(t.raw, t.column) for t in cells] == [
        ("（七）总计", 3),
        ("10", 11),
        ("3", 16),
        ("1", 20),
    ]


def test_tab_rows_with_merged_group_cells_read_every_row() -> None:
    text = "\n".join(
        [
            "（一）予以公开\t5\t1\t1\t0\t1\t0\t8",
            f"（三）不予公开\t{DENY1}\t0\t0\t0\t0\t0\t0\t0",
            "\t2.其他法律行政法规禁止公开\t1\t0\t0\t0\t0\t0\t1",
        ]
    )
    table = table_of(text)
    assert table.status is TableStatus.READ
    assert row(table, "open") == numbers(5, 1, 1, 0, 1, 0, 8)
    assert row(table, "deny2") == numbers(1, 0, 0, 0, 0, 0, 1)
    assert table.cell("deny2", "np") is not None and table.cell("deny2", "np").char_column == 17


def test_a_blank_tab_cell_is_blank_never_zero() -> None:
    table = table_of("（一）予以公开\t5\t\t1\t0\t1\t0\t7")
    assert row(table, "open")[1] == (CellKind.BLANK, None)


@pytest.mark.parametrize("blank", ["", "—", "/", "&nbsp;"])
def test_blank_and_placeholder_cells_have_no_value(blank: str) -> None:
    value = parse_cell(blank)
    assert value is not None and value.kind in (CellKind.BLANK, CellKind.PLACEHOLDER)
    assert value.value is None


def test_a_space_row_short_of_numbers_is_unread_and_quoted() -> None:
    text = (
        "一、本年新收政府信息公开申请数量  11  2  1  1  0  15\n（一）予以公开  5  1  1  0  1  0  8"
    )
    table = table_of(text)
    assert table.status is TableStatus.PARTIAL
    assert table.unread_rows == ("new",)
    assert row(table, "open") == numbers(5, 1, 1, 0, 1, 0, 8)
    (problem,) = table.problems
    assert (problem.key, problem.values["found"], problem.values["values"]) == (
        "table.row_count",
        6,
        "11 2 1 1 0 15",
    )


def test_label_on_one_line_numbers_on_the_next() -> None:
    table = table_of("（一）予以公开\n5  1  1  0  1  0  8")
    assert row(table, "open") == numbers(5, 1, 1, 0, 1, 0, 8)


def test_a_label_wrapped_over_two_lines() -> None:
    text = "（二）部分公开（区分处理的，只计这一\n情形，不计其他情形）\n1\n0\n0\n0\n0\n0\n1"
    table = table_of(text)
    assert table.status is TableStatus.READ
    assert row(table, "partial") == numbers(1, 0, 0, 0, 0, 0, 1)


def test_a_wrapped_label_tail_below_the_numbers() -> None:
    text = (
        "（二）部分公开（区分处理的，只计这一情形，  1  0  0  0  0  0  1\n"
        "不计其他情形）\n"
        "（七）总计  1  0  0  0  0  0  1"
    )
    table = table_of(text)
    assert table.status is TableStatus.READ
    assert row(table, "partial") == numbers(1, 0, 0, 0, 0, 0, 1)


def test_a_group_label_sharing_the_cell_of_its_first_item() -> None:
    table = table_of(f"（三）不予公开 {DENY1}\n0\n1\n0\n0\n0\n0\n1")
    assert row(table, "deny1") == numbers(0, 1, 0, 0, 0, 0, 1)


def test_a_row_label_without_its_ordinal_after_a_caption_naming_the_row() -> None:
    text = "（一）予以公开\n类别\n予以公开\n5\n1\n1\n0\n1\n0\n8"
    table = table_of(text)
    assert table.status is TableStatus.READ
    assert row(table, "open") == numbers(5, 1, 1, 0, 1, 0, 8)


def test_a_unit_is_never_a_text_cell() -> None:
    table = table_of("政府集中采购\n13575394432.52\n元", table="t2", template="F2019")
    assert table.status is TableStatus.UNREADABLE
    assert [p.key for p in table.problems] == ["table.row_count"]


def test_markdown_rows_with_trailing_empty_cells_and_nbsp() -> None:
    md = "\n".join(
        [
            "二、主动公开政府信息情况",
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            "|---|---|---|---|",
            "| 规章 | 0 | &nbsp; | 0 |",
            "| 行政许可 | 236 |  |  |",
        ]
    )
    source = load_markdown(md.encode("utf-8"), "r.md")
    spec = load_template("F2021").table_spec("t2")
    assert spec is not None
    tokens = [t for t in source_tokens(source) if t.line > 1]
    table = parse_table(spec, tokens).table
    assert table.cell("rules", "repealed") is not None
    assert table.cell("rules", "repealed").kind is CellKind.BLANK
    assert table.cell("license", "decisions").value == Decimal(236)
    assert table.status is TableStatus.READ


def test_header_rows_in_row_forms_are_headers() -> None:
    text = "\t\t\t自然人\t法人或其他组织\t总计\n（一）予以公开\t5\t1\t1\t0\t1\t0\t8"
    table = table_of(text)
    assert table.status is TableStatus.READ and len(table.cells) == 7


def test_the_whole_document_keeps_row_lines_out_of_prose() -> None:
    text = "\n".join(
        [
            "示例县2023年政府信息公开工作年度报告",
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
            "  （一）予以公开   5   1   1   0   1   0   8",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    )
    doc = parse(decode(text.encode("utf-8"), "r.txt"))
    assert all(t.line != 4 for t in doc.prose)
    assert isinstance(doc.tokens[0], Token)


def test_numbers_without_a_row_label_are_a_problem_and_the_rows_stay_read() -> None:
    text = "（一）予以公开\t5\t1\t1\t0\t1\t0\t8\n（六）其他处理\t1\t0\t0\t0\t0\t0\t1"
    table = table_of(text)
    assert table.status is TableStatus.PARTIAL
    assert row(table, "open") == numbers(5, 1, 1, 0, 1, 0, 8)
    (problem,) = table.problems
    assert (problem.key, problem.line, problem.values["count"]) == ("table.stray_values", 2, 7)
    assert problem.values["values"] == "1 0 0 0 0 0 1"


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("行政许可 97", [("行政许可", 1), ("97", 6)]),
        ("1. 属于国家秘密 0 1", [("1. 属于国家秘密", 1), ("0", 11), ("1", 13)]),
    ],
)
def test_a_label_and_numbers_separated_by_single_spaces(
    line: str, cells: list[tuple[str, int]]
) -> None:
    spec = load_template("F2021").table_spec("t2" if "许可" in line else "t3")
    assert spec is not None
    found, _ = split_rows(tokenize([line]), lambda text: "许可" in text or "国家秘密" in text)
    assert [(t.raw, t.column) for t in found] == cells


def test_single_spaces_in_prose_or_unknown_labels_do_not_split() -> None:
    for line in ("全年 共 12", "其他事项 12 件"):
        found, cut = split_rows(tokenize([line]), lambda text: False)
        assert cut == [] and [t.raw for t in found] == [line]


def test_a_blank_cell_is_no_number_for_the_rules() -> None:
    table = table_of("（一）予以公开\t5\t\t1\t0\t1\t0\t7")
    blank = table.cell("open", "biz")
    assert blank is not None and blank.kind is CellKind.BLANK
    assert blank.number is None  # no value: an identity over it is not assessable, never 0
