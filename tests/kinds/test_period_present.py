"""Kind ``period_present`` and its rule GC205 (missing-statistical-period)."""

from __future__ import annotations

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus, Severity
from govcheck.kinds.period_present import Spec, evaluate
from tests.conftest import SEED, lint_text
from tests.kinds.test_dating import doc, report, rule


def spec() -> Spec:
    found = rule("GC205")
    assert isinstance(found, Spec)
    return found


def test_stated_period_passes() -> None:
    assert evaluate(spec(), doc(report()), Context()).status is RuleStatus.PASS


def test_missing_period_is_reported_at_the_title() -> None:
    outcome = evaluate(spec(), doc(report(preface="本报告根据条例编制。")), Context())
    assert [h.line for h in outcome.hits] == [1]
    assert outcome.hits[0].values["report_year"] == "2022"


def test_period_named_without_dates_counts_as_stated() -> None:
    outcome = evaluate(spec(), doc(report(preface="本报告统计期限为上一年度。")), Context())
    assert outcome.status is RuleStatus.PASS


def test_period_elsewhere_in_the_report_counts() -> None:
    text = report(
        preface="本报告根据条例编制。", other="本报告所列数据为2022年1月1日至2022年12月31日。"
    )
    assert evaluate(spec(), doc(text), Context()).status is RuleStatus.PASS


def test_is_only_information() -> None:
    result = lint_text(report(preface="本报告根据条例编制。"))
    (finding,) = [f for f in result.findings if f.rule == "GC205"]
    assert finding.severity is Severity.INFO


def test_seed_has_no_period(shared: object) -> None:
    result = lint_text(SEED.read_text(encoding="utf-8"))
    assert [(f.line, f.severity) for f in result.findings if f.rule == "GC205"] == [
        (1, Severity.INFO)
    ]
