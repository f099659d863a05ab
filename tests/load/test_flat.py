"""Flattened crawler text: one long line cut at the format's labels, digit runs split
only when exactly one split is possible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govcheck.load import load_bytes
from tests.conftest import EXAMPLES, run_cli


def flatten(text: str, t3_rows: dict[str, str] | None = None) -> str:
    """An example report as a crawler saves it: everything on one line, cells run together.

    ``t3_rows`` replaces a row's seven cells by the given run (as scrapers glue them).
    """
    lines = [line for line in text.split("\n") if line.strip()]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if t3_rows and line in t3_rows:
            out.append(t3_rows[line])
            i += 8
            continue
        i += 1
    return "".join(out)


CLEAN = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
FAULTY = (EXAMPLES / "f2021-faulty-2023.txt").read_text(encoding="utf-8")


def units(text: str) -> list[str]:
    return [u.text for u in load_bytes(text.encode("utf-8"), "page.txt").reading_units()]


def test_short_text_is_not_flattened() -> None:
    assert load_bytes("一、总体情况\n二、主动公开政府信息情况\n".encode(), "a.txt").form == "text"


def test_single_digit_cells_split_one_per_cell() -> None:
    parts = units(flatten(CLEAN))
    i = parts.index("二、上年结转政府信息公开申请数量")
    # 1 1 0 0 0 0 2 were glued into "1100002": seven digits for seven cells.
    assert parts[i + 1 : i + 8] == ["1", "1", "0", "0", "0", "0", "2"]


def test_space_separated_groups_are_cells() -> None:
    flat = flatten(CLEAN, {"一、本年新收政府信息公开申请数量": "9 3 0 1 2 1 16"})
    parts = units(flat)
    i = parts.index("一、本年新收政府信息公开申请数量")
    assert parts[i + 1 : i + 8] == ["9", "3", "0", "1", "2", "1", "16"]


def test_an_ambiguous_run_stays_whole_and_makes_the_table_unreadable(tmp_path: Path) -> None:
    flat = flatten(CLEAN, {"一、本年新收政府信息公开申请数量": "930121016"})
    report = tmp_path / "page.txt"
    report.write_text(flat, encoding="utf-8")
    data = json.loads(run_cli("lint", str(report), "-f", "json").stdout)["files"][0]
    statuses = {r["id"]: r["status"] for r in data["rules"]}
    assert statuses["GC003"] == "fail"
    assert {statuses[r] for r in ("GC301", "GC302", "GC303")} == {"not_assessable"}
    gc003 = next(f for f in data["findings"] if f["rule"] == "GC003")
    assert "930121016" in gc003["message"]  # the run is quoted, never split by guessing
    assert gc003["line"] == 1 and gc003["column"] == flat.index("一、本年新收") + 1


def test_flattened_faulty_report_keeps_its_arithmetic_and_prose_findings(tmp_path: Path) -> None:
    report = tmp_path / "page.txt"
    report.write_text(flatten(FAULTY), encoding="utf-8")
    data = json.loads(run_cli("lint", str(report), "-f", "json").stdout)["files"][0]
    rules = {f["rule"] for f in data["findings"] if f["severity"] == "error"}
    # Table 3's runs are single digits except 总计 7 and 6 ... which stay ambiguous,
    # so only identities that do not need them may fail; prose on the same line is read.
    assert "GC501" in rules or "GC003" in {f["rule"] for f in data["findings"]}
    assert {"GC304", "GC101", "GC201"} <= rules
    gc304 = next(f for f in data["findings"] if f["rule"] == "GC304")
    assert gc304["line"] == 1 and gc304["column"] > 1


def test_misspelt_heading_in_flattened_text_is_found() -> None:
    flat = flatten(CLEAN).replace(
        "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"
    )
    assert "四、政府信息公开行政法复议、行政诉讼情况" in units(flat)


@pytest.mark.parametrize("run", ["2 1 0 0 3 1 0 0 1 2 0 0 0 0 0", "210031001200000"])
def test_table_four_run_of_fifteen(run: str, tmp_path: Path) -> None:
    flat = flatten(CLEAN)
    glued = "210031001200000"
    assert glued in flat
    report = tmp_path / "page.txt"
    report.write_text(flat.replace(glued, run), encoding="utf-8")
    data = json.loads(run_cli("lint", str(report), "-f", "json", "--select", "GC304").stdout)
    assert data["files"][0]["rules"] == [
        {"id": "GC304", "name": "t4-group-total", "status": "pass"}
    ]
