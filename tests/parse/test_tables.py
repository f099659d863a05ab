"""The table mapper: cell-per-line text → template cells, never guessing."""

from __future__ import annotations

from decimal import Decimal

from govcheck.load import decode
from govcheck.model import Cell, CellKind, Table, TableStatus
from govcheck.parse import parse, tokenize
from govcheck.parse.sections import find_sections
from govcheck.parse.tables import ParsedTable, parse_table
from govcheck.templates import load_template


def mapped(template: str, table: str, text: str) -> ParsedTable:
    """Map ``text`` (the lines of a table's section, line 1 first) to ``template``'s ``table``."""
    spec = load_template(template).table_spec(table)
    assert spec is not None
    return parse_table(spec, tokenize(text.split("\n")))


def cells(table: Table) -> dict[tuple[str, str], tuple[CellKind, Decimal | None, str, int]]:
    return {key: (c.kind, c.value, c.raw, c.line) for key, c in table.cells.items()}


def assert_only_unread(table: Table, *rows: str) -> None:
    """The table is partial: ``rows`` are unread (no cell of theirs), every other row read."""
    assert table.status is TableStatus.PARTIAL
    assert table.unread_rows == rows
    assert not [key for key in table.cells if key[0] in rows]
    assert table.cells, "the rows that were read keep their cells"


def cell(table: Table, row: str, column: str) -> Cell:
    found = table.cell(row, column)
    assert found is not None
    return found


N = CellKind.NUMBER

F2021_T2 = """第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0
行政规范性文件
{normative}
第二十条第（五）项
信息内容
本年处理决定数量
行政许可
214
第二十条第（六）项
信息内容
本年处理决定数量
行政处罚
17
行政强制
2
第二十条第（八）项
信息内容
本年收费金额（单位：万元）
行政事业性收费
3.25"""


def f2021_t2(normative: str = "2\n1\n7") -> ParsedTable:
    return mapped("F2021", "t2", F2021_T2.format(normative=normative))


# --- labelled tables: numbers -------------------------------------------------------


def test_f2021_table2_maps_every_cell_with_its_line() -> None:
    parsed = f2021_t2()
    assert parsed.table.status is TableStatus.READ
    assert cells(parsed.table) == {
        ("rules", "issued"): (N, Decimal(0), "0", 7),
        ("rules", "repealed"): (N, Decimal(0), "0", 8),
        ("rules", "valid"): (N, Decimal(0), "0", 9),
        ("normative", "issued"): (N, Decimal(2), "2", 11),
        ("normative", "repealed"): (N, Decimal(1), "1", 12),
        ("normative", "valid"): (N, Decimal(7), "7", 13),
        ("license", "decisions"): (N, Decimal(214), "214", 18),
        ("penalty", "decisions"): (N, Decimal(17), "17", 23),
        ("coercion", "decisions"): (N, Decimal(2), "2", 25),
        ("fee", "fee_amount"): (N, Decimal("3.25"), "3.25", 30),
    }
    assert parsed.table.line == 6
    assert parsed.table.missing_rows == ()


def test_units_separators_full_width_digits_and_placeholders() -> None:
    text = """第二十条第(九)项
信息内容
采购项目数量
采购总金额
政府集中采购
85个
933989元
规范性文件
１２
1,234
—"""
    table = mapped("F2019", "t2", text).table
    assert table.status is TableStatus.READ
    assert cells(table) == {
        ("procurement", "proc_count"): (N, Decimal(85), "85个", 6),
        ("procurement", "proc_amount"): (N, Decimal(933989), "933989元", 7),
        ("normative", "made"): (N, Decimal(12), "１２", 9),
        ("normative", "published"): (N, Decimal(1234), "1,234", 10),
        ("normative", "public_total"): (CellKind.PLACEHOLDER, None, "—", 11),
    }
    assert cell(table, "procurement", "proc_count").unit == "个"
    assert cell(table, "procurement", "proc_amount").unit == "元"
    assert table.missing_rows == ("rules", "license", "other_service", "penalty", "coercion", "fee")


def test_a_row_with_too_few_numbers_is_unread_and_the_others_are_read() -> None:
    parsed = f2021_t2("2\n1")
    assert_only_unread(parsed.table, "normative")
    (problem,) = parsed.table.problems
    assert (problem.key, problem.line) == ("table.row_count", 10)
    assert (problem.values["found"], problem.values["expected"]) == (2, 3)
    assert problem.values["values"] == "2 1"


def test_a_misspelt_row_label_is_still_matched() -> None:
    text = "2.其他法律行政止公开\n0\n1\n0\n0\n0\n0\n1"
    table = mapped("F2021", "t3", text).table
    assert table.status is TableStatus.READ
    assert cell(table, "deny2", "biz").value == Decimal(1)
    assert (cell(table, "deny2", "tot").value, cell(table, "deny2", "tot").line) == (Decimal(1), 8)


def test_a_repeated_row_is_a_problem() -> None:
    text = "规章\n0\n0\n0\n规章\n0\n0\n0"
    parsed = mapped("F2021", "t2", text)
    assert parsed.table.status is TableStatus.UNREADABLE
    assert [(p.key, p.line) for p in parsed.table.problems] == [("table.duplicate_row", 5)]


# --- positional table 4 -----------------------------------------------------------

# The seed's table 4: 12 leaf headers (no 总计 cells), then 15 numbers, with a
# blank line between every two lines.
SEED_T4_HEADERS = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
    *["结果维持", "结果纠正", "其他结果", "尚未审结"],
]


def seed_t4(numbers: list[str]) -> str:
    return "\n\n".join([*SEED_T4_HEADERS[:6], *SEED_T4_HEADERS[6:], *numbers])


def test_seed_table4_maps_fifteen_numbers_by_position() -> None:
    assert len(SEED_T4_HEADERS) == 12
    numbers = ["1", "0", "0", "0", "1", "2", "0", "0", "1", "3", "0", "0", "0", "0", "0"]
    parsed = mapped("F2019", "t4", seed_t4(numbers))
    table = parsed.table
    assert table.status is TableStatus.READ
    assert table.line == 25
    assert [(c.row, c.column, c.value, c.line) for c in table.cells.values()][:6] == [
        ("rv", "keep", Decimal(1), 25),
        ("rv", "fix", Decimal(0), 27),
        ("rv", "other", Decimal(0), 29),
        ("rv", "pending", Decimal(0), 31),
        ("rv", "total", Decimal(1), 33),
        ("ld", "keep", Decimal(2), 35),
    ]
    assert (cell(table, "ld", "total").value, cell(table, "ld", "total").line) == (Decimal(3), 43)
    assert cell(table, "lr", "total").line == 53
    assert set(range(1, 24, 2)) <= parsed.claimed  # the header lines are claimed


def test_table4_with_fourteen_numbers_is_unreadable() -> None:
    parsed = mapped("F2019", "t4", seed_t4(["0"] * 14))
    assert parsed.table.status is TableStatus.UNREADABLE
    (problem,) = parsed.table.problems
    assert (problem.key, problem.values["found"], problem.values["expected"]) == (
        "table.value_count",
        14,
        15,
    )


# --- headings ---------------------------------------------------------------------


def test_table_row_labels_are_never_taken_as_headings() -> None:
    text = """示例县交通运输局2022年政府信息公开工作年度报告
一、总体情况
三、收到和处理政府信息公开申请情况
三、本年度办理结果
四、结转下年度继续办理
0
四、政府信息公开行政复议、行政诉讼情况
一、本年新收政府信息公开申请数量"""
    sections = find_sections(tokenize(text.split("\n")), load_template("F2021"))
    assert [(s.spec.id, s.line) for s in sections] == [
        ("overview", 2),
        ("requests", 3),
        ("review_litigation", 7),
    ]


# --- text cells -------------------------------------------------------------------


def test_one_short_text_inside_a_row_is_a_text_cell() -> None:
    table = f2021_t2("2\n不详\n7").table
    assert table.status is TableStatus.READ
    text = cell(table, "normative", "repealed")
    assert (text.kind, text.value, text.raw, text.line) == (CellKind.TEXT, None, "不详", 12)
    assert text.number is None
    assert cell(table, "normative", "valid").value == Decimal(7)


def test_a_text_cell_may_open_or_close_a_row() -> None:
    first = f2021_t2("未统计\n1\n7").table
    assert cell(first, "normative", "issued").kind is CellKind.TEXT
    last = f2021_t2("2\n1\n未统计").table  # followed by the caption of the next block
    assert (cell(last, "normative", "valid").kind, cell(last, "normative", "valid").line) == (
        CellKind.TEXT,
        13,
    )
    end = mapped("F2021", "t2", "行政事业性收费\n不详").table  # the end of the section
    # 不适用 is "not applicable", a placeholder like / or 无 (issue 14), not text.
    placeholder = f2021_t2("2\n1\n不适用").table
    assert cell(placeholder, "normative", "valid").kind is CellKind.PLACEHOLDER
    assert cell(end, "fee", "fee_amount").kind is CellKind.TEXT


def test_text_cell_lines_are_claimed_not_prose() -> None:
    text = F2021_T2.format(normative="2\n不详\n7")
    report = f"示例县交通运输局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n{text}\n"
    doc = parse(decode(report.encode("utf-8"), "t.txt"))
    t2 = doc.table("t2")
    assert t2 is not None and cell(t2, "normative", "repealed").line == 14
    assert 14 not in {t.line for t in doc.prose}


def test_doubtful_text_keeps_the_row_short() -> None:
    for normative in (
        "2\n不详\n未统计",  # two texts
        "2\n不详。\n7\n0",  # sentence punctuation
        "2\n本年度未进行统计工作\n7",  # longer than a word or two
        "2\n1.其他\n7",  # an ordinal: a label
        "2\n信息内容\n7",  # a header of the table
        "2\n总计\n7",  # a label of another table
        "2\n采购总金额\n7",  # a label of the other format
        "2\n7\n不详\n本年度按要求完成了文件清理工作，共清理文件五件。",  # followed by prose
    ):
        parsed = f2021_t2(normative)
        assert_only_unread(parsed.table, "normative")
        keys = [p.key for p in parsed.table.problems]
        # Numbers cut off the row by the doubtful text belong to no row: said too.
        assert keys in (["table.row_count"], ["table.stray_values", "table.row_count"]), keys


def test_text_after_a_complete_row_changes_nothing() -> None:
    parsed = f2021_t2("2\n1\n7\n备注")
    assert parsed.table.status is TableStatus.READ
    assert cell(parsed.table, "normative", "valid").value == Decimal(7)
    assert 14 not in parsed.claimed


# --- blank cells ------------------------------------------------------------------


def test_an_empty_line_in_a_dense_table_is_a_blank_cell() -> None:
    table = f2021_t2("2\n\n7").table
    assert table.status is TableStatus.READ
    blank = cell(table, "normative", "repealed")
    assert (blank.kind, blank.value, blank.raw, blank.line) == (CellKind.BLANK, None, "", 12)
    assert blank.number is None  # no value, never 0
    assert cell(table, "normative", "valid").line == 13


def test_blank_cells_before_and_after_the_values() -> None:
    table = f2021_t2("\n1\n7").table
    assert cell(table, "normative", "issued").kind is CellKind.BLANK
    table = f2021_t2("2\n1\n").table  # the next line is the caption of the next block
    assert (cell(table, "normative", "valid").kind, cell(table, "normative", "valid").line) == (
        CellKind.BLANK,
        13,
    )


def test_no_blank_cell_where_empty_lines_separate_lines() -> None:
    spaced = F2021_T2.format(normative="2\n1").replace("\n", "\n\n")
    parsed = mapped("F2021", "t2", spaced)
    assert_only_unread(parsed.table, "normative")


def test_an_unexplained_empty_line_disables_blank_cells() -> None:
    text = F2021_T2.format(normative="2\n\n7").replace("行政许可\n", "行政许可\n\n")
    parsed = mapped("F2021", "t2", text)
    assert_only_unread(parsed.table, "normative")


def test_an_empty_line_in_a_complete_row_is_no_cell() -> None:
    parsed = f2021_t2("2\n1\n\n7")  # three numbers: read as before, the empty line ignored
    assert parsed.table.status is TableStatus.READ
    assert [c.raw for c in parsed.table.cells.values() if c.row == "normative"] == ["2", "1", "7"]


def test_a_blank_at_the_end_of_the_section_is_not_read() -> None:
    parsed = mapped("F2021", "t2", "规章\n0\n0\n0\n行政事业性收费\n")
    assert_only_unread(parsed.table, "fee")
    assert parsed.table.cell("rules", "valid") is not None


def test_table4_blank_cell_in_a_dense_run() -> None:
    headers = "\n".join(SEED_T4_HEADERS)
    numbers = ["1", "0", "0", "0", "1", "0", "", "0", "0", "0", "0", "0", "0", "0", "0"]
    table = mapped("F2021", "t4", headers + "\n" + "\n".join(numbers)).table
    assert table.status is TableStatus.READ
    blank = cell(table, "ld", "fix")
    assert (blank.kind, blank.line) == (CellKind.BLANK, 19)
    assert cell(table, "lr", "total").line == 27
