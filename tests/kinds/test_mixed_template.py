"""Kind ``mixed_template`` and its rule GC105, with the marker helpers it shares."""

from __future__ import annotations

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus
from govcheck.kinds.fingerprints import distinct_markers, summary
from govcheck.kinds.mixed_template import Spec, evaluate
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import lint_text

TITLE = "示例局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
F2021_ROWS = "本年制发件数\n本年废止件数\n现行有效件数\n本年处理决定数量\n"
F2019_BLOCK = "第二十条第（九）项\n采购项目数量\n采购总金额\n"


def rule() -> Spec:
    found = next(r for r in builtin_rules() if r.id == "GC105")
    assert isinstance(found, Spec)
    return found


def doc(text: str) -> Document:
    return parse(decode(text.encode("utf-8"), "t.txt"))


def test_distinct_markers_count_each_marker_once() -> None:
    d = doc(TITLE + "本年处理决定数量\n本年处理决定数量\n行政规范性文件\n")
    found = distinct_markers(d, "F2021")
    assert {m: t.line for m, t in found.items()} == {"本年处理决定数量": 3, "行政规范性文件": 5}
    assert summary(found, shown=1) == "本年处理决定数量 / ..."


def test_one_format_passes() -> None:
    assert evaluate(rule(), doc(TITLE + F2021_ROWS), Context()).status is RuleStatus.PASS


def test_minority_format_is_reported_at_its_first_marker() -> None:
    outcome = evaluate(rule(), doc(TITLE + F2021_ROWS + F2019_BLOCK), Context())
    [hit] = outcome.hits
    assert (hit.line, hit.related, hit.values["count"]) == (7, (8, 9), 3)
    assert hit.values["used"] == "国办公开办函〔2021〕30号"
    assert hit.values["other"] == "国办公开办函〔2019〕60号"


def test_a_single_stray_marker_is_not_a_mix() -> None:
    # 行政规范性文件 is an F2021 marker that a short F2019 line may well contain.
    text = TITLE + "本年新制作数量\n本年新公开数量\n（一）行政规范性文件\n"
    assert evaluate(rule(), doc(text), Context()).status is RuleStatus.PASS


def test_message_in_both_languages() -> None:
    text = TITLE + F2021_ROWS + F2019_BLOCK
    [zh] = [f for f in lint_text(text).findings if f.rule == "GC105"]
    assert zh.message == (
        "报告混用两个版本的格式：表格主要按国办公开办函〔2021〕30号，"
        "但又出现国办公开办函〔2019〕60号特有的 3 个栏目或行"
        "（第二十条第(九)项 / 采购项目数量 / 采购总金额）"
    )
    [en] = [f for f in lint_text(text, lang="en").findings if f.rule == "GC105"]
    assert en.message.startswith("the report mixes the two formats")
