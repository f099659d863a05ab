"""Kind ``period_range`` and its rule GC206 (wrong-statistical-period)."""

from __future__ import annotations

import pytest

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.kinds.period_range import Spec, evaluate
from tests.conftest import lint_text
from tests.kinds.test_dating import WORDINGS, doc, report, rule


def spec() -> Spec:
    found = rule("GC206")
    assert isinstance(found, Spec)
    return found


@pytest.mark.parametrize(("sentence", "year"), WORDINGS)
def test_every_listed_wording_passes_in_its_year(sentence: str, year: int) -> None:
    text = report(year=year, preface=sentence, overview="", date=None)
    assert evaluate(spec(), doc(text), Context()).status is RuleStatus.PASS


@pytest.mark.parametrize(
    "preface",
    [
        "本报告所列数据的统计期限为2021年1月1日至2021年12月31日。",
        "本报告所列数据的统计期限为2022年1月1日至2022年11月30日。",
        "本报告所列数据的统计期限为2022年2月1日至12月31日。",
        "本报告所列数据的统计期限为2021年12月1日至2022年11月30日。",
    ],
)
def test_wrong_periods_fail(preface: str) -> None:
    outcome = evaluate(spec(), doc(report(preface=preface)), Context())
    assert [h.line for h in outcome.hits] == [2]


def test_every_statement_is_checked() -> None:
    other = "本报告所列数据的统计期限为2021年1月1日至2021年12月31日。"
    outcome = evaluate(spec(), doc(report(other=other)), Context())
    assert [h.line for h in outcome.hits] == [6]


@pytest.mark.parametrize("preface", ["本报告根据条例编制。", "本报告统计期限为上一年度。"])
def test_no_readable_period_is_not_assessable(preface: str) -> None:
    outcome = evaluate(spec(), doc(report(preface=preface)), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    assert outcome.note is not None


def test_message_quotes_the_period_and_the_year() -> None:
    preface = "本报告所列数据的统计期限为2021年1月1日至2021年12月31日。"
    result = lint_text(report(preface=preface), lang="en")
    (finding,) = [f for f in result.findings if f.rule == "GC206"]
    assert "2021年1月1日至2021年12月31日" in finding.message
    assert "31 December 2022" in finding.message
