"""Kind ``negative_value`` (GC305): negative counts; F2019's 本年增/减 may be negative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.negative_value import Spec, evaluate
from tests.conftest import lint_text
from tests.kinds.cell_report import (
    COMMON,
    f2021_t2,
    f2021_t2_text,
    line_of,
    table,
    with_tables,
)

MESSAGE = {"zh": "{table}{row}{column}{raw}{value}", "en": "{table} {row} {column} {raw} {value}"}


def spec(*tables: str) -> Spec:
    return Spec.model_validate(
        {**COMMON, "kind": "negative_value", "message": MESSAGE, "tables": tables}
    )


def test_a_negative_count_is_a_hit_naming_the_cell() -> None:
    outcome = evaluate(spec("t2"), f2021_t2(normative="2\n-1\n7"), Context())
    assert outcome.status is RuleStatus.FAIL
    (hit,) = outcome.hits
    assert (hit.line, hit.anchor) == (16, "t2.normative.repealed")
    assert hit.values["table"] == Text("表二", "table 2")
    assert hit.values["row"] == Text("行政规范性文件", "administrative normative documents")
    assert hit.values["column"] == Text("本年废止件数", "repealed this year")
    assert (hit.values["raw"], hit.values["value"]) == ("-1", Decimal(-1))


def test_a_negative_amount_is_a_hit() -> None:
    outcome = evaluate(spec("t2"), f2021_t2(fee="-3.25"), Context())
    assert [(h.line, h.anchor) for h in outcome.hits] == [(34, "t2.fee.fee_amount")]


def test_zero_and_positive_pass() -> None:
    assert evaluate(spec("t2"), f2021_t2(), Context()).status is RuleStatus.PASS


def test_the_signed_column_may_be_negative_but_nothing_else() -> None:
    t2 = table("F2019", "t2", {("license", "delta"): "-3", ("license", "decisions"): "-1"})
    outcome = evaluate(spec("t2"), with_tables("F2019", t2), Context())
    assert [h.anchor for h in outcome.hits] == ["t2.license.decisions"]
    assert outcome.hits[0].line == line_of(t2, "license", "decisions")


def test_tables_three_and_four() -> None:
    t3 = table("F2021", "t3", {("new", "np"): "-2"})
    t4 = table("F2021", "t4", {("rv", "pending"): "-1"})
    outcome = evaluate(spec("t3", "t4"), with_tables("F2021", t3, t4), Context())
    assert [h.anchor for h in outcome.hits] == ["t3.new.np", "t4.rv.pending"]


def test_an_unreadable_or_absent_table_is_not_assessable() -> None:
    outcome = evaluate(spec("t2", "t3"), f2021_t2(), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    failing = evaluate(spec("t2", "t3"), f2021_t2(rules="-1\n0\n0"), Context())
    assert failing.status is RuleStatus.FAIL  # a hit elsewhere still counts


def test_unknown_table_is_a_load_error() -> None:
    with pytest.raises(ValidationError):
        Spec.model_validate({**COMMON, "kind": "negative_value", "message": MESSAGE})


def test_gc305_through_the_pipeline() -> None:
    result = lint_text(f2021_t2_text(normative="2\n-1\n7"))
    findings = [f for f in result.findings if f.rule == "GC305"]
    assert [(f.line, f.severity.value) for f in findings] == [(16, "error")]
    assert findings[0].message.startswith("表二“行政规范性文件”行“本年废止件数”列填写了负数“-1”")


def whole_spec(*tables: str) -> Spec:
    """The kind with both case wordings, as GC305 has them, and the money units."""
    details = {
        "negative": {"zh": "负{raw}", "en": "negative {raw}"},
        "fraction": {"zh": "小数{raw}", "en": "fraction {raw}"},
        "money_units": ["元", "万元"],
    }
    message = {"zh": "{row}{detail}", "en": "{row} {detail}"}
    return Spec.model_validate(
        {**COMMON, "kind": "negative_value", "message": message, "tables": tables, **details}
    )


def test_a_fraction_in_a_count_cell_is_a_hit_worded_as_a_fraction() -> None:
    t2 = table("F2019", "t2", {("license", "decisions"): "3415.74", ("license", "delta"): "-1.5"})
    outcome = evaluate(whole_spec("t2"), with_tables("F2019", t2), Context())
    assert [(h.anchor, h.values["detail"]) for h in outcome.hits] == [
        ("t2.license.delta", Text("小数-1.5", "fraction -1.5")),
        ("t2.license.decisions", Text("小数3415.74", "fraction 3415.74")),
    ]


def test_a_negative_fraction_is_one_hit_worded_as_negative() -> None:
    t3 = table("F2021", "t3", {("new", "np"): "-2.5"})
    (hit,) = evaluate(whole_spec("t3"), with_tables("F2021", t3), Context()).hits
    assert (hit.anchor, hit.values["detail"]) == ("t3.new.np", Text("负-2.5", "negative -2.5"))


def test_money_columns_whole_decimals_and_money_units_pass() -> None:
    t2 = table(
        "F2019",
        "t2",
        {("procurement", "proc_amount"): "418600.50元", ("license", "decisions"): "37.00"},
    )
    outcome = evaluate(whole_spec("t2"), with_tables("F2019", t2), Context())
    assert outcome.status is RuleStatus.PASS
    fee = evaluate(whole_spec("t2"), f2021_t2(fee="26.55"), Context())
    assert fee.status is RuleStatus.PASS
    # 3.5万元 in a count column is an amount in the wrong column: GC404 reports it.
    t3 = table("F2021", "t3", {("new", "np"): "3.5万元"})
    assert evaluate(whole_spec("t3"), with_tables("F2021", t3), Context()).hits == ()


def test_without_the_fraction_wording_fractions_are_not_judged() -> None:
    t3 = table("F2021", "t3", {("new", "np"): "0.5"})
    assert evaluate(spec("t3"), with_tables("F2021", t3), Context()).status is RuleStatus.PASS


def test_a_detail_with_an_unknown_placeholder_is_a_load_error() -> None:
    with pytest.raises(ValidationError):
        Spec.model_validate(
            {
                **COMMON,
                "kind": "negative_value",
                "message": MESSAGE,
                "tables": ["t2"],
                "fraction": {"zh": "{cell}", "en": "{cell}"},
            }
        )


def test_gc305_fraction_through_the_pipeline() -> None:
    result = lint_text(f2021_t2_text(license="214.5"))
    findings = [f for f in result.findings if f.rule == "GC305"]
    assert [(f.line, f.severity.value) for f in findings] == [(22, "error")]
    assert findings[0].message.startswith(
        "表二“行政许可”行“本年处理决定数量”列填写了带小数的“214.5”"
    )
