"""The CI gate for a records repository: many inputs, configuration, waivers,
baselines, machine-readable outputs and parallel runs."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT, edit_lines, run_cli
from tests.forms.render_docx import render_docx
from tests.forms.render_html import render_html

CLEAN_2021 = EXAMPLES / "f2021-department-2022.txt"
CLEAN_2019 = EXAMPLES / "f2019-township-2020.txt"
FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def as_markdown(text: str) -> str:
    """The same report saved as markdown: headings marked, cells one per line."""
    return "\n".join(
        f"## {line}" if line.endswith("情况") and "、" in line[:2] else line
        for line in text.split("\n")
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """3 organs × 2 years; organ-c 2023 is faulty. The tests run from its root."""
    (tmp_path / ".git").mkdir()
    layout = {
        "organ-a/2020.txt": CLEAN_2019.read_text(encoding="utf-8"),
        "organ-a/2022.txt": CLEAN_2021.read_text(encoding="utf-8"),
        "organ-b/2020.md": as_markdown(CLEAN_2019.read_text(encoding="utf-8")),
        "organ-b/2022.md": as_markdown(CLEAN_2021.read_text(encoding="utf-8")),
        "organ-c/2022.txt": CLEAN_2021.read_text(encoding="utf-8"),
        "organ-c/2023.txt": FAULTY.read_text(encoding="utf-8"),
    }
    for name, text in layout.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "organ-b/2022.gbk.txt").write_bytes(
        CLEAN_2021.read_text(encoding="utf-8").encode("gb18030")
    )
    # A fourth organ keeps its reports as a saved web page and as Word.
    (tmp_path / "organ-d").mkdir()
    (tmp_path / "organ-d/2020.html").write_bytes(
        render_html(CLEAN_2019.read_text(encoding="utf-8"))
    )
    (tmp_path / "organ-d/2022.docx").write_bytes(
        render_docx(CLEAN_2021.read_text(encoding="utf-8"))
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args: str) -> tuple[int, dict[str, object]]:
    result = run_cli("lint", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def error_keys(data: dict[str, object]) -> list[tuple[str, str, int]]:
    return [
        (f["path"], x["rule"], x["line"])
        for f in data["files"]  # type: ignore[attr-defined]
        for x in f["findings"]
        if x["severity"] == "error"
    ]


WAIVERS = """
[[waiver]]
path = "organ-c/2023.txt"
rule = "{rule}"
{where}
reason = "published as is; correction requested"
by = "records office"
"""


def waive_all_errors(repo: Path, data: dict[str, object]) -> None:
    entries = [
        WAIVERS.format(rule=rule, where=f"line = {line}") for path, rule, line in error_keys(data)
    ]
    (repo / "govcheck.toml").write_text("".join(entries), encoding="utf-8")


def test_directory_walk_finds_every_report_in_order(repo: Path) -> None:
    code, data = lint(".")
    paths = [f["path"] for f in data["files"]]  # type: ignore[attr-defined]
    assert paths == sorted(paths) and len(paths) == 9
    assert {Path(p).suffix for p in paths} == {".txt", ".md", ".html", ".docx"}
    assert code == 1
    assert {p for p, _, _ in error_keys(data)} == {"organ-c/2023.txt"}


def test_waivers_with_reasons_make_the_gate_pass(repo: Path) -> None:
    _, data = lint(".")
    waive_all_errors(repo, data)
    code, waived = lint(".")
    assert (code, error_keys(waived)) == (0, [])


def test_waiver_without_reason_is_a_config_error(repo: Path) -> None:
    (repo / "govcheck.toml").write_text(
        '[[waiver]]\npath = "x.txt"\nrule = "GC301"\nline = 3\n', encoding="utf-8"
    )
    result = run_cli("lint", ".")
    assert result.exit_code == 2
    # A missing key is reported at the header of its [[waiver]] table.
    assert result.stderr.startswith(f"{repo / 'govcheck.toml'}:1：配置项 waiver.0.reason")


def test_unused_waiver_is_gc900(repo: Path) -> None:
    (repo / "govcheck.toml").write_text(
        WAIVERS.format(rule="GC301", where='cell = "t2.rules.made"'), encoding="utf-8"
    )
    _, data = lint("organ-c/2023.txt")
    gc900 = [x for x in data["files"][0]["findings"] if x["rule"] == "GC900"]  # type: ignore[index]
    assert len(gc900) == 1 and gc900[0]["severity"] == "warning"
    assert "govcheck.toml:2 " in gc900[0]["message"]  # the [[waiver]] header


def test_baseline_survives_moved_lines_and_catches_new_faults(repo: Path) -> None:
    assert run_cli("lint", ".", "--write-baseline", "baseline.json").exit_code == 1
    faulty = repo / "organ-c/2023.txt"
    # Prose added above the tables moves every line down by two.
    text = faulty.read_text(encoding="utf-8").replace(
        "一、总体情况\n", "一、总体情况\n\n新增的一段说明。\n", 1
    )
    faulty.write_text(text, encoding="utf-8")
    code, data = lint(".", "--baseline", "baseline.json")
    assert (code, error_keys(data)) == (0, [])
    # A new fault: table 4's 未经复议直接起诉 total no longer adds up.
    clean = repo / "organ-a/2022.txt"
    clean.write_text(
        edit_lines(clean.read_text(encoding="utf-8"), {290: ("2", "5")}), encoding="utf-8"
    )
    code, data = lint(".", "--baseline", "baseline.json")
    assert code == 1
    new = error_keys(data)
    assert ("organ-a/2022.txt", "GC304", 290) in new
    assert {path for path, _, _ in new} == {"organ-a/2022.txt"}


def test_jobs_do_not_change_the_output(repo: Path) -> None:
    for n in range(12):
        (repo / f"bulk/{n:02d}.txt").parent.mkdir(exist_ok=True)
        (repo / f"bulk/{n:02d}.txt").write_text(
            FAULTY.read_text(encoding="utf-8"), encoding="utf-8"
        )
    one = run_cli("lint", ".", "--format", "json", "--jobs", "1").stdout
    four = run_cli("lint", ".", "--format", "json", "--jobs", "4").stdout
    assert one == four and len(json.loads(one)["files"]) == 21


def test_exclude_and_globs(repo: Path) -> None:
    _, data = lint(".", "--exclude", "organ-c/*")
    assert all(not f["path"].startswith("organ-c") for f in data["files"])  # type: ignore[attr-defined]
    _, data = lint("organ-*/2022.*")
    assert [f["path"] for f in data["files"]] == [  # type: ignore[attr-defined]
        "organ-a/2022.txt",
        "organ-b/2022.gbk.txt",
        "organ-b/2022.md",
        "organ-c/2022.txt",
        "organ-d/2022.docx",
    ]


def test_sarif_validates_against_the_official_schema(repo: Path) -> None:
    result = run_cli("lint", ".", "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "第一项加第二项之和" in rules["GC301"]["fullDescription"]["text"]
    gc301 = [r for r in run["results"] if r["ruleId"] == "GC301"]
    assert gc301[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 115
    assert [x["physicalLocation"]["region"]["startLine"] for x in gc301[0]["relatedLocations"]] == [
        131,
        493,
        509,
    ]


def test_junit_parses_with_one_testcase_per_file_and_rule(repo: Path) -> None:
    result = run_cli("lint", "organ-c", "--format", "junit")
    root = ET.fromstring(result.stdout)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["organ-c/2022.txt", "organ-c/2023.txt"]
    faulty = suites[1]
    names = [c.get("name") for c in faulty.findall("testcase")]
    assert "GC301 t3-balance" in names and len(names) == int(faulty.get("tests", "0"))
    failing = {c.get("name") for c in faulty.findall("testcase") if c.find("failure") is not None}
    assert {
        "GC301 t3-balance",
        "GC304 t4-group-total",
        "GC501 zero-application-consistency",
    } <= failing


def test_github_annotations(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_cli("lint", "organ-c/2023.txt", "--select", "GC304")
    assert result.stdout == (
        "::error file=organ-c/2023.txt,line=571,col=1,title=GC304 t4-group-total::"
        "表四“行政复议”：总计为 3，但 结果维持 2 + 结果纠正 1 + "
        "其他结果 0 + 尚未审结 1 = 4（相差 1）\n"
    )


def test_output_file_and_statistics(repo: Path) -> None:
    result = run_cli("lint", ".", "-f", "json", "--output", "out/report.json", "--statistics")
    assert result.exit_code == 2  # out/ does not exist: one clear line, exit 2
    (repo / "out").mkdir()
    result = run_cli("lint", ".", "-f", "json", "--output", "out/report.json", "--statistics")
    assert result.exit_code == 1
    assert (
        json.loads((repo / "out/report.json").read_text(encoding="utf-8"))["summary"]["files"] == 9
    )
    assert "GC301" in result.stdout and not list((repo / "out").glob(".*.tmp"))


def test_config_discovery_severity_and_per_file(repo: Path) -> None:
    (repo / "sub").mkdir()
    (repo / "pyproject.toml").write_text(
        '[tool.govcheck]\nfail-on = "never"\n[tool.govcheck.severity]\nGC301 = "warning"\n'
        '[[tool.govcheck.per-file]]\nglob = "organ-c/*"\nignore = ["GC5"]\n',
        encoding="utf-8",
    )
    monkey_cwd = repo / "sub"
    os.chdir(monkey_cwd)
    result = run_cli("lint", "../organ-c/2023.txt", "-f", "json")
    data = json.loads(result.stdout)
    findings = data["files"][0]["findings"]
    assert result.exit_code == 0  # fail-on = never
    assert {f["severity"] for f in findings if f["rule"] == "GC301"} == {"warning"}
    assert not any(f["rule"].startswith("GC5") for f in findings)
    assert run_cli("lint", "../organ-c/2023.txt", "--isolated").exit_code == 1
    shown = run_cli("config", "--show").stdout
    assert f'fail-on = "never"    # {repo / "pyproject.toml"}' in shown


def test_bad_config_key_suggests_the_right_one(repo: Path) -> None:
    (repo / "govcheck.toml").write_text('select = ["GC3"]\nfail-om = "warning"\n', encoding="utf-8")
    result = run_cli("lint", ".", "--lang", "en")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "govcheck.toml:2" in line and "did you mean 'fail-on'" in line


def test_unknown_rule_in_config(repo: Path) -> None:
    (repo / "govcheck.toml").write_text('ignore = ["GC3O1"]\n', encoding="utf-8")
    result = run_cli("lint", ".")
    assert result.exit_code == 2 and "GC3O1" in result.stderr and "GC301" in result.stderr


def test_init_writes_a_commented_config_that_loads(repo: Path) -> None:
    assert run_cli("init").exit_code == 0
    assert (
        (repo / "govcheck.toml").read_text(encoding="utf-8").startswith("# govcheck configuration")
    )
    assert run_cli("config", "--show").exit_code == 0
    assert run_cli("init").exit_code == 2  # never overwrites


def test_stdin_with_a_filename(repo: Path) -> None:
    from typer.testing import CliRunner

    from govcheck.cli import app

    result = CliRunner().invoke(
        app,
        ["lint", "-", "--stdin-filename", "in.txt", "-f", "line", "--select", "GC304"],
        input=FAULTY.read_bytes(),
    )
    assert result.stdout.startswith("in.txt:571:1: GC304 error")
    assert result.exit_code == 1


USER_PACK = """
[pack]
id = "records-office"

[[rule]]
id = "GC950"
name = "t4-review-cases-recorded"
kind = "sum_identity"
severity = "warning"
table = "t4"
each = "row"
over = ["rv"]
lhs = ["total"]
rhs = ["keep", "fix"]
summary = { zh = "复议案件只有维持或纠正两种结果", en = "only upheld or corrected" }
message = { zh = "{row}：{lhs} ≠ {rhs_expr}", en = "{row}: {lhs} != {rhs_expr}" }
rationale = { zh = "本档案室的内部要求", en = "an internal rule of this records office" }
"""


def test_user_pack_from_config_runs_like_a_builtin(repo: Path) -> None:
    (repo / "rules").mkdir()
    (repo / "rules/office.toml").write_text(USER_PACK, encoding="utf-8")
    (repo / "govcheck.toml").write_text('packs = ["rules/office.toml"]\n', encoding="utf-8")
    _, data = lint("organ-a/2022.txt")
    file = data["files"][0]  # type: ignore[index]
    assert {"id": "GC950", "name": "t4-review-cases-recorded", "status": "pass"} in file["rules"]
    _, data = lint("organ-c/2023.txt")
    gc950 = [f for f in data["files"][0]["findings"] if f["rule"] == "GC950"]  # type: ignore[index]
    # 行政复议 in the faulty report: 维持 2 + 纠正 1 = 3 = 总计, so this pack rule passes.
    assert [(f["line"], f["severity"]) for f in gc950] == []
    (repo / "rules/office.toml").write_text(
        USER_PACK.replace('"keep", "fix"]', '"keep"]'), encoding="utf-8"
    )
    _, data = lint("organ-c/2023.txt")
    gc950 = [f for f in data["files"][0]["findings"] if f["rule"] == "GC950"]  # type: ignore[index]
    assert [(f["line"], f["severity"]) for f in gc950] == [(571, "warning")]
