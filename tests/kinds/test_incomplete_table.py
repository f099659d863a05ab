"""Kind ``incomplete_table`` and its rule GC106."""

from __future__ import annotations

import pytest

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus
from govcheck.kinds.incomplete_table import Spec, evaluate, needed
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from govcheck.templates import load_template
from tests.conftest import EXAMPLES, lint_text

SECTIONS = """示例镇人民政府2022年政府信息公开工作年度报告
一、总体情况
本年度主动公开政府信息120条。
二、主动公开政府信息情况
{two}
三、收到和处理政府信息公开申请情况
{three}
四、政府信息公开行政复议、行政诉讼情况
{four}
"""
NO_TABLE = "无。"


def rule() -> Spec:
    found = next(r for r in builtin_rules() if r.id == "GC106")
    assert isinstance(found, Spec)
    return found


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


def example(name: str) -> list[str]:
    return (EXAMPLES / name).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize(
    ("template", "table", "count"),
    [
        ("F2019", "t2", 22),
        ("F2021", "t2", 10),
        ("F2019", "t3", 161),
        ("F2021", "t3", 175),
        ("F2019", "t4", 15),
        ("F2021", "t4", 15),
    ],
)
def test_numbers_the_formats_require(template: str, table: str, count: int) -> None:
    spec = load_template(template).table_spec(table)
    assert spec is not None and needed(spec) == count


def test_absent_tables_are_reported_at_their_headings() -> None:
    d = doc(SECTIONS.format(two=NO_TABLE, three=NO_TABLE, four=NO_TABLE))
    outcome = evaluate(rule(), d, Context())
    assert [(h.line, h.anchor, h.values["needed"]) for h in outcome.hits] == [
        (4, "t2", 10),
        (6, "t3", 175),
        (8, "t4", 15),
    ]


def test_a_missing_section_is_left_to_gc101() -> None:
    text = "示例镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n"
    text += "二、主动公开政府信息情况\n无。\n"
    outcome = evaluate(rule(), doc(text), Context())
    assert [h.line for h in outcome.hits] == [3]  # only table 2; 三 and 四 are not there


def test_table_lines_in_a_shape_not_read_make_it_not_assessable() -> None:
    # Markdown rows name table 4's labels: the table is there, just not readable.
    four = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 1 | 0 | 0 | 0 | 1 |"
    d = doc(SECTIONS.format(two=NO_TABLE, three=NO_TABLE, four=four))
    outcome = evaluate(rule(), d, Context())
    assert outcome.status is RuleStatus.FAIL
    assert [h.line for h in outcome.hits] == [4, 6]
    assert outcome.note is not None


def test_a_sentence_naming_a_label_is_not_a_table() -> None:
    d = doc(SECTIONS.format(two=NO_TABLE, three=NO_TABLE, four="本年度未发生行政复议、行政诉讼。"))
    assert [h.line for h in evaluate(rule(), d, Context()).hits] == [4, 6, 8]


def test_missing_rows_are_named_at_the_tables_first_line() -> None:
    lines = example("f2021-department-2022.txt")
    del lines[39:44]  # the 第二十条第（八）项 block, lines 40-44
    result = lint_text("\n".join(lines))
    [finding] = [f for f in result.findings if f.rule == "GC106"]
    assert finding.line == 20
    assert finding.message == "表二缺少 1 行：行政事业性收费；格式要求表二共 10 个数字，找到 9 个"


def test_hybrid_single_other_row_in_an_f2021_table_3() -> None:
    """（六）其他处理 printed as one F2019-style row: one finding (GC003), not two.

    Its three F2021 sub-rows are not found, but its seven numbers stand under no
    row label: they may be those rows. GC003 reports the numbers; GC106 cannot
    tell whether the rows are missing and names them in its note.
    """
    lines = example("f2021-department-2022.txt")
    assert lines[219] == "（六）其他处理"
    lines[220:244] = ["1", "1", "0", "0", "0", "0", "2"]
    result = lint_text("\n".join(lines), lang="en")
    assert not [f for f in result.findings if f.rule == "GC106"]
    [status] = [r for r in result.rules if r.id == "GC106"]
    assert status.status is RuleStatus.NOT_ASSESSABLE
    assert status.note == (
        "table 3 has numbers under no recognisable row label (see GC003); the rows not found"
        " (other handling 1 / other handling 2 / other handling 3) may be among them, so whether"
        " they are missing cannot be told"
    )
    [unread] = [f for f in result.findings if f.rule == "GC003"]
    assert unread.line == 221
    assert unread.message.startswith("table 3: 7 number(s) (1 1 0 0 0 0 2) follow no recognisable")


def test_the_kind_names_the_rows_not_found_in_its_note() -> None:
    lines = example("f2021-department-2022.txt")
    lines[220:244] = ["1", "1", "0", "0", "0", "0", "2"]
    outcome = evaluate(rule(), doc("\n".join(lines)), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    assert outcome.hits == ()
    assert outcome.note is not None
    assert outcome.note.zh.startswith(
        "表三有数字前面没有可识别的行标题（见 GC003），未找到的行（其他处理1."
    )
    assert outcome.note.zh.endswith("其他处理3.其他）可能就在其中，无法判断是否缺少")


def test_an_unreadable_table_is_gc003s_business() -> None:
    lines = example("f2021-department-2022.txt")
    assert lines[43] == "3.25"
    del lines[43]  # 行政事业性收费 now has no number: that row of table 2 is unread
    result = lint_text("\n".join(lines))
    assert not [f for f in result.findings if f.rule == "GC106"]
    # The row is present (no row is missing); reading it is GC003's business.
    assert next(r.status for r in result.rules if r.id == "GC106") is RuleStatus.PASS
    [unread] = [f for f in result.findings if f.rule == "GC003"]
    assert (unread.line, unread.severity) == (43, "error")
