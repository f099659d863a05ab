"""Inline reports for the prose-versus-table kinds: prose lines plus tables 3 and 4.

The tables are written one cell per line from the template's own labels, with
each table-3 row's value in the 自然人 and 总计 columns, so that tests can
state the few totals they need and know every cell's line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govcheck.engine.base import Context, Outcome, RuleBase
from govcheck.engine.packs import builtin_rules
from govcheck.engine.registry import evaluate
from govcheck.load import decode
from govcheck.model import Document
from govcheck.parse import parse
from govcheck.templates import load_template

# 新收 16, 上年结转 2, 总计 15, 结转 3 — the figures of examples/f2021-department-2022.txt.
T3 = {
    "new": 16,
    "carry_in": 2,
    "open": 6,
    "partial": 2,
    "deny4": 1,
    "unable1": 2,
    "unable2": 1,
    "noproc1": 1,
    "other1": 1,
    "other3": 1,
    "total": 15,
    "carry_out": 3,
}
# 复议 2 1 0 0 3; 直诉 1 0 0 1 2; 复议后 0 0 0 0 0.
T4 = (2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0)


def report(
    prose: Sequence[str],
    t3: Mapping[str, int] = T3,
    t4: Sequence[int] = T4,
    *,
    fmt: str = "F2021",
    year: int = 2022,
) -> str:
    """A recognised report: title, section 一 holding ``prose`` (from line 3), tables 3 and 4."""
    template = load_template(fmt)
    s3, s4 = template.table_spec("t3"), template.table_spec("t4")
    assert s3 is not None and s4 is not None
    lines = [f"示例县示例局{year}年政府信息公开工作年度报告", "一、总体情况", *prose]
    lines += ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", *s3.headers]
    for row in s3.row:
        value = str(t3.get(row.key, 0))
        lines += [row.label, value, "0", "0", "0", "0", "0", value]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", *s4.headers, *(str(v) for v in t4)]
    lines += ["五、存在的主要问题及改进情况", "一是公开不够及时。", "六、其他需要报告的事项"]
    lines += ["无。", f"{year + 1}年1月20日"]
    return "\n".join(lines) + "\n"


def t3_line(text: str, row: str, fmt: str = "F2021") -> int:
    """The line of table 3's 总计 cell in ``row`` (7 lines below the row label)."""
    spec = load_template(fmt).table_spec("t3")
    assert spec is not None
    label = spec.row_spec(row).label
    return text.split("\n").index(label) + 1 + 7


def t4_line(text: str, position: int) -> int:
    """The line of table 4's ``position``-th number (1-based, in the 15-number order)."""
    lines = text.split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况") + 1
    spec = load_template("F2021").table_spec("t4")
    assert spec is not None
    return start + len(spec.headers) + position


def document(text: str) -> Document:
    """Parse an inline report."""
    return parse(decode(text.encode("utf-8"), "t.txt"))


def rule(rule_id: str) -> RuleBase:
    """A built-in rule by id."""
    return next(r for r in builtin_rules() if r.id == rule_id)


def run(rule_or_id: RuleBase | str, text: str) -> Outcome:
    """Evaluate one rule on an inline report."""
    spec = rule(rule_or_id) if isinstance(rule_or_id, str) else rule_or_id
    return evaluate(spec, document(text), Context())
