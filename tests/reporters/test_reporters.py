"""Reporters against golden files, from a hand-made RunResult.

Set GOVCHECK_UPDATE_GOLDEN=1 to rewrite the goldens after an intended change,
then review the diff.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from govcheck import __version__
from govcheck.findings import (
    FileResult,
    Finding,
    RuleMeta,
    RuleResult,
    RuleStatus,
    RunResult,
    Severity,
)
from govcheck.reporters import REPORTERS, Format, console

GOLDEN = Path(__file__).parent / "golden"

RESULT = RunResult(
    files=(
        FileResult(
            path="reports/示例街道2023.txt",
            format="2021",
            year=2023,
            issuer="示例街道办事处",
            date=None,
            rules=(
                RuleResult("GC101", "missing-section", Severity.ERROR, RuleStatus.PASS),
                RuleResult("GC201", "missing-date", Severity.ERROR, RuleStatus.FAIL),
                RuleResult("GC301", "t3-balance", Severity.ERROR, RuleStatus.FAIL),
                RuleResult(
                    "GC003", "table-unreadable", Severity.WARNING, RuleStatus.NOT_APPLICABLE
                ),
                RuleResult(
                    "GC304",
                    "t4-group-total",
                    Severity.ERROR,
                    RuleStatus.NOT_ASSESSABLE,
                    note="表四的数字无法可靠地对应到单元格",
                ),
            ),
            findings=(
                Finding(
                    "GC301",
                    "t3-balance",
                    Severity.ERROR,
                    115,
                    1,
                    "表三“自然人”列：新收 5 + 上年结转 1 = 6，"
                    "但 总计 4 + 结转下年度 1 = 5（相差 1）",
                    (131, 493, 509),
                    "t3.new.np",
                    "核对该列的新收、上年结转、办理结果总计和结转下年度数据，使两边相等。",
                ),
                Finding(
                    "GC201",
                    "missing-date",
                    Severity.ERROR,
                    603,
                    1,
                    "未找到落款日期或发布日期",
                    (),
                    "closing",
                ),
            ),
        ),
        FileResult(
            path="clean.txt",
            format="2019",
            year=2020,
            issuer=None,
            date="2021-01-19",
            rules=(RuleResult("GC101", "missing-section", Severity.ERROR, RuleStatus.PASS),),
            findings=(),
        ),
    ),
    rules=(
        RuleMeta("GC101", "missing-section", Severity.ERROR, "报告应包含格式规定的六个部分", ""),
        RuleMeta("GC201", "missing-date", Severity.ERROR, "报告应有落款日期或发布日期", ""),
        RuleMeta("GC301", "t3-balance", Severity.ERROR, "表三每列：本年新收 + 上年结转 = 总计", ""),
    ),
)


def rendered(fmt: Format) -> str:
    out = io.StringIO()
    REPORTERS[fmt](RESULT, out, "zh")
    return out.getvalue().replace(__version__, "VERSION")


def check_golden(actual: str, name: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("GOVCHECK_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "name"),
    [(Format.LINE, "basic.line"), (Format.JSON, "basic.json")],
)
def test_golden(fmt: Format, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    check_golden(rendered(fmt), name)


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("verbose", [False, True])
def test_rich_golden_at_80_and_120_columns(
    columns: int, verbose: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    console.render(RESULT, out, "zh", verbose=verbose, colour=False)
    actual = out.getvalue()
    assert max(cell_len(line) for line in actual.splitlines()) <= columns
    check_golden(actual, f"basic{'.verbose' if verbose else ''}.rich.{columns}.txt")


def test_json_shape_is_exactly_the_documented_one() -> None:
    data = json.loads(rendered(Format.JSON))
    assert list(data) == ["govcheck", "files", "summary"]
    assert list(data["files"][0]) == [
        "path",
        "format",
        "year",
        "issuer",
        "date",
        "rules",
        "findings",
    ]
    assert list(data["files"][0]["rules"][0]) == ["id", "name", "status"]
    # A rule that is not assessable also says why; the others have no note.
    gc304 = data["files"][0]["rules"][4]
    assert gc304 == {
        "id": "GC304",
        "name": "t4-group-total",
        "status": "not_assessable",
        "note": "表四的数字无法可靠地对应到单元格",
    }
    assert list(data["files"][0]["findings"][0]) == [
        "rule",
        "name",
        "severity",
        "line",
        "column",
        "message",
        "related_lines",
        "fix",
        "cell",
    ]
    fixes = [f["fix"] for f in data["files"][0]["findings"]]
    assert fixes == ["核对该列的新收、上年结转、办理结果总计和结转下年度数据，使两边相等。", ""]
    assert data["files"][0]["findings"][0]["cell"] == "t3.new.np"
    # A finding about no cell (the closing date) has no "cell"; neither implies a value.
    assert list(data["files"][0]["findings"][1])[-1] == "fix"
    assert data["summary"] == {
        "files": 2,
        "error": 2,
        "warning": 0,
        "info": 0,
        "not_assessable": 1,
    }
