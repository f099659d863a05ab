"""Kind ``format_mismatch`` and its rule GC104."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus
from govcheck.kinds.format_mismatch import Spec, evaluate
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import lint_text

# Table-2 header lines of each format; the title is line 1, the first marker line 4.
F2021_HEAD = "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
F2019_HEAD = "第二十条第（一）项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n"


def rule() -> Spec:
    found = next(r for r in builtin_rules() if r.id == "GC104")
    assert isinstance(found, Spec)
    return found


def report(year: int | None, tables: str) -> str:
    title = f"示例局{year}年政府信息公开工作年度报告" if year else "示例局政府信息公开工作年度报告"
    return f"{title}\n一、总体情况\n二、主动公开政府信息情况\n{tables}"


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


@pytest.mark.parametrize(
    ("year", "tables", "expected"),
    [
        (2021, F2021_HEAD, RuleStatus.PASS),
        (2025, F2021_HEAD, RuleStatus.PASS),
        (2019, F2019_HEAD, RuleStatus.PASS),
        (2020, F2019_HEAD, RuleStatus.PASS),
        (2020, F2021_HEAD, RuleStatus.FAIL),
        (2021, F2019_HEAD, RuleStatus.FAIL),
        (2018, F2021_HEAD, RuleStatus.FAIL),
    ],
)
def test_format_against_year(year: int, tables: str, expected: RuleStatus) -> None:
    assert evaluate(rule(), doc(report(year, tables)), Context()).status is expected


def test_hit_at_first_marker_with_the_title_related() -> None:
    [hit] = evaluate(rule(), doc(report(2022, F2019_HEAD)), Context()).hits
    assert (hit.line, hit.related) == (6, (1,))
    assert hit.values["used"] == "国办公开办函〔2019〕60号"


def test_message_names_the_format_due() -> None:
    result = lint_text(report(2020, F2021_HEAD))
    [finding] = [f for f in result.findings if f.rule == "GC104"]
    assert finding.line == 6
    assert finding.message == (
        "报告年度为2020年，但表格使用国办公开办函〔2021〕30号规定的格式"
        "（本年制发件数 / 本年废止件数 / 现行有效件数）；"
        "2020年度报告应按国办公开办函〔2019〕60号编制"
    )


def test_before_2019_the_due_layout_is_the_2008_regulations() -> None:
    result = lint_text(report(2018, F2021_HEAD), lang="en")
    [finding] = [f for f in result.findings if f.rule == "GC104"]
    assert finding.message.endswith("must follow Art. 32 of the 2008 Regulations")


def test_one_marker_is_too_weak_to_accuse() -> None:
    # A single short line naming 行政规范性文件 makes the parser pick F2021.
    outcome = evaluate(rule(), doc(report(2020, "行政规范性文件\n")), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


def test_unknown_year_is_not_assessable() -> None:
    outcome = evaluate(rule(), doc(report(None, F2019_HEAD)), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


def test_unknown_format_is_not_assessable() -> None:
    outcome = evaluate(rule(), doc("一、总体情况\n二、主动公开政府信息情况\n"), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


def test_fragments_may_not_have_placeholders() -> None:
    base: dict[str, Any] = rule().model_dump()
    with pytest.raises(ValidationError):
        Spec.model_validate({**base, "legacy": {"zh": "{year}", "en": "x"}})
