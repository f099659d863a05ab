"""Kind ``outdated_template`` and its rule GC002 (the pre-2019 layout)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus, Severity
from govcheck.kinds.outdated_template import Spec, evaluate
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import EXAMPLES, SEED, SHARED_F2021, lint_text, status


def rule() -> Spec:
    found = next(r for r in builtin_rules() if r.id == "GC002")
    assert isinstance(found, Spec)
    return found


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


OLD = """示例区{year}年度政府信息公开工作年度报告
一、概述
我区认真贯彻落实《条例》。
三、依申请公开政府信息情况
未收到政府信息公开申请。
四、政府信息公开的收费及减免情况
未收取任何费用。
"""


def test_old_layout_on_a_modern_year_is_an_error_at_the_first_old_heading() -> None:
    outcome = evaluate(rule(), doc(OLD.format(year=2020)), Context())
    assert outcome.status is RuleStatus.FAIL
    [hit] = outcome.hits
    assert (hit.line, hit.related, hit.severity) == (2, (4, 6), None)
    assert hit.values["count"] == 3


def test_the_verdict_names_the_format_due_for_the_year() -> None:
    result = lint_text(OLD.format(year=2022))
    [finding] = [f for f in result.findings if f.rule == "GC002"]
    assert finding.severity is Severity.ERROR
    assert finding.message.endswith("2022年度报告应使用国办公开办函〔2021〕30号规定的格式")


def test_old_layout_on_2018_is_info_outside_the_formats() -> None:
    result = lint_text(OLD.format(year=2018), lang="en")
    [finding] = [f for f in result.findings if f.rule == "GC002"]
    assert (finding.line, finding.severity) == (2, Severity.INFO)
    assert "outside the formats govcheck checks" in finding.message


def test_unknown_year_is_info_never_a_guessed_error() -> None:
    text = OLD.format(year=2020).split("\n", 1)[1]  # no title, so no year
    [hit] = evaluate(rule(), doc(text), Context()).hits
    assert hit.severity is Severity.INFO


def test_flattened_page_is_found_inside_one_long_line() -> None:
    body = (
        "前言。一、概述我区认真贯彻落实。二、主动公开政府信息情况。"
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况无。"
    )
    outcome = evaluate(rule(), doc(f"示例区2019年度政府信息公开工作年度报告\n{body}\n"), Context())
    assert [(h.line, h.values["count"]) for h in outcome.hits] == [(2, 2)]


def test_runs_on_a_file_that_is_not_recognised_as_a_report() -> None:
    result = lint_text(
        "示例区2018年度政府信息公开工作年度报告\n一、概述。六、政府信息公开情况统计表。\n"
    )
    assert status(result, "GC001") == "fail"
    assert status(result, "GC002") == "fail"


MODERN = "示例区2020年度政府信息公开工作年度报告\n一、总体情况\n"


@pytest.mark.parametrize(
    "body",
    [
        # one old-sounding phrase alone is not the old layout
        "一、概述\n",
        # a sub-heading of section 一 has no top-level numeral
        "（二）依申请公开政府信息情况\n政府信息公开情况统计表\n",
        # the Art. 50 wording of heading 四 is a modern variant
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n",
        # real 2019/2021 prefaces list the old wording without numerals (corpus 03, 05)
        "本报告包括总体情况、因政府信息公开申请行政复议、提起行政诉讼的情况、"
        "政府信息公开情况统计表等部分。\n",
    ],
)
def test_modern_or_weak_evidence_passes(body: str) -> None:
    assert evaluate(rule(), doc(MODERN + body), Context()).status is RuleStatus.PASS


def test_a_file_that_is_neither_old_nor_a_report_is_not_assessable() -> None:
    outcome = evaluate(rule(), doc("会议纪要\n会议研究了春耕生产。\n"), Context())
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


FORMAT_PACK = ("GC002", "GC102", "GC103", "GC104", "GC105", "GC106", "GC606")


@pytest.mark.parametrize(
    "path",
    [
        EXAMPLES / "f2019-township-2020.txt",
        EXAMPLES / "f2021-department-2022.txt",
        SEED,
        SHARED_F2021,
    ],
    ids=lambda p: p.name,
)
def test_format_pack_is_silent_on_clean_reports(path: Path) -> None:
    """The seven format rules pass on every clean report: no false alarm, not even info."""
    if not path.exists():
        pytest.skip(f"{path} is not present")
    result = lint_text(path.read_text(encoding="utf-8"))
    assert {r: status(result, r) for r in FORMAT_PACK} == dict.fromkeys(FORMAT_PACK, "pass")


def test_corpus_2018_old_layout_is_info_at_the_flattened_body(shared: Path) -> None:
    path = shared / "corpus" / "14_pingtan-2018-old-layout.txt"
    if not path.exists():
        pytest.skip("corpus file 14 is not present")
    result = lint_text(path.read_text(encoding="utf-8"))
    found = [(f.line, f.severity) for f in result.findings if f.rule == "GC002"]
    assert found == [(10, Severity.INFO)]


BASE: dict[str, Any] = {
    "id": "GC901",
    "name": "mine",
    "kind": "outdated_template",
    "severity": "error",
    "summary": {"zh": "摘要", "en": "summary"},
    "message": {"zh": "{found}{verdict}", "en": "{found}{verdict}"},
    "rationale": {"zh": "依据", "en": "basis"},
    "patterns": ["概述"],
    "outdated": {"zh": "{year}{required}", "en": "{year}{required}"},
    "legacy": {"zh": "旧", "en": "old"},
}


@pytest.mark.parametrize(
    "change",
    [
        {"patterns": ["(unclosed"]},
        {"patterns": []},
        {"outdated": {"zh": "{colour}", "en": "x"}},
        {"legacy": {"zh": "{year}", "en": "x"}},
        {"min_markers": 0},
    ],
)
def test_bad_rule_fields_fail_at_load(change: dict[str, Any]) -> None:
    Spec.model_validate(BASE)
    with pytest.raises(ValidationError):
        Spec.model_validate({**BASE, **change})
