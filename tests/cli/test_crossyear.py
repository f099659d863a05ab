"""Cross-year checks from the command line: --previous and --pair-years (issue 8, part 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from govcheck.crossyear import Identity, identity_from_name, pair_by_year
from govcheck.paths import expand
from tests.conftest import EXAMPLES, edit_lines, run_cli

Y2022 = EXAMPLES / "f2021-department-2022.txt"
Y2023 = EXAMPLES / "f2021-department-2023.txt"
CROSS_YEAR = ("GC701", "GC702", "GC703")


def lint(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli("lint", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)["files"]


def statuses(file: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["status"] for r in file["rules"] if r["id"] in CROSS_YEAR}


def findings(file: dict[str, Any], rule: str) -> list[tuple[int, str]]:
    return [(f["line"], f["message"]) for f in file["findings"] if f["rule"] == rule]


def changed_carry_over(tmp_path: Path) -> Path:
    """2023 with 上年结转 法律服务机构 1→0 (总计 3→2), 新收 and prose raised to match.

    Every identity inside the file still holds; only last year's report tells.
    """
    text = edit_lines(
        Y2023.read_text(encoding="utf-8"),
        {
            61: ("1", "2"),
            63: ("15", "16"),
            69: ("1", "0"),
            71: ("3", "2"),
        },
    )
    text = text.replace("申请15件，上年结转3件", "申请16件，上年结转2件")
    path = tmp_path / "f2021-department-2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


def copied_section_five(tmp_path: Path) -> Path:
    """2023 whose section 五 (lines 297-298) is 2022's, word for word."""
    old = Y2022.read_text(encoding="utf-8").split("\n")
    new = Y2023.read_text(encoding="utf-8").split("\n")
    new[296:298] = old[296:298]
    path = tmp_path / "copied-2023.txt"
    path.write_text("\n".join(new), encoding="utf-8")
    return path


def test_the_consistent_pair_gets_no_cross_year_finding() -> None:
    code, [file] = lint(str(Y2023), "--previous", str(Y2022))
    assert code == 0
    assert file["findings"] == []
    assert statuses(file) == dict.fromkeys(CROSS_YEAR, "pass")


def test_a_changed_carry_over_gets_gc701_at_the_exact_lines_with_the_numbers(
    tmp_path: Path,
) -> None:
    code, [file] = lint(str(changed_carry_over(tmp_path)), "--previous", str(Y2022))
    assert code == 1
    assert [f["rule"] for f in file["findings"]] == ["GC701", "GC701"]
    assert findings(file, "GC701") == [
        (
            69,
            f"表三“法律服务机构”列：本年“上年结转”为 0，但上一年度报告 {Y2022} 第 258 行的"
            "“结转下年度”为 1（相差 1）",
        ),
        (
            71,
            f"表三“总计”列：本年“上年结转”为 2，但上一年度报告 {Y2022} 第 260 行的"
            "“结转下年度”为 3（相差 1）",
        ),
    ]


def test_the_carry_over_message_in_english(tmp_path: Path) -> None:
    result = run_cli(
        "lint", str(changed_carry_over(tmp_path)), "--previous", str(Y2022), "--lang", "en"
    )
    assert result.exit_code == 1
    assert "this year's carried in is 0, but carried forward in last year's report" in (
        result.stdout
    )


def test_section_five_copied_from_last_year_gets_gc703_naming_the_share(tmp_path: Path) -> None:
    code, [file] = lint(str(copied_section_five(tmp_path)), "--previous", str(Y2022))
    [(line, message)] = findings(file, "GC703")
    assert line == 296
    assert "100.0%" in message and "80.0%" in message and str(Y2022) in message
    assert code == 1  # the copied text also contradicts this year's table 4 (GC503)


def test_pair_years_pairs_each_issuers_consecutive_years(tmp_path: Path) -> None:
    for name in (
        "f2019-township-2020.txt",
        "f2021-department-2022.txt",
        "f2021-department-2023.txt",
        "f2021-faulty-2023.txt",
    ):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    _, files = lint(str(tmp_path), "--pair-years")
    by_name = {Path(f["path"]).name: statuses(f) for f in files}
    assert by_name["f2021-department-2023.txt"] == dict.fromkeys(CROSS_YEAR, "pass")
    for other in ("f2019-township-2020.txt", "f2021-department-2022.txt", "f2021-faulty-2023.txt"):
        assert by_name[other] == dict.fromkeys(CROSS_YEAR, "not_applicable")


def test_pair_years_finds_a_carry_over_mismatch_in_a_folder(tmp_path: Path) -> None:
    shutil.copy(Y2022, tmp_path / "a.txt")
    changed_carry_over(tmp_path)
    code, files = lint(str(tmp_path), "--pair-years")
    assert code == 1
    later = next(f for f in files if f["year"] == 2023)
    assert [line for line, _ in findings(later, "GC701")] == [69, 71]


def test_without_pair_years_a_folder_is_not_compared(tmp_path: Path) -> None:
    shutil.copy(Y2022, tmp_path / "a.txt")
    changed_carry_over(tmp_path)
    _, files = lint(str(tmp_path))
    assert all(statuses(f)["GC701"] == "not_applicable" for f in files)


def test_two_candidates_for_last_year_leave_the_report_unpaired(tmp_path: Path) -> None:
    shutil.copy(Y2022, tmp_path / "a-2022.txt")
    shutil.copy(Y2022, tmp_path / "b-2022.txt")
    shutil.copy(Y2023, tmp_path / "c-2023.txt")
    _, files = lint(str(tmp_path), "--pair-years")
    later = next(f for f in files if f["year"] == 2023)
    assert statuses(later)["GC701"] == "not_applicable"


def test_the_file_name_gives_the_issuer_when_the_title_does_not(tmp_path: Path) -> None:
    title = {
        1: (Y2022.read_text(encoding="utf-8").split("\n")[0], "2022年政府信息公开工作年度报告")
    }
    (tmp_path / "organ-2022.txt").write_text(
        edit_lines(Y2022.read_text(encoding="utf-8"), title), encoding="utf-8"
    )
    title = {
        1: ("示例县自然资源局2023年政府信息公开工作年度报告", "2023年政府信息公开工作年度报告")
    }
    (tmp_path / "organ-2023.txt").write_text(
        edit_lines(Y2023.read_text(encoding="utf-8"), title), encoding="utf-8"
    )
    pairs = pair_by_year(expand([str(tmp_path)]))
    assert {Path(k).name: v.path.name for k, v in pairs.items() if v.path} == {
        "organ-2023.txt": "organ-2022.txt"
    }


@pytest.mark.parametrize(
    ("name", "identity"),
    [
        ("示例县自然资源局2023年政府信息公开工作年度报告.pdf", Identity("示例县自然资源局", 2023)),
        ("report-2021.txt", Identity("report-*", 2021)),
        ("f2021-department-2022.txt", Identity("f2021-department-*", 2022)),
        ("notes.txt", Identity(None, None)),
    ],
)
def test_identity_from_a_file_name(name: str, identity: Identity) -> None:
    assert identity_from_name(name) == identity


def test_pairing_is_the_same_with_parallel_workers(tmp_path: Path) -> None:
    """Eight files (four organs, two years each) go through the process pool."""
    old_title = Y2022.read_text(encoding="utf-8").split("\n")[0]
    new_title = Y2023.read_text(encoding="utf-8").split("\n")[0]
    for organ in ("甲", "乙", "丙", "丁"):
        for source, title in ((Y2022, old_title), (Y2023, new_title)):
            renamed = title.replace("示例县", f"示例县{organ}")
            text = edit_lines(source.read_text(encoding="utf-8"), {1: (title, renamed)})
            (tmp_path / f"{organ}-{source.name}").write_text(text, encoding="utf-8")
    serial = lint(str(tmp_path), "--pair-years", "-j", "1")
    parallel = lint(str(tmp_path), "--pair-years", "-j", "2")
    assert serial == parallel
    assert sum(statuses(f)["GC701"] == "pass" for f in parallel[1]) == 4


def test_previous_needs_exactly_one_report() -> None:
    result = run_cli("lint", str(Y2022), str(Y2023), "--previous", str(Y2022))
    assert result.exit_code == 2
    assert "--previous" in result.stderr and "2" in result.stderr


def test_previous_and_pair_years_exclude_each_other() -> None:
    result = run_cli("lint", str(Y2023), "--previous", str(Y2022), "--pair-years")
    assert result.exit_code == 2
    assert "--pair-years" in result.stderr


def test_a_missing_previous_report_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("lint", str(Y2023), "--previous", str(tmp_path / "none.txt"))
    assert result.exit_code == 2
    assert "none.txt" in result.stderr
