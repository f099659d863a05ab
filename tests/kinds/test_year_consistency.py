"""Kind ``year_consistency`` and its rule GC204 (year-mismatch)."""

from __future__ import annotations

import pytest

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.kinds.year_consistency import Spec, evaluate
from tests.conftest import lint_text
from tests.kinds.test_dating import PERIOD, doc, report, rule


def spec() -> Spec:
    found = rule("GC204")
    assert isinstance(found, Spec)
    return found


def lines(text: str) -> list[int]:
    return [h.line for h in evaluate(spec(), doc(text), Context()).hits]


def test_consistent_report_passes() -> None:
    assert evaluate(spec(), doc(report()), Context()).status is RuleStatus.PASS


def test_stale_period_year() -> None:
    assert lines(report(preface=PERIOD.format(year=2021))) == [2]


def test_period_spanning_two_years_is_left_to_gc206() -> None:
    preface = "本报告所列数据的统计期限为2022年1月1日至2023年12月31日。"
    assert lines(report(preface=preface)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2021年，本局共收到政府信息公开申请3件。",
        "2021年，我局共收到政府信息公开申请3件，上年结转1件，结转下年度继续办理1件。",
        "2021年度，本局主动公开政府信息120条。",
        "2021年本局主动公开政府信息120条。",
        "一是2021年，本局主动公开政府信息120条。",
        "二〇二一年，本局主动公开政府信息120条。",
        "2023年，本局共收到政府信息公开申请3件。",
        "现将2021年政府信息公开工作情况报告如下。",
        "全年共办理申请3件。2021年，本局未收到行政复议申请。",
    ],
)
def test_leftover_sentences_are_flagged(sentence: str) -> None:
    assert lines(report(overview=sentence)) == [4]


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年，本局共收到政府信息公开申请3件。",
        "2023年，本局将进一步规范依申请公开办理流程。",
        "2023年，本局计划新增政策解读栏目。",
        "下一步，2023年本局将继续加强培训。",
        "2021年，本局收到申请2件，本年度较上年增加1件。",
        "与2021年相比，本局申请量增加1件。",
        "2019年以来，本局累计公开信息500条。",
        "本局上年结转申请1件，系2021年12月收到。",
        "截至2022年12月31日，本局现行有效规范性文件7件。",
        "全年受理的申请中，2021年结转的1件已办结。",
    ],
)
def test_plans_comparisons_and_other_mentions_pass(sentence: str) -> None:
    assert lines(report(overview=sentence)) == []


def test_section_six_statement() -> None:
    assert lines(report(other="（一）本局2021年未收取信息处理费。")) == [6]
    assert lines(report(other="（一）本局2022年未收取信息处理费。")) == []


def test_sections_outside_the_list_are_not_read() -> None:
    text = report().replace("六、其他需要报告的事项", "五、存在的主要问题及改进情况", 1)
    text = text.replace("无。", "2021年，本局存在的问题已整改到位。", 1)
    assert lines(text) == []


def test_one_finding_per_line() -> None:
    sentence = "2021年，本局公开信息10条。2021年，本局收到申请3件。"
    assert lines(report(overview=sentence)) == [4]


def test_no_title_year_is_not_assessable() -> None:
    text = report().replace("2022年政府信息公开工作年度报告", "政府信息公开工作年度报告", 1)
    # Nor may the first sentence of 总体情况 open with the year (that is read instead).
    text = text.replace("2022年，本局共收到", "本局共收到", 1)
    assert evaluate(spec(), doc(text), Context()).status is RuleStatus.NOT_ASSESSABLE


def test_message_quotes_the_text_and_both_years() -> None:
    result = lint_text(report(overview="2021年，本局共收到政府信息公开申请3件。"))
    (finding,) = [f for f in result.findings if f.rule == "GC204"]
    assert "2021年,本局共收到" in finding.message
    assert "2022" in finding.message
    assert finding.related_lines == (1,)


def test_a_year_read_from_an_opening_sentence_is_not_checked_against_itself() -> None:
    text = report().replace("2022年政府信息公开工作年度报告", "政府信息公开工作年度报告", 1)
    parsed = doc(text)
    assert (parsed.year, parsed.year_source) == (2022, "opening")
    assert evaluate(spec(), parsed, Context()).status is RuleStatus.NOT_ASSESSABLE
