"""Kind ``section_order`` and its rule GC102."""

from __future__ import annotations

import pytest

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus
from govcheck.kinds.section_order import Spec, evaluate, in_order
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import lint_text

HEADINGS = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


def rule() -> Spec:
    found = next(r for r in builtin_rules() if r.id == "GC102")
    assert isinstance(found, Spec)
    return found


def report(order: str) -> str:
    """A title, then the headings in ``order`` (e.g. "一三二"): heading n is on line n + 1."""
    return "示例镇人民政府2022年政府信息公开工作年度报告\n" + "".join(
        f"{HEADINGS[n]}\n" for n in order
    )


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


@pytest.mark.parametrize(
    ("ranks", "kept"),
    [
        ([0, 1, 2, 3, 4, 5], {0, 1, 2, 3, 4, 5}),
        ([0, 2, 1, 3, 4, 5], {0, 1, 3, 4, 5}),  # tie: keep the earlier heading (三)
        ([3, 0, 1, 2, 4, 5], {1, 2, 3, 4, 5}),  # 四 first: only 四 is out of place
        ([1, 2, 3, 4, 5, 0], {0, 1, 2, 3, 4}),  # 一 last
        ([5, 4, 3, 2, 1, 0], {0}),
        ([], set()),
    ],
)
def test_in_order_keeps_the_longest_run(ranks: list[int], kept: set[int]) -> None:
    assert in_order(ranks) == kept


@pytest.mark.parametrize(
    ("order", "lines"),
    [
        ("一二三四五六", []),
        ("一三五", []),  # missing sections are GC101's; what is there is in order
        ("一三二四五六", [4]),
        ("四一二三五六", [2]),
        ("二三四五六一", [7]),
        ("六五四三二一", [3, 4, 5, 6, 7]),
    ],
)
def test_one_hit_per_misplaced_heading(order: str, lines: list[int]) -> None:
    outcome = evaluate(rule(), doc(report(order)), Context())
    assert [h.line for h in outcome.hits] == lines
    assert outcome.status is (RuleStatus.FAIL if lines else RuleStatus.PASS)


def test_message_shows_found_and_required_order() -> None:
    [zh] = [f for f in lint_text(report("一三二四五六")).findings if f.rule == "GC102"]
    assert zh.message == (
        "第二部分“二、主动公开政府信息情况”的位置与格式不符："
        "报告中的顺序为 一 → 三 → 二 → 四 → 五 → 六，格式要求 一 → 二 → 三 → 四 → 五 → 六"
    )
    [en] = [f for f in lint_text(report("一三二"), lang="en").findings if f.rule == "GC102"]
    assert en.message == (
        'section 二 "proactive disclosure" is out of place: '
        "the report has 1 → 3 → 2, the format requires 1 → 2 → 3"
    )
