"""A failed gate rule (GC002, pre-2019 layout) makes the other rules not assessable."""

from __future__ import annotations

from tests.conftest import lint_text

OLD_LAYOUT = """示例市人民政府2019年政府信息公开工作年度报告
一、概述
本年度政府信息公开工作情况如下。
二、主动公开政府信息情况
三、政府信息依申请公开工作情况
四、政府信息公开的收费及减免情况
五、因政府信息公开申请行政复议、提起行政诉讼的情况
六、政府信息公开工作存在的主要问题及改进情况
2020年3月1日
"""


def test_outdated_layout_closes_the_gate() -> None:
    result = lint_text(OLD_LAYOUT)
    statuses = {r.id: r.status.value for r in result.rules}
    assert statuses["GC002"] == "fail"
    assert [f.rule for f in result.findings] == ["GC002"]
    others = {s for rule, s in statuses.items() if rule not in {"GC001", "GC002", "GC900"}}
    assert others == {"not_assessable"}
    note = next(r.note for r in result.rules if r.id == "GC101")
    assert "GC002" in note
