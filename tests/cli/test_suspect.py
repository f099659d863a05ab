"""The installed script names the suspect cell, with the value that mends every identity through it.

f2021-department-2023.txt with 不予公开 4.保护第三方合法权益 / 商业企业 (line 116) raised
from 0 to 1 breaks that row's total (GC303, reported at line 121) and the
商业企业 column's result sum (GC302, reported at line 247). One cell explains
both: one finding at line 116 says so, and the JSON gives its cell key and
the suggested value; ``govcheck extract`` and a waiver use the same key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, edit_lines

SCRIPT = Path(sys.executable).with_name("govcheck")
REPORT = EXAMPLES / "f2021-department-2023.txt"
ARITHMETIC = ("GC301", "GC302", "GC303", "GC304")


def govcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed script; a wide terminal without colour, so a rich table line stays one line."""
    env = {**os.environ, "COLUMNS": "300", "NO_COLOR": "1"}
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
        env=env,
    )


def mutated(tmp_path: Path, edits: dict[int, tuple[str, str | None]]) -> Path:
    path = tmp_path / "r.txt"
    path.write_text(edit_lines(REPORT.read_text(encoding="utf-8"), edits), encoding="utf-8")
    return path


def arithmetic(path: Path, *args: str) -> tuple[int, dict[str, str], list[dict[str, object]]]:
    run = govcheck("lint", str(path), "--format", "json", *args)
    file = json.loads(run.stdout)["files"][0]
    statuses = {r["id"]: r["status"] for r in file["rules"] if r["id"] in ARITHMETIC}
    return run.returncode, statuses, [f for f in file["findings"] if f["rule"] in ARITHMETIC]


def test_one_raised_cell_is_one_finding_naming_it_and_its_value(tmp_path: Path) -> None:
    code, statuses, findings = arithmetic(mutated(tmp_path, {116: ("0", "1")}))
    assert code == 1
    assert statuses == {"GC301": "pass", "GC302": "fail", "GC303": "fail", "GC304": "pass"}
    assert findings == [
        {
            "rule": "GC302",
            "name": "t3-results-total",
            "severity": "error",
            "line": 116,
            "column": 1,
            "message": "表三「不予公开4.保护第三方合法权益」行「商业企业」列为 1，若为 0 "
            "则本列合计（GC302）与本行合计（GC303）都成立",
            "related_lines": [121, 247],
            "fix": "核对各项办理结果，使其合计等于总计。",
            "cell": "t3.deny4.biz",
            "suggested": "0",
        }
    ]


def test_the_finding_in_english(tmp_path: Path) -> None:
    _, _, findings = arithmetic(mutated(tmp_path, {116: ("0", "1")}), "--lang", "en")
    assert [f["message"] for f in findings] == [
        'table 3, row "withheld 4", column "businesses" is 1; as 0, '
        "the column's total (GC302) and the row's total (GC303) would hold"
    ]


def test_a_row_total_is_named_under_the_rule_that_reported_it(tmp_path: Path) -> None:
    """不予公开4 总计 (line 121) 1 → 2: GC303 reported its row there; GC302 its column at 252."""
    _, statuses, findings = arithmetic(mutated(tmp_path, {121: ("1", "2")}))
    assert statuses["GC302"] == statuses["GC303"] == "fail"
    assert [(f["rule"], f["line"], f["cell"], f["suggested"]) for f in findings] == [
        ("GC303", 121, "t3.deny4.tot", "1")
    ]
    assert findings[0]["related_lines"] == [252]
    assert findings[0]["message"] == (
        "表三「不予公开4.保护第三方合法权益」行「总计」列为 2，若为 1 "
        "则本列合计（GC302）与本行合计（GC303）都成立"
    )


def test_the_other_rule_says_where_its_failure_went(tmp_path: Path) -> None:
    """GC302 fails with no finding of its own; its note points to GC303's finding."""
    report = mutated(tmp_path, {121: ("1", "2")})
    run = govcheck(
        "lint", str(report), "--select", "GC302", "--select", "GC303", "--format", "line"
    )
    assert [line.split(" ")[1] for line in run.stdout.splitlines()] == ["GC303"]
    note = "本规则的失败已并入第 121 行 GC303 的可疑单元格结果（t3.deny4.tot）"
    alone = govcheck("lint", str(report), "--select", "GC302", "--format", "rich")
    assert "GC302" in alone.stdout and note not in alone.stdout  # alone, GC302 reports its own
    rich = govcheck(
        "lint", str(report), "--select", "GC302", "--select", "GC303", "--format", "rich"
    )
    lines = rich.stdout.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.strip().startswith("GC302 "))
    assert lines[heading + 1].strip() == note  # the merged rule, with its note below its title


def test_the_faulty_example_keeps_its_findings_when_no_cell_is_unique() -> None:
    """Two raised cells in one row: 上年结转 or 结转下年度 could mend the columns as well."""
    _, _, findings = arithmetic(EXAMPLES / "f2021-faulty-2023.txt")
    assert [(f["rule"], f["line"], f.get("cell"), f.get("suggested")) for f in findings] == [
        ("GC301", 115, "t3.new.np", None),
        ("GC301", 127, "t3.new.tot", None),
        ("GC304", 571, "t4.rv.total", None),
    ]


def test_extract_and_waivers_use_the_findings_cell_key(tmp_path: Path) -> None:
    report = mutated(tmp_path, {116: ("0", "1")})
    cells = json.loads(govcheck("extract", str(report)).stdout)["cells"]
    record = next(c for c in cells if c["cell"] == "t3.deny4.biz")
    assert (record["line"], record["value"], record["row"], record["column"]) == (
        116,
        "1",
        "deny4",
        "biz",
    )
    (tmp_path / "govcheck.toml").write_text(
        '[[waiver]]\npath = "r.txt"\nrule = "GC302"\ncell = "t3.deny4.biz"\n'
        'reason = "published as is"\n',
        encoding="utf-8",
    )
    run = govcheck("lint", "r.txt", "--format", "json", "--select", "GC3", cwd=tmp_path)
    file = json.loads(run.stdout)["files"][0]
    assert [f["rule"] for f in file["findings"]] == []
    assert run.returncode == 0
