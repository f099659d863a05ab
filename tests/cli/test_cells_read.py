"""Cells and claims read as a clerk means them, through the installed CLI (issue 14, item 2)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_blanks import DEPARTMENT_2022, found, lint, statuses
from tests.conftest import edit_lines


def _edited(tmp_path: Path, edits: dict[int, tuple[str, str | None]]) -> Path:
    path = tmp_path / "report.txt"
    text = DEPARTMENT_2022.read_text(encoding="utf-8")
    path.write_text(edit_lines(text, edits), encoding="utf-8")
    return path


def test_not_applicable_is_a_placeholder_not_text(tmp_path: Path) -> None:
    """新收 科研机构 0 → 不适用: the placeholder warning, no text-in-a-number-cell error."""
    code, file = lint(_edited(tmp_path, {59: ("0", "不适用")}))
    assert statuses(file)["GC403"] == "pass"
    assert [f for f in found(file) if f[0] in {"GC402", "GC403"}] == [("GC402", "warning", 59)]
    message = next(f["message"] for f in file["findings"] if f["rule"] == "GC402")
    assert "占位符“不适用”" in message
    assert code == 0  # a warning alone does not fail the run


def test_a_fraction_in_a_count_cell_is_an_error_money_keeps_decimals(tmp_path: Path) -> None:
    """行政许可 decisions 214 → 3415.74 is an error; a fee of 26.55 万元 is no finding."""
    edits: dict[int, tuple[str, str | None]] = {44: ("3.25", "26.55"), 32: ("214", "3415.74")}
    code, file = lint(_edited(tmp_path, edits))
    assert code == 1
    assert [f for f in found(file) if f[0] == "GC305"] == [("GC305", "error", 32)]
    message = next(f["message"] for f in file["findings"] if f["rule"] == "GC305")
    assert message.startswith("表二“行政许可”行“本年处理决定数量”列填写了带小数的“3415.74”")
    _, english = lint(tmp_path / "report.txt", lang="en")
    text = next(f["message"] for f in english["findings"] if f["rule"] == "GC305")
    assert 'the fraction "3415.74"; the column is a count, a whole number' in text


_PROSE = "2022年，本局共收到政府信息公开申请16件，"


def test_prose_new_this_year_is_checked_against_the_new_row(tmp_path: Path) -> None:
    """本年新收…17件 against a table of 16 new applications: GC502 at the prose line."""
    line = DEPARTMENT_2022.read_text(encoding="utf-8").split("\n")[6]
    wrong = line.replace(_PROSE, "2022年，本局本年新收政府信息公开申请17件，")
    code, file = lint(_edited(tmp_path, {7: (line, wrong)}))
    assert code == 1
    assert found(file) == [("GC502", "error", 7)]
    assert "新收政府信息公开申请17件" in file["findings"][0]["message"]
    right = line.replace(_PROSE, "2022年，本局本年度共新收政府信息公开申请16件，")
    code, file = lint(_edited(tmp_path, {7: (line, right)}))
    assert (code, found(file)) == (0, [])


def test_a_misnumbered_heading_is_one_heading_finding(tmp_path: Path) -> None:
    """五 written 六 and reworded: one GC103 at the heading, no missing section."""
    five = "五、存在的主要问题及改进情况"
    code, file = lint(_edited(tmp_path, {296: (five, "六、存在的主要问题及整改情况")}))
    assert (code, found(file)) == (0, [("GC103", "info", 296)])
    assert statuses(file)["GC101"] == "pass"
    assert file["findings"][0]["message"] == (
        "标题“六、存在的主要问题及整改情况”编号有误，格式规定的标题为“五、存在的主要问题及改进情况”"
    )
