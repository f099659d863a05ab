"""Crawler pages (one line, digits run together) read by the tables' own identities.

Each example report, flattened as a crawler saves it, gives either exactly
the cells of its cell-per-line text in tables 3 and 4, or no cell at all for
a run it cannot split uniquely, never a cell in a guessed place. Each
single-cell change of tables 3 and 4 in the flattened page fails the gate:
the identities no longer admit the true split, so the table is reported
(GC003) or an identity fails; no mutation passes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import govcheck
from tests.conftest import EXAMPLES, SEED, run_cli
from tests.forms.render_flat import render_flat

REPORTS = [*sorted(EXAMPLES.glob("*.txt")), *([SEED] if SEED.exists() else [])]
TABLES = ("t3", "t4")


def extract(path: Path) -> dict[tuple[str, str, str], str | None]:
    result = run_cli("extract", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    return {
        (c["table"], c["row"], c["column"]): c["value"]
        for c in json.loads(result.stdout)["cells"]
        if c["table"] in TABLES
    }


def lint(path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("lint", str(path), "--format", "json", "--lang", "en", *extra)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["files"][0]


def flat(tmp_path: Path, report: Path, text: str | None = None) -> Path:
    out = tmp_path / f"{report.stem}.flat.txt"
    source = report.read_text(encoding="utf-8") if text is None else text
    out.write_text(render_flat(source), encoding="utf-8")
    return out


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_a_flattened_example_reads_the_same_table_3_and_4_cells(
    report: Path, tmp_path: Path
) -> None:
    expected = extract(report)
    got = extract(flat(tmp_path, report))
    assert got == expected
    assert len(got) in (161 + 15, 175 + 15)


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_identities_used_to_split_are_not_reported_as_checked(report: Path, tmp_path: Path) -> None:
    # A row of one-digit numbers splits by its count alone; a row holding a
    # number of two or more digits can only be split by the identities.
    needs_identities = any(int(v or 0) >= 10 for v in extract(report).values())
    _, record = lint(flat(tmp_path, report), "--select", "GC301,GC302,GC303,GC304")
    _, as_text = lint(report, "--select", "GC301,GC302,GC303,GC304")
    statuses = {r["id"]: r["status"] for r in record["rules"]}
    if not needs_identities:  # read by counts alone: every identity checked, as in the text
        assert statuses == {r["id"]: r["status"] for r in as_text["rules"]}
        key = lambda f: (f["rule"], f["message"])  # noqa: E731
        assert sorted(map(key, record["findings"])) == sorted(map(key, as_text["findings"]))
        return
    assert {r["status"] for r in as_text["rules"]} == {"pass"}
    assert record["findings"] == []
    unchecked = [r for r in record["rules"] if r["status"] == "not_assessable"]
    assert unchecked and set(statuses.values()) <= {"pass", "not_assessable"}
    notes = {r.id: r.note for r in govcheck.check(flat(tmp_path, report), lang="en").rules}
    assert all("split digits that ran together" in (notes[r["id"]] or "") for r in unchecked)


def mutations(text: str) -> list[tuple[int, str]]:
    """(line index, new text) raising each table 3/4 value line by one (examples: cell per line)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "新收政府信息公开申请数量" in line)
    end = next(i for i, line in enumerate(lines) if "存在的主要问题" in line and i > start)
    return [(i, str(int(lines[i]) + 1)) for i in range(start, end) if lines[i].strip().isdigit()]


# The clean reports: each passes GC301–GC304 unmutated, in both forms.
CLEAN = [r for r in REPORTS if "faulty" not in r.name]
GATE = ("--select", "GC003,GC301,GC302,GC303,GC304")


def caught(record: dict[str, Any]) -> list[str]:
    """Findings about tables 3 and 4 (a flattened table 2 is unreadable in every page)."""
    return [
        f["rule"]
        for f in record["findings"]
        if f["rule"] != "GC003" or f["message"].startswith(("table 3", "table 4"))
    ]


@pytest.mark.parametrize("report", CLEAN, ids=lambda p: p.name)
def test_no_single_cell_change_of_a_flattened_page_passes(report: Path, tmp_path: Path) -> None:
    text = report.read_text(encoding="utf-8")
    assert caught(lint(flat(tmp_path, report), *GATE)[1]) == []
    found = mutations(text)
    assert len(found) >= 150
    missed: list[int] = []
    for index, value in found:
        lines = text.split("\n")
        lines[index] = value
        if not caught(lint(flat(tmp_path, report, "\n".join(lines)), *GATE)[1]):
            missed.append(index + 1)
    assert missed == []


def test_the_unread_rows_of_a_table_are_one_finding(tmp_path: Path) -> None:
    """Table 2 of a crawled page: its runs cannot be split, for one reason, so one GC003."""
    code, record = lint(flat(tmp_path, EXAMPLES / "f2019-township-2020.txt"), "--select", "GC003")
    assert code == 1
    (finding,) = record["findings"]
    assert finding["message"].startswith('table 2: row "行政许可" has 1 value(s) (5137)')
    assert (
        "; 2 more could not be read either: 其他对外管理服务事项, 行政处罚;" in finding["message"]
    )
