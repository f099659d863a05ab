"""The CLI end to end: the issue's acceptance checks, exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govcheck.engine.packs import builtin_rules
from tests.conftest import EXAMPLES, SEED, SHARED_F2021, edit_lines, run_cli


def lint_json(*args: str) -> tuple[int, dict[str, object]]:
    result = run_cli("lint", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def first_file(data: dict[str, object]) -> dict[str, object]:
    files = data["files"]
    assert isinstance(files, list)
    return files[0]  # type: ignore[no-any-return]


def statuses(file: dict[str, object]) -> dict[str, str]:
    return {r["id"]: r["status"] for r in file["rules"]}  # type: ignore[attr-defined]


def errors(file: dict[str, object]) -> list[dict[str, object]]:
    return [f for f in file["findings"] if f["severity"] == "error"]  # type: ignore[attr-defined]


@pytest.mark.usefixtures("shared")
def test_seed_is_clean_f2019_report_on_2020() -> None:
    code, data = lint_json(str(SEED))
    file = first_file(data)
    assert code == 0
    assert errors(file) == []
    assert (file["format"], file["year"], file["date"]) == ("2019", 2020, "2021-01-19")
    assert file["issuer"] == "新城区胡家庙街道办事处"


@pytest.mark.usefixtures("shared")
def test_shared_f2021_example_is_clean() -> None:
    code, data = lint_json(str(SHARED_F2021))
    file = first_file(data)
    assert (code, file["format"], errors(file)) == (0, "2021", [])


@pytest.mark.usefixtures("shared")
def test_seed_with_new_np_and_total_raised(tmp_path: Path) -> None:
    # 本年度新收 自然人 (line 165) and 总计 (line 177) from 0 to 2.
    text = edit_lines(SEED.read_text(encoding="utf-8"), {165: ("0", "2"), 177: ("0", "2")})
    report = tmp_path / "seed.txt"
    report.write_text(text, encoding="utf-8")
    code, data = lint_json(str(report))
    file = first_file(data)
    s = statuses(file)
    assert code == 1
    assert (s["GC301"], s["GC501"], s["GC303"]) == ("fail", "fail", "pass")
    gc301 = [f for f in file["findings"] if f["rule"] == "GC301"]  # type: ignore[attr-defined]
    # Both the 自然人 and the 总计 columns break; each points into table 3.
    assert [f["line"] for f in gc301] == [165, 177]
    assert all(163 <= f["line"] <= 537 for f in gc301)
    assert "新收 2 + 上年结转 0 = 2" in gc301[0]["message"]
    gc501 = next(f for f in file["findings"] if f["rule"] == "GC501")  # type: ignore[attr-defined]
    assert (gc501["line"], gc501["related_lines"]) == (13, [177])


@pytest.mark.usefixtures("shared")
def test_seed_with_open_np_set_to_one(tmp_path: Path) -> None:
    # Only the 自然人 cell of （一）予以公开 (line 199) becomes 1.
    text = edit_lines(SEED.read_text(encoding="utf-8"), {199: ("0", "1")})
    report = tmp_path / "seed.txt"
    report.write_text(text, encoding="utf-8")
    code, data = lint_json(str(report))
    s = statuses(first_file(data))
    assert code == 1
    assert (s["GC303"], s["GC302"], s["GC301"]) == ("fail", "fail", "pass")


@pytest.mark.usefixtures("shared")
@pytest.mark.parametrize("variant", ["gb18030", "crlf", "utf-16"])
def test_reencoded_seed_gives_identical_findings(variant: str, tmp_path: Path) -> None:
    raw = SEED.read_text(encoding="utf-8")
    report = tmp_path / "seed.txt"
    if variant == "crlf":
        report.write_bytes(raw.replace("\n", "\r\n").encode("utf-8"))
    else:
        report.write_bytes(raw.encode(variant))
    _, original = lint_json(str(SEED))
    _, other = lint_json(str(report))
    strip = lambda d: {k: v for k, v in first_file(d).items() if k != "path"}  # noqa: E731
    assert strip(other) == strip(original)


def test_faulty_example_reports_each_planted_defect() -> None:
    code, data = lint_json(str(EXAMPLES / "f2021-faulty-2023.txt"))
    file = first_file(data)
    found = [(f["line"], f["rule"]) for f in errors(file)]
    for expected in [
        (13, "GC501"),
        (115, "GC301"),
        (127, "GC301"),
        (571, "GC304"),
        (593, "GC101"),
        (603, "GC201"),
    ]:
        assert expected in found
    assert code == 1


@pytest.mark.parametrize("name", ["f2019-township-2020.txt", "f2021-department-2022.txt"])
def test_clean_examples_have_no_error(name: str) -> None:
    code, data = lint_json(str(EXAMPLES / name))
    assert code == 0
    assert errors(first_file(data)) == []


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("lint", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"{tmp_path / 'nope.txt'}：文件不存在。请检查路径。"
    ]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03PK\x00", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_empty_and_binary_files(content: bytes, fragment: str, tmp_path: Path) -> None:
    report = tmp_path / "bad.txt"
    report.write_bytes(content)
    result = run_cli("lint", str(report), "--lang", "en")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and str(report) in lines[0]


def test_not_a_report_is_gc001(tmp_path: Path) -> None:
    report = tmp_path / "minutes.txt"
    report.write_text("会议纪要\n会议研究了春耕生产。\n", encoding="utf-8")
    code, data = lint_json(str(report))
    file = first_file(data)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in file["findings"]] == [("GC001", 1)]
    others = {s for rule, s in statuses(file).items() if rule != "GC001"}
    assert statuses(file)["GC001"] == "fail"
    assert others <= {"not_assessable", "not_applicable"}


def test_english_messages(tmp_path: Path) -> None:
    result = run_cli("lint", str(EXAMPLES / "f2021-faulty-2023.txt"), "--lang", "en", "-f", "line")
    assert 'table 3, column "natural persons": new 5 + carried in 1 = 6' in result.stdout


def test_line_format_is_path_line_col() -> None:
    path = str(EXAMPLES / "f2021-faulty-2023.txt")
    result = run_cli("lint", path, "-f", "line", "--select", "GC304")
    assert result.stdout.splitlines() == [
        f"{path}:571:1: GC304 error 表四“行政复议”：总计为 3，但 结果维持 2 + 结果纠正 1 + "
        "其他结果 0 + 尚未审结 1 = 4（相差 1） — 修改建议：核对该组四项结果与总计。"
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [(("--fail-on", "error"), 0), (("--fail-on", "info"), 1), (("--fail-on", "never"), 0)],
)
def test_fail_on_threshold(args: tuple[str, ...], code: int, tmp_path: Path) -> None:
    # A table-3 row loses a number, so GC003 is the sole GC0 finding; it is an
    # error by default (fail closed), lowered to a warning here by configuration.
    text = edit_lines(
        (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8"), {62: ("1", None)}
    )
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    config = tmp_path / "govcheck.toml"
    config.write_text('[severity]\nGC003 = "warning"\n', encoding="utf-8")
    result = run_cli(
        "lint", str(report), "-f", "json", "--select", "GC0", "--config", str(config), *args
    )
    assert [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]] == ["GC003"]
    assert result.exit_code == code


def test_select_and_ignore_by_prefix_and_name() -> None:
    path = str(EXAMPLES / "f2021-faulty-2023.txt")
    _, data = lint_json(path, "--select", "GC3", "--ignore", "t4-group-total")
    expected = {r.id for r in builtin_rules() if r.id.startswith("GC3")} - {"GC304"}
    assert set(statuses(first_file(data))) == expected


def test_unknown_rule_selection_is_a_usage_error() -> None:
    result = run_cli("lint", str(EXAMPLES / "f2021-faulty-2023.txt"), "--select", "GC999")
    assert result.exit_code == 2
    assert "GC999" in result.stderr


def test_one_bad_file_does_not_hide_the_others(tmp_path: Path) -> None:
    good = EXAMPLES / "f2021-department-2022.txt"
    result = run_cli("lint", str(tmp_path / "missing.txt"), str(good), "-f", "json")
    assert result.exit_code == 2
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(good)]


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    data = (EXAMPLES / "f2021-faulty-2023.txt").read_bytes().replace(b"\n", b"\r\n")
    report.write_bytes(data)
    before = report.stat().st_mtime_ns
    run_cli("lint", str(report))
    assert report.read_bytes() == data and report.stat().st_mtime_ns == before


def test_a_table3_row_that_loses_a_number_fails_the_gate_by_default(tmp_path: Path) -> None:
    """Fail closed: GC003 is an error, so a report whose table 3 was not fully read exits 1."""
    text = edit_lines(
        (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8"), {62: ("1", None)}
    )
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    result = run_cli("lint", str(report), "-f", "line", "--lang", "en")
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if " GC003 " in x]
    assert line.startswith(f"{report}:56:1: GC003 error table 3: row ")
    assert "has 6 value(s)" in line
