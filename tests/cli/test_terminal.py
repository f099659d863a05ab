"""The terminal report through the installed script: layout, width, colour, fixes, verdict.

Golden files (tests/reporters/golden/*.rich.{80,120}.txt) hold the exact
layout for the faulty example and a clean one; set GOVCHECK_UPDATE_GOLDEN=1
to rewrite them after an intended change, then review the diff.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len

from govcheck.i18n import Lang, text
from govcheck.reporters.html_markup import esc
from tests.conftest import ROOT
from tests.reporters.test_reporters import check_golden

SCRIPT = Path(sys.executable).with_name("govcheck")
FAULTY = "examples/f2021-faulty-2023.txt"
CLEAN = "examples/f2021-department-2022.txt"
ESCAPE = "\x1b["
# What the faulty example finds, by rule (see examples/README.md).
FAULTY_RULES = ["GC101", "GC201", "GC301", "GC304", "GC501"]
FAULTY_VERDICT = "不通过：6 个错误，0 个警告，2 条规则无法评估（共检查 1 个文件）"


def env(**values: str) -> dict[str, str]:
    """No colour setting and no CI default inherited; ``values`` on top."""
    drop = {"FORCE_COLOR", "NO_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "GITHUB_ACTIONS"}
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return {**base, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8", **values}


def lint(*args: str, **values: str) -> subprocess.CompletedProcess[str]:
    """``govcheck lint`` from the project root, into a pipe."""
    return subprocess.run(
        [str(SCRIPT), "lint", *args],
        cwd=ROOT,
        env=env(**values),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def on_terminal(*args: str, **values: str) -> str:
    """``govcheck lint`` with its stdout on a pseudo-terminal, 80 columns; what it showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [str(SCRIPT), "lint", *args],
        cwd=ROOT,
        env=env(COLUMNS="80", **values),
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 1
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def fixes(lang: Lang) -> dict[str, str]:
    """Each rule's fix text from the packs, in ``lang``."""
    found = {}
    for pack in (ROOT / "rules").glob("*.toml"):
        for rule in tomllib.loads(pack.read_text(encoding="utf-8")).get("rule", []):
            if "fix" in rule:
                found[rule["id"]] = rule["fix"][lang]
    return found


def words(output: str) -> str:
    """The text with line breaks and indentation gone, spaces beside a wide character too."""
    flat = re.sub(r"\s+", " ", output).strip()
    wide = {"W", "F"}
    kept = [
        ch
        for i, ch in enumerate(flat)
        if ch != " "
        or (
            unicodedata.east_asian_width(flat[i - 1]) not in wide
            and unicodedata.east_asian_width(flat[i + 1]) not in wide
        )
    ]
    return "".join(kept)


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(("path", "name"), [(FAULTY, "faulty"), (CLEAN, "clean")])
def test_golden_layout(columns: int, path: str, name: str) -> None:
    run = lint(path, "--format", "rich", COLUMNS=str(columns))
    assert run.returncode == (1 if name == "faulty" else 0), run.stderr
    assert ESCAPE not in run.stdout
    assert max(cell_len(line) for line in run.stdout.splitlines()) <= columns
    check_golden(run.stdout, f"{name}.rich.{columns}.txt")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_word_is_broken_at_80_columns(lang: str) -> None:
    """The words at 80 columns are those on a 1000-column line: breaks fall between words."""
    narrow = lint(FAULTY, "--format", "rich", "--lang", lang, COLUMNS="80").stdout
    wide = lint(FAULTY, "--format", "rich", "--lang", lang, COLUMNS="1000").stdout
    assert max(cell_len(line) for line in narrow.splitlines()) <= 80
    assert len(narrow.splitlines()) > len(wide.splitlines())
    assert words(narrow) == words(wide)
    if lang == "en":  # every English word of the report is whole on some line
        assert "carried-forward figures" in words(narrow)


def test_verdict_first_then_failing_rules_then_what_passed() -> None:
    lines = lint(FAULTY, "--format", "rich", COLUMNS="120").stdout.splitlines()
    assert lines[0] == FAULTY_VERDICT
    assert lines[2].startswith(f"{FAULTY}（格式：2021；年度：2023；")
    # Why the two rules could not be assessed, right under the file's header.
    assert lines[3] == (
        "  无法评估 2 条规则（GC202、GC203）：未找到落款日期或发布日期（见 GC201），"
        "也未给出 --published-on"
    )
    headings = [line.split()[0] for line in lines if re.match(r"  GC\d{3} ", line)]
    assert headings == FAULTY_RULES
    # Titles are the packs' summaries in the user's language; kebab names are not shown.
    assert "  GC301 表三每列：本年新收 + 上年结转 = 总计 + 结转下年度继续办理" in lines
    assert "t3-balance" not in "\n".join(lines)
    assert lines[-1] == "通过 30 条规则；5 条不适用。"


def test_a_clean_report_says_pass_and_counts_what_passed() -> None:
    run = lint(CLEAN, "--format", "rich", "--lang", "en", COLUMNS="120")
    assert run.returncode == 0
    assert run.stdout.splitlines()[0] == (
        "PASS: 0 error(s), 0 warning(s), 0 rule(s) not assessable (1 file(s) checked)"
    )
    assert run.stdout.splitlines()[-1] == "38 rule(s) passed; 4 not applicable."
    assert not re.search(r"^  GC\d{3}", run.stdout, re.MULTILINE)


def test_verbose_shows_every_rule() -> None:
    every = {r["id"] for r in json.loads(lint(FAULTY, "-f", "json").stdout)["files"][0]["rules"]}
    assert len(every) == 42  # the 41 rules of the catalogue and GC307 (blank totals)
    brief = lint(FAULTY, "--format", "rich", COLUMNS="120").stdout
    verbose = lint(FAULTY, "--format", "rich", "--verbose", COLUMNS="120").stdout
    rules = set(re.findall(r"GC\d{3}", verbose))
    assert every <= rules
    assert "GC102" not in brief  # a passing rule is only counted without --verbose
    assert "│ GC102 │ 六个部分应按格式规定的顺序排列" in verbose
    assert re.search(r"│ GC202 │ .*│ 无法评估 │ 未找到落款日期或发布日期", verbose)
    assert max(cell_len(line) for line in verbose.splitlines()) <= 120


def test_force_color_colours_a_pipe_and_no_color_wins() -> None:
    assert ESCAPE not in lint(FAULTY, "--format", "rich").stdout
    forced = lint(FAULTY, "--format", "rich", FORCE_COLOR="1").stdout
    assert ESCAPE in forced
    assert "\x1b[1;31m不通过" in forced  # the verdict in bold red
    both = lint(FAULTY, "--format", "rich", FORCE_COLOR="1", NO_COLOR="1").stdout
    assert ESCAPE not in both
    assert both == lint(FAULTY, "--format", "rich").stdout


def test_a_real_terminal_gets_colour_unless_no_color() -> None:
    coloured = on_terminal(FAULTY)  # the default format on a terminal is rich
    assert ESCAPE in coloured
    plain = on_terminal(FAULTY, NO_COLOR="1")
    assert ESCAPE not in plain
    assert plain.splitlines()[0] == FAULTY_VERDICT
    assert max(cell_len(line) for line in plain.splitlines()) <= 80


def test_an_output_file_gets_no_colour(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    assert lint(FAULTY, "--format", "rich", "-o", str(target)).returncode == 1
    assert ESCAPE not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_carries_its_fix_in_json_line_rich_and_html(
    lang: Lang, tmp_path: Path
) -> None:
    pack = fixes(lang)
    data = json.loads(lint(FAULTY, "-f", "json", "--lang", lang).stdout)
    found = data["files"][0]["findings"]
    assert sorted({f["rule"] for f in found}) == FAULTY_RULES
    assert [f["fix"] for f in found] == [pack[f["rule"]] for f in found]
    suffix = text("ui.line_fix", lang, fix="")
    output = lint(FAULTY, "-f", "line", "--lang", lang).stdout
    lines = [line for line in output.splitlines() if re.match(r".*:\d+:\d+: GC", line)]
    assert [line.split(suffix, 1)[1] for line in lines] == [pack[f["rule"]] for f in found]
    rich = words(lint(FAULTY, "-f", "rich", "--lang", lang, COLUMNS="80").stdout)
    for rule in FAULTY_RULES:
        assert words(text("ui.fix", lang, fix=pack[rule])) in rich
    page = tmp_path / "r.html"
    lint(FAULTY, "-f", "html", "--lang", lang, "-o", str(page))
    html = page.read_text(encoding="utf-8")
    items = re.findall(r'<li id="f1-F\d+".*?</li>', html)
    assert len(items) == len(found)
    for item, finding in zip(items, found, strict=True):
        fix = text("ui.fix", lang, fix=finding["fix"])
        assert f'<span class="gc-fix">{esc(fix)}</span>' in item


def test_not_assessable_is_counted_at_the_top_of_line_and_html(tmp_path: Path) -> None:
    run = lint(FAULTY, "-f", "line")
    first = run.stdout.splitlines()[0]
    assert first == (
        f"{FAULTY}: 无法评估 2 条规则（GC202、GC203）：未找到落款日期或发布日期（见 GC201），"
        "也未给出 --published-on"
    )
    assert all(re.match(r".*:\d+:\d+: GC\d{3} ", line) for line in run.stdout.splitlines()[1:])
    page = tmp_path / "r.html"
    lint(FAULTY, "-f", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    verdict = html.index('<p id="gc-verdict"')
    assert verdict < html.index('id="gc-summary"') < html.index('<section class="gc-file"')
    assert 'data-not-assessable="2"' in html[verdict : verdict + 200]
    assert f'<li class="gc-unassessed-item">{FAULTY}: 无法评估 2 条规则（GC202、GC203）' in html
    # A report where every rule was assessed says so: 0, and no reasons listed.
    clean = lint(CLEAN, "-f", "line")
    assert clean.stdout == "" and clean.returncode == 0
