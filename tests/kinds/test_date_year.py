"""Kind ``date_year`` and its rule GC202 (date-out-of-range)."""

from __future__ import annotations

import datetime as dt

import pytest

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.date_year import Spec, evaluate
from tests.kinds.test_dating import doc, report, rule


def spec() -> Spec:
    found = rule("GC202")
    assert isinstance(found, Spec)
    return found


@pytest.mark.parametrize(
    ("date", "status"),
    [
        ("2023年1月18日", RuleStatus.PASS),
        ("2023年12月31日", RuleStatus.PASS),
        ("二〇二三年一月十八日", RuleStatus.PASS),
        ("2022年12月28日", RuleStatus.FAIL),
        ("2024年1月2日", RuleStatus.FAIL),
        ("2021年1月18日", RuleStatus.FAIL),
    ],
)
def test_signing_date_must_be_in_the_following_year(date: str, status: RuleStatus) -> None:
    outcome = evaluate(spec(), doc(report(date=date)), Context())
    assert outcome.status is status
    if status is RuleStatus.FAIL:
        assert [h.line for h in outcome.hits] == [8]
        assert outcome.hits[0].values["expected_year"] == 2023


def test_published_on_is_checked_too() -> None:
    outcome = evaluate(spec(), doc(report()), Context(published_on=dt.date(2024, 1, 5)))
    assert outcome.status is RuleStatus.FAIL
    (hit,) = outcome.hits
    assert hit.line == 8
    assert hit.anchor == "published_on"
    assert hit.values["date"] == "2024-01-05"


def test_both_dates_wrong_give_two_findings() -> None:
    ctx = Context(published_on=dt.date(2022, 12, 30))
    outcome = evaluate(spec(), doc(report(date="2022年12月28日")), ctx)
    assert [h.anchor for h in outcome.hits] == ["closing", "published_on"]


def test_published_on_alone_is_enough() -> None:
    outcome = evaluate(spec(), doc(report(date=None)), Context(published_on=dt.date(2023, 1, 5)))
    assert outcome.status is RuleStatus.PASS


def test_undated_is_not_assessable() -> None:
    outcome = evaluate(spec(), doc(report(date=None)), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    assert isinstance(outcome.note, Text)
    assert "GC201" in outcome.note.en


def test_no_title_year_is_not_assessable() -> None:
    text = report().replace("2022年政府信息公开工作年度报告", "政府信息公开工作年度报告", 1)
    # Nor may the first sentence of 总体情况 open with the year (that is read instead).
    text = text.replace("2022年，本局共收到", "本局共收到", 1)
    assert evaluate(spec(), doc(text), Context()).status is RuleStatus.NOT_ASSESSABLE


def test_year_from_the_opening_sentence_when_the_title_has_none() -> None:
    text = report().replace("2022年政府信息公开工作年度报告", "政府信息公开工作年度报告", 1)
    assert doc(text).year == 2022
    assert evaluate(spec(), doc(text), Context()).status is RuleStatus.PASS


def test_message_names_date_and_years() -> None:
    from tests.conftest import lint_text

    result = lint_text(report(date="2022年12月28日"), lang="en")
    (finding,) = [f for f in result.findings if f.rule == "GC202"]
    assert "2022年12月28日" in finding.message
    assert "2023" in finding.message
