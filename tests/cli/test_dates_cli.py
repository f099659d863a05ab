"""--issuer-level and --published-on change what the date and power rules conclude."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, SEED, SHARED_F2021, edit_lines, run_cli

DEPARTMENT = EXAMPLES / "f2021-department-2022.txt"
TOWNSHIP = EXAMPLES / "f2019-township-2020.txt"
MINE = "GC202,GC203,GC204,GC205,GC206,GC605"


def lint(path: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("lint", str(path), "--format", "json", "--select", MINE, *options)
    return result.exit_code, json.loads(result.stdout)["files"][0]


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["status"] for r in data["rules"]}


def findings(data: dict[str, Any], rule: str) -> list[tuple[int, str]]:
    return [(f["line"], f["severity"]) for f in data["findings"] if f["rule"] == rule]


def write(tmp_path: Path, source: Path, edits: dict[int, tuple[str, str]]) -> Path:
    path = tmp_path / source.name
    path.write_text(edit_lines(source.read_text(encoding="utf-8"), edits), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", [TOWNSHIP, DEPARTMENT])
def test_clean_examples_have_no_findings(path: Path) -> None:
    code, data = lint(path)
    assert code == 0
    assert data["findings"] == []


def test_shared_reports_have_no_errors_or_warnings(shared: Path) -> None:
    for path in (SEED, SHARED_F2021):
        code, data = lint(path)
        assert code == 0
        assert [f for f in data["findings"] if f["severity"] != "info"] == []
    # the seed states no statistical period: information only
    assert findings(lint(SEED)[1], "GC205") == [(1, "info")]


def test_published_on_makes_a_department_late(tmp_path: Path) -> None:
    code, data = lint(DEPARTMENT, "--published-on", "2023-02-03")
    assert code == 1
    assert findings(data, "GC203") == [(305, "error")]
    assert "2023-02-03" in data["findings"][0]["message"]


def test_published_on_in_time_clears_a_late_signing_date(tmp_path: Path) -> None:
    late = write(tmp_path, DEPARTMENT, {305: ("2023年1月18日", "2023年2月20日")})
    assert findings(lint(late)[1], "GC203") == [(305, "error")]
    code, data = lint(late, "--published-on", "2023-01-30")
    assert statuses(data)["GC203"] == "pass"
    assert code == 0


def test_issuer_level_turns_an_error_into_a_warning(tmp_path: Path) -> None:
    late = write(tmp_path, DEPARTMENT, {305: ("2023年1月18日", "2023年2月20日")})
    code, data = lint(late, "--issuer-level", "township")
    assert findings(data, "GC203") == [(305, "warning")]
    assert code == 0
    code, data = lint(late, "--issuer-level", "county")
    assert statuses(data)["GC203"] == "pass"


def test_issuer_level_settles_an_unknown_organ(tmp_path: Path) -> None:
    title = "示例县青石镇人民政府2020年政府信息公开工作年度报告"
    zone = write(
        tmp_path,
        TOWNSHIP,
        {
            1: (title, title.replace("示例县青石镇人民政府", "示例综合实验区管委会")),
            609: ("2021年1月25日", "2021年3月1日"),
        },
    )
    assert statuses(lint(zone)[1])["GC203"] == "not_assessable"
    code, data = lint(zone, "--issuer-level", "department")
    assert findings(data, "GC203") == [(609, "error")]
    assert code == 1
    assert statuses(lint(zone, "--issuer-level", "city")[1])["GC203"] == "pass"


def test_issuer_level_decides_rule_making_power(tmp_path: Path) -> None:
    rules = write(tmp_path, DEPARTMENT, {23: ("0", "3")})
    code, data = lint(rules)
    assert findings(data, "GC605") == [(23, "warning")]
    assert code == 0
    assert statuses(lint(rules, "--issuer-level", "province")[1])["GC605"] == "pass"


def test_english_message_names_the_level_and_its_source(tmp_path: Path) -> None:
    late = write(tmp_path, DEPARTMENT, {305: ("2023年1月18日", "2023年2月20日")})
    result = run_cli("lint", str(late), "--select", "GC203", "--lang", "en", "-f", "line")
    assert result.exit_code == 1
    assert "2023-01-31" in result.stdout
    assert "county government department" in result.stdout
    assert "示例县自然资源局" in result.stdout
    result = run_cli(
        "lint",
        str(late),
        "--select",
        "GC203",
        "--lang",
        "en",
        "-f",
        "line",
        "--issuer-level",
        "department",
    )
    assert "set by --issuer-level" in result.stdout


def test_bad_option_values_are_usage_errors() -> None:
    assert run_cli("lint", str(DEPARTMENT), "--issuer-level", "village").exit_code == 2
    assert run_cli("lint", str(DEPARTMENT), "--published-on", "2023/01/30").exit_code == 2
