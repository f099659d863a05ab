"""Kind ``parts_count`` and its rule GC606."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus
from govcheck.kinds.parts_count import Spec, evaluate
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import lint_text

# Six headings on lines 3-8; line 2 is the preface.
REPORT = """示例县交通运输局2022年政府信息公开工作年度报告
{preface}
一、总体情况
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""


def rule() -> Spec:
    found = next(r for r in builtin_rules() if r.id == "GC606")
    assert isinstance(found, Spec)
    return found


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


@pytest.mark.parametrize(
    ("preface", "announced"),
    [
        ("本报告由总体情况、主动公开政府信息情况等五个部分组成。", 5),
        ("本报告共分五部分。", 5),
        ("本年度报告分为7个部分：总体情况等。", 7),
        ("本报告全文共分四部分。", 4),
        ("报告全文共分两部分。", 2),
    ],
)
def test_a_different_count_is_reported_at_the_preface(preface: str, announced: int) -> None:
    outcome = evaluate(rule(), doc(REPORT.format(preface=preface)), Context())
    [hit] = outcome.hits
    assert (hit.line, hit.values["announced"], hit.values["found"]) == (2, announced, 6)
    assert hit.related == (3, 4, 5, 6, 7, 8)


@pytest.mark.parametrize(
    "preface",
    [
        "本报告由总体情况、主动公开政府信息情况等六个部分组成。",
        "本报告共分6个部分：总体情况、主动公开政府信息情况等。",
        "本报告根据条例编制。",
        "部分公开2件。",  # 部分 of 部分公开 is not a part count
    ],
)
def test_agreeing_or_no_count_passes(preface: str) -> None:
    outcome = evaluate(rule(), doc(REPORT.format(preface=preface)), Context())
    assert outcome.status is RuleStatus.PASS


def test_a_count_outside_the_preface_and_section_one_is_ignored() -> None:
    text = REPORT.format(preface="前言。").replace(
        "二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n本报告共分三部分。\n"
    )
    assert evaluate(rule(), doc(text), Context()).status is RuleStatus.PASS


def test_long_claims_are_shortened_to_their_end() -> None:
    preface = (
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等五个部分组成。"
    )
    [finding] = [f for f in lint_text(REPORT.format(preface=preface)).findings if f.rule == "GC606"]
    assert finding.message == (
        "前言称报告由 5 个部分组成"
        "（“...到和处理政府信息公开申请情况等五个部分组成”），但找到 6 个部分标题"
    )


def test_a_pattern_needs_a_count_group() -> None:
    base: dict[str, Any] = rule().model_dump()
    with pytest.raises(ValidationError, match="count"):
        Spec.model_validate({**base, "patterns": ["本报告共分[一二三四五六]部分"]})
