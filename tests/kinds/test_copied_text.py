"""Kind ``copied_text`` (GC703): sections 一 and 五 against last year's, by 5-gram containment."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pydantic import ValidationError

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.copied_text import Spec, containment, evaluate, shingles
from govcheck.model import Document
from tests.kinds.cell_report import COMMON, document
from tests.kinds.crossyear_report import after

MESSAGE = {"zh": "{title}{share}{threshold}", "en": "{title} {share} {threshold}"}

PROBLEMS_2022 = (
    "一是部分征地、规划类信息公开不够及时，个别项目批后公告晚于系统公示。"
    "下一步将建立征地和规划信息公开台账，明确公开时限，由办公室每月核查通报。"
)
PROBLEMS_2023 = (
    "一是政策解读形式较为单一，以文字解读为主，图解、视频等形式较少。"
    "下一步将针对不动产登记等高频事项制作图解和短视频解读，提升解读的可读性。"
)


def spec(**fields: object) -> Spec:
    return Spec.model_validate(
        {
            **COMMON,
            "kind": "copied_text",
            "message": MESSAGE,
            "sections": ["overview", "problems"],
            **fields,
        }
    )


def report(year: int, problems: str, overview: str = "本局依法公开政府信息。") -> Document:
    """A small report: title, section 一, section 五 (heading on line 4)."""
    return document(
        f"示例县自然资源局{year}年政府信息公开工作年度报告\n"
        f"一、总体情况\n{overview}\n"
        f"五、存在的主要问题及改进情况\n{problems}\n"
    )


def test_shingles_are_the_distinct_pieces_of_n_characters() -> None:
    assert shingles("abcabc", 3) == frozenset({"abc", "bca", "cab"})
    assert shingles("ab", 3) == frozenset({"ab"})
    assert shingles("", 3) == frozenset()


def test_containment_is_the_share_of_this_years_pieces_found_last_year() -> None:
    assert containment("abcdef", "xxabcdxx", 3) == Fraction(2, 4)
    assert containment("abcdef", "abcdef", 3) == 1
    assert containment("", "abc", 3) == 0


def test_a_copied_section_is_a_hit_at_its_heading_naming_the_share() -> None:
    outcome = evaluate(spec(), report(2023, PROBLEMS_2022), after(report(2022, PROBLEMS_2022)))
    (hit,) = outcome.hits
    assert (hit.line, hit.anchor) == (4, "section:problems")
    assert hit.values["title"] == Text(
        "五、存在的主要问题及改进情况", "main problems and improvements"
    )
    assert (hit.values["share"], hit.values["threshold"]) == ("100.0%", "80.0%")
    assert hit.values["previous_line"] == 4


def test_a_copy_with_new_figures_is_still_a_copy() -> None:
    updated = PROBLEMS_2022.replace("每月", "每15天")
    previous = report(2022, PROBLEMS_2022.replace("每月", "每30天"))
    assert evaluate(spec(), report(2023, updated), after(previous)).status is RuleStatus.FAIL


def test_a_rewritten_section_passes() -> None:
    outcome = evaluate(spec(), report(2023, PROBLEMS_2023), after(report(2022, PROBLEMS_2022)))
    assert outcome.status is RuleStatus.PASS


def test_the_threshold_is_a_rule_field() -> None:
    half = PROBLEMS_2022[: len(PROBLEMS_2022) // 2] + PROBLEMS_2023
    now, before = report(2023, half), report(2022, PROBLEMS_2022)
    assert evaluate(spec(), now, after(before)).status is RuleStatus.PASS
    assert evaluate(spec(threshold=0.3), now, after(before)).status is RuleStatus.FAIL


def test_short_sections_are_not_compared() -> None:
    outcome = evaluate(spec(), report(2023, "无。"), after(report(2022, "无。")))
    assert outcome.status is RuleStatus.PASS


def test_without_a_previous_report_the_rule_does_not_apply() -> None:
    outcome = evaluate(spec(), report(2023, PROBLEMS_2022), Context())
    assert outcome.status is RuleStatus.NOT_APPLICABLE


def test_an_unknown_section_id_is_refused() -> None:
    with pytest.raises(ValidationError):
        spec(sections=["problem"])
