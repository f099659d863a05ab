"""Kind ``rulemaker`` and its rule GC605 (rules-without-power)."""

from __future__ import annotations

import pytest

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus, Severity
from govcheck.kinds.rulemaker import Spec, evaluate
from govcheck.model import IssuerLevel
from tests.conftest import EXAMPLES, edit_lines, lint_text
from tests.kinds.test_dating import doc, rule

DEPARTMENT = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
TOWNSHIP = (EXAMPLES / "f2019-township-2020.txt").read_text(encoding="utf-8")
DEPT_TITLE = "示例县自然资源局2022年政府信息公开工作年度报告"


def spec() -> Spec:
    found = rule("GC605")
    assert isinstance(found, Spec)
    return found


def department(issuer: str = "示例县自然资源局", valid: str = "3") -> str:
    """The department example with 规章 现行有效 (line 23) set, under another issuer name."""
    title = DEPT_TITLE.replace("示例县自然资源局", issuer)
    return edit_lines(DEPARTMENT, {1: (DEPT_TITLE, title), 23: ("0", valid)})


@pytest.mark.parametrize(
    ("issuer", "status"),
    [
        ("示例县自然资源局", RuleStatus.FAIL),
        ("示例市示例区市场监督管理局", RuleStatus.FAIL),
        ("示例县人民政府", RuleStatus.FAIL),
        ("示例县青石镇人民政府", RuleStatus.FAIL),
        ("示例市示例区青云街道办事处", RuleStatus.FAIL),
        ("示例省自然资源厅", RuleStatus.PASS),
        ("上海市科学技术委员会", RuleStatus.PASS),
        ("示例省人民政府", RuleStatus.PASS),
        ("示例省示例市人民政府", RuleStatus.NOT_ASSESSABLE),  # 设区的市 or 县级市
        ("示例综合实验区管委会", RuleStatus.NOT_ASSESSABLE),
        ("国家发展和改革委员会", RuleStatus.PASS),
    ],
)
def test_power_by_issuer(issuer: str, status: RuleStatus) -> None:
    assert evaluate(spec(), doc(department(issuer)), Context()).status is status


def test_zero_rules_pass_whatever_the_issuer() -> None:
    text = department("示例县青石镇人民政府", valid="0")
    assert evaluate(spec(), doc(text), Context()).status is RuleStatus.PASS


def test_each_positive_cell_is_reported() -> None:
    text = edit_lines(department(), {21: ("0", "1")})
    outcome = evaluate(spec(), doc(text), Context())
    assert [(h.line, h.anchor) for h in outcome.hits] == [
        (21, "t2.rules.issued"),
        (23, "t2.rules.valid"),
    ]


def test_township_f2019() -> None:
    text = edit_lines(TOWNSHIP, {45: ("0", "6")})
    outcome = evaluate(spec(), doc(text), Context())
    assert [h.line for h in outcome.hits] == [45]


@pytest.mark.parametrize(
    ("level", "status"),
    [
        (IssuerLevel.PROVINCE, RuleStatus.PASS),
        (IssuerLevel.CITY, RuleStatus.PASS),
        (IssuerLevel.STATE_DEPARTMENT, RuleStatus.PASS),
        (IssuerLevel.COUNTY, RuleStatus.FAIL),
        (IssuerLevel.TOWNSHIP, RuleStatus.FAIL),
        (IssuerLevel.DEPARTMENT, RuleStatus.FAIL),  # the name places it in a county
    ],
)
def test_option_level(level: IssuerLevel, status: RuleStatus) -> None:
    outcome = evaluate(spec(), doc(department()), Context(issuer_level=level))
    assert outcome.status is status


def test_option_department_without_a_place_is_not_assessable() -> None:
    text = department("示例综合实验区管委会")
    outcome = evaluate(spec(), doc(text), Context(issuer_level=IssuerLevel.DEPARTMENT))
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


def test_message_and_severity() -> None:
    result = lint_text(department())
    (finding,) = [f for f in result.findings if f.rule == "GC605"]
    assert finding.severity is Severity.WARNING
    for part in ("规章", "现行有效件数", "3", "县级人民政府部门", "示例县自然资源局"):
        assert part in finding.message
