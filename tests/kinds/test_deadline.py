"""Kind ``deadline`` and its rule GC203 (late-publication)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus, Severity
from govcheck.kinds.deadline import Deadline, Spec, evaluate, lateness
from govcheck.model import IssuerLevel
from tests.conftest import lint_text
from tests.kinds.test_dating import doc, report, rule

DEPT = "示例县自然资源局"
TOWN = "示例县青石镇人民政府"
STREET = "示例市示例区青云街道办事处"
COUNTY = "示例县人民政府"
CITY_OR_COUNTY = "示例市人民政府"
ZONE = "示例综合实验区管委会"


def spec() -> Spec:
    found = rule("GC203")
    assert isinstance(found, Spec)
    return found


@pytest.mark.parametrize(
    ("issuer", "date", "status", "severity"),
    [
        (DEPT, "2023年1月31日", RuleStatus.PASS, None),
        (DEPT, "2023年2月1日", RuleStatus.FAIL, Severity.ERROR),
        (TOWN, "2023年1月31日", RuleStatus.PASS, None),
        (TOWN, "2023年2月1日", RuleStatus.FAIL, Severity.WARNING),
        (STREET, "2023年3月31日", RuleStatus.FAIL, Severity.WARNING),
        (STREET, "2023年4月1日", RuleStatus.FAIL, Severity.ERROR),
        (COUNTY, "2023年3月31日", RuleStatus.PASS, None),
        (COUNTY, "2023年4月1日", RuleStatus.FAIL, Severity.ERROR),
        # 设区的市 or 县级市: the same deadline either way.
        (CITY_OR_COUNTY, "2023年3月20日", RuleStatus.PASS, None),
        (CITY_OR_COUNTY, "2023年4月20日", RuleStatus.FAIL, Severity.ERROR),
        # Unknown level: only what holds for every level.
        (ZONE, "2023年1月20日", RuleStatus.PASS, None),
        (ZONE, "2023年2月20日", RuleStatus.NOT_ASSESSABLE, None),
        (ZONE, "2023年3月31日", RuleStatus.NOT_ASSESSABLE, None),
        (ZONE, "2023年4月1日", RuleStatus.FAIL, Severity.ERROR),
    ],
)
def test_deadline_by_level(
    issuer: str, date: str, status: RuleStatus, severity: Severity | None
) -> None:
    outcome = evaluate(spec(), doc(report(issuer=issuer, date=date)), Context())
    assert outcome.status is status
    assert [h.severity for h in outcome.hits] == ([severity] if severity else [])
    if severity:
        assert outcome.hits[0].line == 8


def test_unknown_level_reports_the_latest_deadline() -> None:
    outcome = evaluate(spec(), doc(report(issuer=ZONE, date="2023年4月1日")), Context())
    assert outcome.hits[0].values["due"] == "2023-03-31"


def test_option_level_overrides_the_name() -> None:
    text = report(issuer=DEPT, date="2023年2月20日")
    as_township = evaluate(spec(), doc(text), Context(issuer_level=IssuerLevel.TOWNSHIP))
    assert [h.severity for h in as_township.hits] == [Severity.WARNING]
    as_county = evaluate(spec(), doc(text), Context(issuer_level=IssuerLevel.COUNTY))
    assert as_county.status is RuleStatus.PASS


def test_option_level_settles_an_unknown_name() -> None:
    text = report(issuer=ZONE, date="2023年2月20日")
    outcome = evaluate(spec(), doc(text), Context(issuer_level=IssuerLevel.CITY))
    assert outcome.status is RuleStatus.PASS


def test_published_on_overrides_the_signing_date() -> None:
    text = report(issuer=DEPT, date="2023年1月18日")
    outcome = evaluate(spec(), doc(text), Context(published_on=dt.date(2023, 2, 3)))
    (hit,) = outcome.hits
    assert hit.values["date"] == "2023-02-03"
    assert hit.anchor == "published_on"
    late_signed = report(issuer=DEPT, date="2023年2月20日")
    on_time = evaluate(spec(), doc(late_signed), Context(published_on=dt.date(2023, 1, 30)))
    assert on_time.status is RuleStatus.PASS


def test_undated_is_not_assessable() -> None:
    outcome = evaluate(spec(), doc(report(date=None)), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


def test_uncertain_note_asks_for_the_option() -> None:
    outcome = evaluate(spec(), doc(report(issuer=ZONE, date="2023年2月20日")), Context())
    assert outcome.note is not None
    assert "--issuer-level" in outcome.note.zh
    assert "--issuer-level" in outcome.note.en


def test_message_says_date_deadline_level_and_source() -> None:
    result = lint_text(report(issuer=DEPT, date="2023年2月20日"))
    (finding,) = [f for f in result.findings if f.rule == "GC203"]
    assert finding.severity is Severity.ERROR
    for part in ("2023年2月20日", "2023年1月31日", "县级人民政府部门", DEPT, "局"):
        assert part in finding.message
    english = lint_text(report(issuer=DEPT, date="2023年2月20日"), lang="en")
    (finding,) = [f for f in english.findings if f.rule == "GC203"]
    assert "2023-01-31" in finding.message
    assert "county government department" in finding.message


def test_lateness_takes_the_latest_deadline_passed() -> None:
    deadlines = spec().deadlines
    township = IssuerLevel.TOWNSHIP
    late = lateness(deadlines, township, dt.date(2023, 4, 1), 2023)
    assert late is not None
    assert (late.severity, late.due) == (Severity.ERROR, dt.date(2023, 3, 31))
    assert lateness(deadlines, township, dt.date(2023, 1, 31), 2023) is None


def test_every_level_needs_a_deadline() -> None:
    data = spec().model_dump(by_alias=True)
    data["deadlines"] = [d for d in data["deadlines"] if "township" not in d["levels"]]
    with pytest.raises(ValidationError, match="township"):
        Spec.model_validate(data)


def test_deadline_day_must_exist() -> None:
    with pytest.raises(ValidationError):
        Deadline(levels=frozenset({IssuerLevel.COUNTY}), month=2, day=30, severity=Severity.ERROR)
