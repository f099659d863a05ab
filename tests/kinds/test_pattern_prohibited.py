"""Kind ``pattern_prohibited``, and its two built-in rules GC506 and GC604."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus
from govcheck.kinds import pattern_prohibited
from govcheck.kinds.pattern_prohibited import Spec, context, evaluate
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import lint_text

# A small recognised F2021 report; line 3 is the body of section 一.
REPORT = """示例县交通运输局2022年政府信息公开工作年度报告
一、总体情况
{body}
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
一是公开不够及时。下一步将建立台账，每月核查通报。
六、其他需要报告的事项
本局2022年未收取信息处理费。
示例县交通运输局
2023年1月30日
"""

COMMON = {
    "severity": "warning",
    "summary": {"zh": "摘要", "en": "summary"},
    "message": {"zh": "{match}：{context}", "en": "{match}: {context}"},
    "rationale": {"zh": "依据", "en": "basis"},
}


def spec(**fields: object) -> Spec:
    return Spec.model_validate(
        {"id": "GC901", "name": "mine", "kind": "pattern_prohibited", **COMMON, **fields}
    )


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


def found(rule: str, body: str) -> list[tuple[int, int]]:
    """(line, column) of ``rule``'s findings when ``body`` is section 一's text."""
    result = lint_text(REPORT.format(body=body))
    return [(f.line, f.column) for f in result.findings if f.rule == rule]


# --- GC506 missing-number-in-prose -------------------------------------------------


@pytest.mark.parametrize(
    ("body", "columns"),
    [
        ("2022年，本局共主动公开条，其中政策解读3条。", [12]),
        ("全年主动公开信息  条。", [5]),
        ("全年主动公开政府信息\u3000条，其中规范性文件2件。", [5]),
        ("共收到政府信息公开申请 件，办结 件。", [8, 15]),
        ("予以公开 件，不予处理 件。", [3, 10]),
        ("全年共发布信息条", [4]),
    ],
)
def test_gc506_flags_a_measure_word_without_number(body: str, columns: list[int]) -> None:
    assert found("GC506", body) == [(3, c) for c in columns]


@pytest.mark.parametrize(
    "body",
    [
        "依据《中华人民共和国政府信息公开条例》编制。",
        "信息公开条例、公开条件和公开条款均已明确。",
        "对拟公开的信息逐件审查，每件均经签发。",
        "全年共主动公开一条，其中各项信息均已发布。",
        "个别栏目更新滞后，事项清单已公开。",
        "公开文件和办理事项均已更新。",
        "公开项目信息，依法公开个人信息须经同意。",
        "主动公开件数和受理次数均已统计，办结次日即公开。",
        "规范办理依申请公开件，确保按时答复。",
        "全年主动公开政府信息312条，受理申请49件，培训2次。",
        "全年主动公开政府信息 312 条。",
        "全年主动公开政府信息三百一十二条。",
    ],
)
def test_gc506_leaves_ordinary_text_alone(body: str) -> None:
    assert found("GC506", body) == []


def test_gc506_message_quotes_the_clause() -> None:
    result = lint_text(REPORT.format(body="2022年，本局全年主动公开信息  条，其中规章0件。"))
    finding = next(f for f in result.findings if f.rule == "GC506")
    assert finding.message.startswith("“本局全年主动公开信息  条”中“公开信息  条”")
    english = lint_text(REPORT.format(body="共主动公开条。"), lang="en")
    assert next(f.message for f in english.findings if f.rule == "GC506").startswith(
        '"共主动公开条": "公开条" has no number'
    )


# --- GC604 template-placeholder ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "columns"),
    [
        ("XX县XX局负责编制。", [1, 4]),
        ("ＸＸ镇人民政府", [1]),
        ("××县××局", [1, 4]),
        ("由某某同志负责。", [2]),
        ("本报告统计期限为20XX年1月1日至20××年12月31日。", [9, 19]),
        ("依据示例办〔202X〕1号文件。", [7]),
        ("2023年X月X日发布。", [6]),
        ("（此处填写本年度主动公开工作情况）", [1]),
        ("【此处插入图表】", [1]),
        ("（请根据实际情况填写）", [1]),
    ],
)
def test_gc604_flags_placeholders(body: str, columns: list[int]) -> None:
    assert found("GC604", body) == [(3, c) for c in columns]


@pytest.mark.parametrize(
    "body",
    [
        "报告电子版见 https://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/XXgk.htm 。",
        "来信请寄 pzxxgkb@163.com，网址 http://xx.example.gov.cn/a_XX_1.htm 。",
        "规格为3×4，数量2×3。",
        "申请人王某某、张某某分别提出申请。",
        "（此处所称政府信息包括各部门信息）",
        "在【政策解读】栏目发布解读5条。",
        "2023年1月18日发布，第XXI号。",
    ],
)
def test_gc604_leaves_ordinary_text_alone(body: str) -> None:
    assert found("GC604", body) == []


def test_gc604_reads_every_line_including_the_title() -> None:
    text = REPORT.format(body="无。").replace("示例县交通运输局2022", "XX县交通运输局2022", 1)
    result = lint_text(text)
    assert [(f.line, f.column, f.rule) for f in result.findings if f.rule == "GC604"] == [
        (1, 1, "GC604")
    ]


def test_gc604_reports_overlapping_patterns_once() -> None:
    # ×× inside 20××年 matches two patterns; one finding is kept, for the longer match.
    result = lint_text(REPORT.format(body="20××年工作"))
    findings = [f for f in result.findings if f.rule == "GC604"]
    assert [(f.line, f.column) for f in findings] == [(3, 1)]
    assert "“20××”" in findings[0].message


def test_builtin_rules_are_this_kind() -> None:
    kinds = {r.id: getattr(r, "kind") for r in builtin_rules()}  # noqa: B009
    assert kinds["GC506"] == kinds["GC604"] == "pattern_prohibited"


# --- the kind itself ----------------------------------------------------------------


def test_scope_and_sections_limit_the_lines_read() -> None:
    text = REPORT.format(body="甲乙").replace("一是公开不够及时", "甲乙公开不够及时")
    d = doc(text)
    everywhere = evaluate(spec(patterns=["甲乙"]), d, Context())
    assert [h.line for h in everywhere.hits] == [3, 8]
    problems_only = evaluate(spec(patterns=["甲乙"], sections=["problems"]), d, Context())
    assert [h.line for h in problems_only.hits] == [8]
    # The title is not prose; scope "all" reads it too.
    titled = evaluate(spec(patterns=["交通运输局2022"], scope="all"), d, Context())
    assert [h.line for h in titled.hits] == [1]
    assert evaluate(spec(patterns=["交通运输局2022"]), d, Context()).status is RuleStatus.PASS


def test_hit_values_and_column() -> None:
    outcome = evaluate(
        spec(patterns=["乙丙"]), doc(REPORT.format(body="甲，乙丙丁。戊")), Context()
    )
    assert outcome.status is RuleStatus.FAIL
    (hit,) = outcome.hits
    assert (hit.line, hit.column) == (3, 3)
    assert dict(hit.values) == {"match": "乙丙", "context": "乙丙丁"}


def test_context_is_clipped_around_the_match() -> None:
    text = "甲" * 50 + "乙" + "丙" * 50
    clipped = context(text, 50, 51)
    assert "乙" in clipped
    assert clipped.startswith("\u2026")
    assert clipped.endswith("\u2026")
    assert len(clipped) == 42


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"patterns": ["(unclosed"]}, "invalid regular expression"),
        ({"patterns": []}, "at least one pattern"),
        ({"patterns": ["x"], "sections": ["problem"]}, "unknown section ids: problem"),
        ({"patterns": ["x"], "scope": "tables"}, "scope"),
        ({"patterns": ["x"], "scope": "all", "sections": ["other"]}, "only narrow"),
    ],
)
def test_spec_is_validated(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        spec(**fields)


def test_registered() -> None:
    from govcheck.engine.registry import KINDS

    assert KINDS["pattern_prohibited"] == (pattern_prohibited.Spec, pattern_prohibited.evaluate)
