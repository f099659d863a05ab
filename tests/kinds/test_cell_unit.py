"""Kind ``cell_unit`` (GC404): units that do not fit their column, implausible amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.cell_unit import Spec, evaluate
from govcheck.model import IssuerLevel
from tests.conftest import lint_text
from tests.kinds.cell_report import (
    COMMON,
    document,
    f2021_t2,
    f2021_t2_text,
    table,
    with_tables,
)

MESSAGE = {"zh": "{table}{row}{column}{raw}{detail}", "en": "{table} {row} {column} {raw} {detail}"}
FIELDS: dict[str, Any] = {
    "kind": "cell_unit",
    "message": MESSAGE,
    "tables": ["t2", "t3", "t4"],
    "count_units": ["个", "件"],
    "money_units": {"F2019": ["元", "万元"], "F2021": ["万元"]},
    "max_amount": {"F2021": {"county": 100000, "city": 1000000, "unknown": 1000000}},
    "wrong_unit": {"zh": "单位{unit}，可用{allowed}", "en": "unit {unit}, allowed {allowed}"},
    "too_large": {"zh": "不小于{limit}", "en": "at least {limit}"},
}


def spec(**fields: Any) -> Spec:
    return Spec.model_validate({**COMMON, **FIELDS, **fields})


def hits(
    fee: str, level: IssuerLevel | None = None, issuer: str = "示例县交通运输局"
) -> list[tuple[str, object]]:
    doc = document(f2021_t2_text(fee=fee).replace("示例县交通运输局", issuer))
    outcome = evaluate(spec(tables=["t2"]), doc, Context(issuer_level=level))
    return [(h.anchor, h.values["detail"]) for h in outcome.hits]


def test_yuan_in_the_f2021_fee_column() -> None:
    assert hits("32500元") == [
        ("t2.fee.fee_amount", Text("单位元，可用万元", "unit 元, allowed 万元")),
    ]


@pytest.mark.parametrize("fee", ["3.25", "3.25万元", "0", "99999"])
def test_fees_in_wan_yuan_pass(fee: str) -> None:
    assert hits(fee) == []


def test_a_county_department_has_the_county_limit() -> None:
    assert hits("150000") == [("t2.fee.fee_amount", Text("不小于100000", "at least 100000"))]
    assert hits("99999.99") == []


def test_the_level_option_overrides_the_name() -> None:
    assert hits("150000", IssuerLevel.CITY) == []
    assert hits("150000", IssuerLevel.COUNTY, issuer="本机关") != []


def test_an_unknown_level_has_the_higher_limit() -> None:
    assert hits("150000", issuer="本机关") == []
    assert hits("1000000", issuer="本机关") == [
        ("t2.fee.fee_amount", Text("不小于1000000", "at least 1000000"))
    ]


@pytest.mark.parametrize("issuer", ["示例市人民政府", "示例市市场监督管理局"])
def test_a_possibly_city_organ_gets_the_larger_limit(issuer: str) -> None:
    assert hits("150000", issuer=issuer) == []
    assert len(hits("1000000", issuer=issuer)) == 1


@pytest.mark.parametrize("issuer", ["上海市科学技术委员会", "某省财政厅"])
def test_possibly_provincial_organs_are_never_judged(issuer: str) -> None:
    assert hits("5000000", issuer=issuer) == []
    assert hits("5000000", IssuerLevel.PROVINCE, issuer="本机关") == []


def test_a_yuan_amount_is_reported_once_as_a_unit() -> None:
    assert [a for a, _ in hits("5000000元")] == ["t2.fee.fee_amount"]


def test_f2019_procurement_amount_in_yuan_or_without_unit() -> None:
    for amount in ("933989元", "93.4万元", "933989", "9339890000"):
        t2 = table("F2019", "t2", {("procurement", "proc_amount"): amount})
        outcome = evaluate(spec(), with_tables("F2019", t2), Context())
        assert outcome.hits == (), amount


def test_currency_or_foreign_unit_in_a_count_column() -> None:
    t2 = table("F2019", "t2", {("procurement", "proc_count"): "6元"})
    t3 = table("F2019", "t3", {("new", "np"): "3件", ("open", "np"): "2次"})
    outcome = evaluate(spec(), with_tables("F2019", t2, t3), Context())
    assert [(h.anchor, h.values["raw"]) for h in outcome.hits] == [
        ("t2.procurement.proc_count", "6元"),
        ("t3.open.np", "2次"),
    ]
    assert outcome.hits[1].values["detail"] == Text(
        "单位次，可用个 / 件", "unit 次, allowed 个 / 件"
    )


def test_money_units_per_format_limits_and_levels_are_validated() -> None:
    with pytest.raises(ValidationError):
        spec(money_units={"F2021": ["万元"]})
    with pytest.raises(ValidationError):
        spec(max_amount={"F2030": {"county": 1}})
    with pytest.raises(ValidationError):
        spec(max_amount={"F2021": {"village": 1}})
    with pytest.raises(ValidationError):
        spec(too_large={"zh": "{value}", "en": "{value}"})
    assert spec(max_amount={}).max_amount == {}
    assert spec().max_amount["F2021"]["county"] == Decimal(100000)


def test_absent_tables_are_not_assessable() -> None:
    assert evaluate(spec(), f2021_t2(), Context()).status is RuleStatus.NOT_ASSESSABLE


def test_gc404_through_the_pipeline() -> None:
    result = lint_text(f2021_t2_text(fee="32500元"))
    findings = [f for f in result.findings if f.rule == "GC404"]
    assert [(f.line, f.severity.value) for f in findings] == [(34, "warning")]
    assert findings[0].message.startswith(
        "表二“行政事业性收费”行“本年收费金额”列“32500元”：单位“元”与该栏不符"
    )
