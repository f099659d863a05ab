"""Kind ``row_minimum`` (GC306): a row's running total is not below this year's additions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.row_minimum import Spec, evaluate
from tests.conftest import lint_text
from tests.kinds.cell_report import COMMON, f2021_t2, f2021_t2_text, table, with_tables

MESSAGE = {
    "zh": "{table}{row}{column}{raw}{value}{bound}{bound_expr}",
    "en": "{table} {row} {column} {raw} {value} {bound} {bound_expr}",
}
BOUNDS: dict[str, Any] = {
    "F2021": {
        "rows": ["rules", "normative"],
        "value": "valid",
        "plus": ["issued"],
        "minus": ["repealed"],
    },
    "F2019": {"rows": ["rules", "normative"], "value": "public_total", "plus": ["published"]},
}


def spec(**fields: Any) -> Spec:
    data = {**COMMON, "kind": "row_minimum", "message": MESSAGE, "table": "t2", "bounds": BOUNDS}
    return Spec.model_validate({**data, **fields})


def test_valid_below_issued_minus_repealed_is_a_hit() -> None:
    outcome = evaluate(spec(), f2021_t2(normative="5\n1\n3"), Context())
    assert outcome.status is RuleStatus.FAIL
    (hit,) = outcome.hits
    assert (hit.line, hit.anchor, hit.related) == (17, "t2.normative.valid", (15, 16))
    assert hit.values["row"] == Text("行政规范性文件", "administrative normative documents")
    assert hit.values["column"] == Text("现行有效件数", "currently valid")
    assert (hit.values["raw"], hit.values["value"], hit.values["bound"]) == ("3", 3, 4)
    assert hit.values["bound_expr"] == Text(
        "本年制发件数 5 - 本年废止件数 1", "issued this year 5 - repealed this year 1"
    )


@pytest.mark.parametrize("normative", ["2\n1\n7", "5\n1\n4", "0\n3\n0", "2\n2\n0"])
def test_valid_at_least_the_bound_passes(normative: str) -> None:
    assert evaluate(spec(), f2021_t2(normative=normative), Context()).status is RuleStatus.PASS


def test_f2019_total_public_below_published() -> None:
    t2 = table("F2019", "t2", {("normative", "published"): "9", ("normative", "public_total"): "8"})
    outcome = evaluate(spec(), with_tables("F2019", t2), Context())
    assert [(h.anchor, h.values["bound"]) for h in outcome.hits] == [
        ("t2.normative.public_total", Decimal(9))
    ]


def test_a_text_cell_makes_the_row_not_assessable() -> None:
    outcome = evaluate(spec(), f2021_t2(normative="2\n不详\n0"), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    t2 = table(
        "F2019",
        "t2",
        {
            ("rules", "published"): "不详",
            ("normative", "published"): "1",
            ("normative", "public_total"): "0",
        },
    )
    outcome = evaluate(spec(), with_tables("F2019", t2), Context())
    assert outcome.status is RuleStatus.FAIL  # the other row still fails


def test_an_unreadable_table_is_not_assessable() -> None:
    outcome = evaluate(spec(), f2021_t2(normative="2\n1"), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


@pytest.mark.parametrize(
    "bounds",
    [
        {"F2021": BOUNDS["F2021"]},  # no bound for F2019
        {**BOUNDS, "F2021": {**BOUNDS["F2021"], "value": "public_total"}},  # an F2019 key
        {**BOUNDS, "F2019": {**BOUNDS["F2019"], "rows": ["penalties"]}},  # no such row
    ],
)
def test_bounds_are_checked_against_each_format(bounds: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        spec(bounds=bounds)


def test_a_bound_for_a_format_the_rule_skips_is_refused() -> None:
    with pytest.raises(ValidationError):
        spec(formats=["F2021"])
    assert spec(formats=["F2021"], bounds={"F2021": BOUNDS["F2021"]}).formats == ("F2021",)


def test_gc306_through_the_pipeline() -> None:
    result = lint_text(f2021_t2_text(normative="2\n1\n0"))
    findings = [f for f in result.findings if f.rule == "GC306"]
    assert [(f.line, f.severity.value, f.related_lines) for f in findings] == [
        (17, "warning", (15, 16))
    ]
    assert findings[0].message.startswith(
        "表二“行政规范性文件”行：“现行有效件数”为 0，小于 本年制发件数 2 - 本年废止件数 1 = 1"
    )
