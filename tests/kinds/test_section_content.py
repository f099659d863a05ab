"""Kind ``section_content``, and its built-in rules GC601, GC602 and GC603."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds import section_content
from govcheck.kinds.section_content import Spec, evaluate
from govcheck.kinds.section_scope import section_body
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import lint_text

OVERVIEW = """（一）主动公开方面
全年主动公开政府信息120条。
（二）依申请公开方面
全年收到政府信息公开申请3件。
（三）政府信息管理方面
落实公开前保密审查。
（四）平台建设方面
优化门户网站专栏。
（五）监督保障方面
将政务公开纳入年度考核。"""

PROBLEMS = "一是公开不够及时。下一步将建立台账，每月核查通报。"
FEE = "本局2022年未收取信息处理费。"

# Section 一 starts on line 2, its body on line 3; 五 and 六 follow the body.
REPORT = """示例县交通运输局2022年政府信息公开工作年度报告
一、总体情况
{overview}
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
{problems}
六、其他需要报告的事项
{other}
示例县交通运输局
2023年1月30日
"""

COMMON = {
    "severity": "warning",
    "summary": {"zh": "摘要", "en": "summary"},
    "message": {"zh": "{title}：{missing}", "en": "{title}: {missing}"},
    "rationale": {"zh": "依据", "en": "basis"},
}


def report(overview: str = OVERVIEW, problems: str = PROBLEMS, other: str = FEE) -> str:
    return REPORT.format(overview=overview, problems=problems, other=other)


def heading_line(text: str, heading: str) -> int:
    return text.split("\n").index(heading) + 1


def findings(text: str, rule: str) -> list[tuple[int, str]]:
    result = lint_text(text)
    return [(f.line, f.message) for f in result.findings if f.rule == rule]


def status(text: str, rule: str) -> str:
    return next(r.status.value for r in lint_text(text).rules if r.id == rule)


def spec(**fields: object) -> Spec:
    return Spec.model_validate(
        {"id": "GC901", "name": "mine", "kind": "section_content", **COMMON, **fields}
    )


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


def test_the_complete_report_passes_every_rule() -> None:
    text = report()
    for rule in ("GC601", "GC602", "GC603"):
        assert status(text, rule) == "pass"


# --- GC601 thin-problems-section -------------------------------------------------


@pytest.mark.parametrize("problems", ["无", "无。", "暂无。", "本年度无问题。", "（一）无。"])
def test_gc601_flags_a_thin_section(problems: str) -> None:
    text = report(problems=problems)
    line = heading_line(text, "五、存在的主要问题及改进情况")
    assert [n for n, _ in findings(text, "GC601")] == [line]
    assert f"（“{problems}”）" in findings(text, "GC601")[0][1]


def test_gc601_flags_an_empty_section() -> None:
    text = report(problems="").replace("\n\n", "\n")
    assert [n for n, _ in findings(text, "GC601")] == [
        heading_line(text, "五、存在的主要问题及改进情况")
    ]
    assert "只有 0 个字" in findings(text, "GC601")[0][1]


def test_gc601_counts_letters_and_digits_not_punctuation() -> None:
    # Ten characters that are letters or digits: enough, however short it looks.
    assert status(report(problems="信息更新不及时，已整改。"), "GC601") == "pass"
    assert status(report(problems="……无。……"), "GC601") == "fail"


def test_gc601_is_silent_when_section_five_is_missing() -> None:
    # GC101 reports the missing heading; GC601 does not report it a second time.
    text = report().replace("五、存在的主要问题及改进情况\n" + PROBLEMS + "\n", "")
    assert status(text, "GC601") == "not_applicable"
    assert [f.rule for f in lint_text(text).findings if f.rule in ("GC101", "GC601")] == ["GC101"]


# --- GC602 fee-statement-missing ---------------------------------------------------


@pytest.mark.parametrize(
    "other",
    [
        FEE,
        "本机关未收取政府信息公开信息处理费。",
        "全县收取处理费共计380元。",
        "本年度未向申请人收取任何费用。",
    ],
)
def test_gc602_accepts_fee_statements(other: str) -> None:
    assert status(report(other=other), "GC602") == "pass"


@pytest.mark.parametrize("other", ["无。", "本局人大代表建议和政协提案均已按期办结。"])
def test_gc602_flags_section_six_without_fee(other: str) -> None:
    text = report(other=other)
    ((line, message),) = findings(text, "GC602")
    assert line == heading_line(text, "六、其他需要报告的事项")
    # The quote is the section's text, without the signature and date under it.
    assert f"（现为“{other}”）" in message


def test_gc602_applies_to_f2021_only() -> None:
    f2019 = report(other="无。").replace("2022年政府", "2020年政府").replace("2022年未", "2020年未")
    assert doc(f2019).template is not None
    assert doc(f2019).template.id == "F2019"  # type: ignore[union-attr]
    assert status(f2019, "GC602") == "not_applicable"


def test_gc602_is_not_assessable_when_the_format_is_unknown() -> None:
    text = report(other="无。").replace("2022年政府", "政府")
    assert doc(text).template is None
    assert status(text, "GC602") == "not_assessable"


# --- GC603 overview-aspects-missing -------------------------------------------------


def test_gc603_lists_the_missing_aspects() -> None:
    overview = "（一）主动公开方面\n全年主动公开政府信息120条。\n（四）平台建设方面\n优化栏目。"
    text = report(overview=overview)
    ((line, message),) = findings(text, "GC603")
    assert line == 2
    assert "未涉及：依申请公开、政府信息管理、监督保障；" in message
    english = lint_text(text, lang="en")
    assert next(f.message for f in english.findings if f.rule == "GC603").startswith(
        'section "overview" does not cover: disclosure on request, information management, '
        "supervision and safeguards;"
    )
    assert next(f for f in english.findings if f.rule == "GC603").severity.value == "info"


@pytest.mark.parametrize(
    "overview",
    [
        OVERVIEW,
        # The 2021 wording without 方面, and 平台 spelled out in full.
        "（一）主动公开\n甲。\n（二）依申请公开\n乙。\n（三）政府信息管理\n丙。\n"
        "（四）政府信息公开平台建设\n丁。\n（五）监督保障\n戊。",
        # No sub-headings: the aspects named in running text.
        "本局系统化推进主动公开、规范办理依申请公开，落实保密审查，建设公开平台，"
        "常态化开展监督管理。",
    ],
)
def test_gc603_accepts_real_wordings(overview: str) -> None:
    assert status(report(overview=overview), "GC603") == "pass"


# --- the kind itself ----------------------------------------------------------------


def test_section_body_leaves_out_signature_and_date() -> None:
    d = doc(report(other="无。"))
    assert [t.raw for t in section_body(d, "other")] == ["无。"]


def test_min_chars_hit_values() -> None:
    rule = spec(section="problems", min_chars=30)
    outcome = evaluate(rule, doc(report()), Context())
    assert outcome.status is RuleStatus.FAIL
    (hit,) = outcome.hits
    assert hit.anchor == "section:problems"
    assert hit.values["length"] == 22
    assert hit.values["min_chars"] == 30
    assert hit.values["excerpt"] == PROBLEMS
    # The rule's message names {missing}: it is filled (empty) in this mode too.
    assert hit.values["missing"] == Text("", "")


def test_excerpt_is_clipped() -> None:
    rule = spec(section="problems", min_chars=1000)
    (hit,) = evaluate(rule, doc(report(problems="甲" * 60)), Context()).hits
    assert hit.values["excerpt"] == "甲" * 40 + "\u2026"


def test_aspect_patterns_are_regular_expressions() -> None:
    aspects = [{"name": {"zh": "甲", "en": "A"}, "patterns": ["收取.{0,3}费"]}]
    rule = spec(section="other", aspects=aspects)
    assert (
        evaluate(rule, doc(report(other="未收取任何费用。")), Context()).status is RuleStatus.PASS
    )
    assert evaluate(rule, doc(report(other="无。")), Context()).status is RuleStatus.FAIL


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"section": "problem", "min_chars": 10}, "unknown section id"),
        ({"section": "preface", "min_chars": 10}, "unknown section id"),
        ({"section": "problems"}, "exactly one of min_chars or aspects"),
        (
            {
                "section": "problems",
                "min_chars": 10,
                "aspects": [{"name": {"zh": "甲", "en": "A"}, "patterns": ["甲"]}],
            },
            "exactly one of min_chars or aspects",
        ),
        ({"section": "problems", "min_chars": 0}, "greater than or equal to 1"),
        (
            {"section": "other", "aspects": [{"name": {"zh": "甲", "en": "A"}, "patterns": ["("]}]},
            "invalid regular expression",
        ),
        (
            {"section": "other", "aspects": [{"name": {"zh": "甲", "en": "A"}, "patterns": []}]},
            "at least 1 item",
        ),
        (
            {"section": "problems", "min_chars": 10, "message": {"zh": "{match}", "en": "x"}},
            "unknown placeholder",
        ),
    ],
)
def test_spec_is_validated(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        spec(**fields)


def test_registered() -> None:
    from govcheck.engine.registry import KINDS

    assert KINDS["section_content"] == (section_content.Spec, section_content.evaluate)
