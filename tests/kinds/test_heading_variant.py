"""Kind ``heading_variant`` and its rule GC103."""

from __future__ import annotations

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus, Severity
from govcheck.i18n import Text
from govcheck.kinds.heading_variant import Spec, evaluate, is_variant
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import lint_text

REPORT = """示例县交通运输局2022年政府信息公开工作年度报告
一、总体情况
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
{four}
{five}
六、其他需要报告的事项
"""
CANONICAL_FOUR = "四、政府信息公开行政复议、行政诉讼情况"
CANONICAL_FIVE = "五、存在的主要问题及改进情况"


def rule() -> Spec:
    found = next(r for r in builtin_rules() if r.id == "GC103")
    assert isinstance(found, Spec)
    return found


def doc(four: str = CANONICAL_FOUR, five: str = CANONICAL_FIVE) -> Document:
    text = REPORT.format(four=four, five=five)
    return parse(decode(text.encode("utf-8"), "t.txt"))


def test_canonical_headings_pass() -> None:
    assert evaluate(rule(), doc(), Context()).status is RuleStatus.PASS


def test_one_info_per_variant_naming_the_canonical_text() -> None:
    variant = "五、政府信息公开工作存在的主要问题及改进情况"
    result = lint_text(
        REPORT.format(four="四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", five=variant)
    )
    found = [(f.line, f.severity) for f in result.findings if f.rule == "GC103"]
    assert found == [(5, Severity.INFO), (6, Severity.INFO)]
    message = next(f.message for f in result.findings if f.rule == "GC103" and f.line == 6)
    assert message == f"标题“{variant}”是常见的变体写法，格式规定的标题为“{CANONICAL_FIVE}”"


def test_a_near_match_is_worded_as_a_possible_typo() -> None:
    d = doc(four="四、政府信息公开行政法复议、行政诉讼情况")
    section = d.section("review_litigation")
    assert section is not None and not section.canonical and not is_variant(section)
    [hit] = evaluate(rule(), d, Context()).hits
    assert hit.line == 5
    how = hit.values["how"]
    assert isinstance(how, Text) and "可能有错字" in how.zh


def test_markdown_debris_is_not_quoted() -> None:
    d = doc(five="## 五、存在问题及改进情况")
    [hit] = evaluate(rule(), d, Context()).hits
    assert (hit.line, hit.values["found"]) == (6, "五、存在问题及改进情况")


def test_a_misnumbered_heading_is_worded_as_misnumbered() -> None:
    """六、存在的主要问题及整改情况 is section 五: one GC103 that names the numbering."""
    outcome = evaluate(rule(), doc(five="六、存在的主要问题及整改情况"), Context())
    (hit,) = outcome.hits
    assert hit.line == 6
    assert hit.values["how"] == Text("编号有误", "is misnumbered")
    assert hit.values["canonical"] == CANONICAL_FIVE


def test_an_exact_text_under_a_second_four_is_misnumbered_too() -> None:
    (hit,) = evaluate(rule(), doc(five="四、存在的主要问题及改进情况"), Context()).hits
    assert hit.values["how"] == Text("编号有误", "is misnumbered")


def test_misnumbered_through_the_pipeline_is_the_only_finding() -> None:
    result = lint_text(REPORT.format(four=CANONICAL_FOUR, five="六、存在的问题及改进情况"))
    # No table follows the headings (GC106); of the section rules only GC103 speaks.
    sections = {"GC101", "GC102", "GC103"}
    found = [f for f in result.findings if f.rule in sections]
    assert [(f.rule, f.line) for f in found] == [("GC103", 6)]
    assert found[0].message == (
        "标题“六、存在的问题及改进情况”编号有误，格式规定的标题为“五、存在的主要问题及改进情况”"
    )
