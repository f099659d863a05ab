"""Folders of many reports (issue 16): which files are reports, quiet runs,
--exit-zero, the progress bar and ``--format csv``.

The records repository is a real git work tree made by the test, with what
such a repository holds besides reports: a README.md, Word's lock file, a
``.gitignore``d build folder, notes, and a configuration with ``exclude``.
It is run through the installed CLI and through the pre-commit hook as the
manifest (.pre-commit-hooks.yaml) declares it.
"""

from __future__ import annotations

import csv
import io
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from govcheck.ignore import WalkFilter, excluded, git_ignored
from govcheck.paths import expand_inputs
from tests.conftest import EXAMPLES, ROOT

CLEAN_2019 = EXAMPLES / "f2019-township-2020.txt"
CLEAN_2021 = EXAMPLES / "f2021-department-2022.txt"
FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")
README = "# 档案库\n\n本仓库存放各单位的政府信息公开工作年度报告。\n\n- 2022 年度\n- 2023 年度\n"
CONFIG = 'exclude = ["README.md", "drafts"]\n'


def govcheck() -> str:
    exe = shutil.which("govcheck") or str(Path(sys.executable).parent / "govcheck")
    assert Path(exe).exists(), "the govcheck console script is not installed"
    return exe


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout


def lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [govcheck(), "lint", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A git work tree of clean reports and the files around them that are no reports."""
    repo = tmp_path / "records"
    (repo / "organ-a").mkdir(parents=True)
    git(repo, "init", "-q")
    shutil.copy(CLEAN_2019, repo / "organ-a" / "2020.txt")
    shutil.copy(CLEAN_2021, repo / "organ-a" / "2022.txt")
    (repo / "README.md").write_text(README, encoding="utf-8")
    (repo / "organ-a" / "~$2022.docx").write_bytes(b"\x06t\x00\x00" + b"\x00" * 160)
    (repo / "organ-a" / "notes.txt").write_text("会议纪要：下周整理档案。\n", encoding="utf-8")
    (repo / "build").mkdir()
    shutil.copy(FAULTY, repo / "build" / "2023.txt")  # generated output: ignored
    (repo / ".gitignore").write_text("build/\n*.docx\n", encoding="utf-8")
    (repo / "drafts").mkdir()
    shutil.copy(FAULTY, repo / "drafts" / "2023.txt")  # excluded by the configuration
    (repo / "govcheck.toml").write_text(CONFIG, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "records")
    return repo


def plant_fault(repo: Path) -> None:
    shutil.copy(FAULTY, repo / "organ-a" / "2023.txt")
    git(repo, "add", "organ-a/2023.txt")


# --- which files are reports -------------------------------------------------------------------


@needs_git
def test_records_repository_passes_when_its_reports_are_clean(records: Path) -> None:
    proc = lint(records, ".", "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"files": 2' in proc.stdout  # organ-a/2020.txt and 2022.txt, nothing else
    assert '"skipped": 1' in proc.stdout
    assert "organ-a/notes.txt" not in proc.stdout
    # The notes are counted as skipped, not failed; nothing else is mentioned.
    assert proc.stderr.splitlines() == [
        "共 2 个文件：0 个未通过，2 个通过；"
        "另有 1 个文件不像年度报告（无标题、章节标题或统计表），已跳过"
    ]


@needs_git
def test_records_repository_fails_on_a_planted_fault_only(records: Path) -> None:
    plant_fault(records)
    proc = lint(records, ".", "--format", "line", "--lang", "en")
    assert proc.returncode == 1
    paths = {line.split(":")[0] for line in proc.stdout.splitlines()}
    assert paths == {"organ-a/2023.txt"}
    assert "organ-a/2023.txt:115:1: GC301 error" in proc.stdout
    assert proc.stderr.startswith("3 files: 1 failed, 2 passed; 1 more showed no sign")


@needs_git
def test_no_ignore_reads_the_lock_file_and_the_ignored_build(records: Path) -> None:
    proc = lint(records, ".", "--format", "line", "--no-ignore")
    assert proc.returncode == 2  # the lock file is binary: one line, exit 2
    assert "organ-a/~$2022.docx" in proc.stderr
    assert "build/2023.txt:115:1: GC301 error" in proc.stdout
    assert "drafts/" not in proc.stdout  # exclude still holds


@needs_git
def test_an_ignored_folder_named_on_the_command_line_is_walked(records: Path) -> None:
    proc = lint(records, "build", "--format", "line")
    assert proc.returncode == 1
    assert "build/2023.txt:115:1: GC301 error" in proc.stdout
    # Named with a trailing slash or from inside, the same.
    assert lint(records, "build/", "--format", "line").stdout == proc.stdout
    assert "2023.txt:115:1: GC301 error" in lint(records / "build", ".", "-f", "line").stdout


@needs_git
def test_a_named_file_that_is_no_report_still_gets_gc001(records: Path) -> None:
    proc = lint(records, "organ-a/notes.txt", "--format", "line")
    assert proc.returncode == 1
    findings = [line for line in proc.stdout.splitlines() if line.startswith("organ-a/notes.txt:")]
    assert findings[-1].startswith("organ-a/notes.txt:1:1: GC001 error")


@needs_git
def test_force_exclude_applies_exclude_to_named_files(records: Path) -> None:
    named = ("README.md", "drafts/2023.txt", "organ-a/~$2022.docx", "organ-a/2020.txt")
    assert lint(records, *named, "--format", "line").returncode == 2
    proc = lint(records, *named, "--format", "json", "--force-exclude")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"path": "organ-a/2020.txt"' in proc.stdout and '"files": 1' in proc.stdout


@needs_git
def test_extend_exclude_keeps_the_defaults(records: Path) -> None:
    (records / "govcheck.toml").write_text('extend-exclude = ["drafts/*.txt"]\n', encoding="utf-8")
    (records / "LICENSE.txt").write_text("MIT License\n", encoding="utf-8")
    proc = lint(records, ".", "LICENSE.txt", "--format", "json", "--force-exclude")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"files": 2' in proc.stdout


def test_a_bad_exclude_value_is_refused_with_its_line(tmp_path: Path) -> None:
    shutil.copy(CLEAN_2021, tmp_path / "r.txt")
    (tmp_path / ".git").mkdir()
    (tmp_path / "govcheck.toml").write_text('lang = "en"\nexclude = "drafts"\n', encoding="utf-8")
    proc = lint(tmp_path, "r.txt", "--lang", "en")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "govcheck.toml" in proc.stderr
    assert ":2" in proc.stderr and "exclude" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("path", "patterns", "expected"),
    [
        ("r/README.md", ("README*",), True),
        ("r/organ/README.txt", ("README*",), True),
        ("r/drafts/a/b.txt", ("drafts",), True),
        ("r/drafts/a/b.txt", ("drafts/**",), True),
        ("r/organ/drafts.txt", ("drafts",), False),
        ("r/2019/a.txt", ("2019/*.txt",), True),
        ("r/x/2019/a.txt", ("2019/*.txt",), False),  # a pattern with / is anchored at the root
        ("r/a.txt", (), False),
    ],
)
def test_exclude_patterns(path: str, patterns: tuple[str, ...], expected: bool) -> None:
    assert excluded(Path(path), patterns, Path("r")) is expected


@needs_git
def test_git_is_asked_once_with_every_walked_file(records: Path) -> None:
    files = [records / "build" / "2023.txt", records / "organ-a" / "2020.txt"]
    assert git_ignored(records, files) == {records / "build" / "2023.txt"}
    # A tracked file is not ignored even when a pattern matches it, as in git.
    (records / ".gitignore").write_text("organ-a/\n", encoding="utf-8")
    assert git_ignored(records, files) == set()


def test_outside_a_work_tree_nothing_is_ignored(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    shutil.copy(CLEAN_2021, tmp_path / "r.txt")
    env_ceiling = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path.parent)
    try:
        targets = expand_inputs([str(tmp_path)], walk=WalkFilter()).targets
    finally:
        if env_ceiling is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env_ceiling
    assert [t.display for t in targets] == [str(tmp_path / "r.txt")]
    assert targets[0].walked


# --- the pre-commit hook -------------------------------------------------------------------------


def hook_config() -> str:
    """The hook as the manifest declares it, run from this environment (language: system).

    pre-commit then applies the manifest's own ``files`` pattern, ``types`` and
    entry (with --force-exclude) to the staged files, without installing
    govcheck from an index (tests/cli/test_precommit.py does that part).
    """
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = hook["entry"].replace("govcheck", govcheck(), 1)
    local = {**hook, "entry": entry, "language": "system"}
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}, allow_unicode=True)


@needs_git
def test_pre_commit_hook_on_the_records_repository(records: Path, tmp_path: Path) -> None:
    (records / ".pre-commit-config.yaml").write_text(hook_config(), encoding="utf-8")
    # pre-commit names every file, so a .txt that is no report must be excluded by name.
    (records / "govcheck.toml").write_text(
        'exclude = ["README.md", "drafts", "organ-a/notes.txt"]\n', encoding="utf-8"
    )
    (records / "drafts" / "README.md").write_text(README, encoding="utf-8")
    git(records, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    proc = subprocess.run(
        command, cwd=records, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout
    plant_fault(records)
    proc = subprocess.run(
        command, cwd=records, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "organ-a/2023.txt:115:1: GC301 error" in proc.stdout
    assert "README.md:" not in proc.stdout and "drafts/" not in proc.stdout


def test_the_hook_pattern_covers_every_report_form() -> None:
    import re

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hook["files"])
    forms = ("a.txt", "a.text", "a.md", "a.markdown", "a.html", "a.htm", "a.docx", "a.pdf")
    assert all(pattern.search(name) for name in (*forms, "年报.PDF", "x/y/报告.DOCX"))
    assert not any(pattern.search(name) for name in ("a.doc", "a.py", "a.txt.bak", "a.toml"))
    assert "--force-exclude" in hook["entry"].split()


# --- quiet and --exit-zero ----------------------------------------------------------------------


def test_quiet_prints_only_failing_findings_and_the_summary(tmp_path: Path) -> None:
    shutil.copy(CLEAN_2021, tmp_path / "clean.txt")
    shutil.copy(FAULTY, tmp_path / "faulty.txt")
    (tmp_path / "link-out.txt").symlink_to(CLEAN_2019)
    loud = lint(tmp_path, ".", "--format", "line", "--isolated", "--lang", "en")
    proc = lint(tmp_path, ".", "-q", "--format", "line", "--isolated", "--lang", "en")
    assert proc.returncode == loud.returncode == 1
    # A link left out is still said, even under --quiet: nothing is left out silently.
    link_note = next(line for line in proc.stderr.splitlines() if "link-out.txt" in line)
    assert "--follow-links" in link_note
    # Not assessable stays loud under --quiet: the line naming the rules comes before the errors.
    kept = [
        line for line in loud.stdout.splitlines() if " error " in line or "not assessable" in line
    ]
    assert kept[0] == (
        "faulty.txt: 2 rule(s) not assessable (GC202, GC203): no signing or publication date "
        "was found (see GC201) and --published-on was not given"
    )
    assert proc.stdout == "".join(line + "\n" for line in kept)
    assert proc.stderr.splitlines() == [
        link_note,
        "2 files: 1 failed, 1 passed; 0 more showed no sign of being a report "
        "(no title, section heading or table) and were skipped",
    ]


def test_exit_zero_keeps_the_report_and_exit_2(tmp_path: Path) -> None:
    shutil.copy(FAULTY, tmp_path / "faulty.txt")
    proc = lint(tmp_path, "faulty.txt", "--format", "line", "--exit-zero", "--isolated")
    assert proc.returncode == 0
    assert "faulty.txt:115:1: GC301 error" in proc.stdout
    assert lint(tmp_path, "missing.txt", "--exit-zero", "--isolated").returncode == 2


# --- the progress bar ---------------------------------------------------------------------------


def copies(folder: Path, count: int) -> Path:
    folder.mkdir()
    text = CLEAN_2021.read_bytes()
    for i in range(count):
        (folder / f"r{i:04d}.txt").write_bytes(text)
    return folder


def run_on_pty(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (stdout not); what the terminal showed."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "120"}
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=secondary, env=env)
    os.close(secondary)
    shown = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal is gone: the process closed it
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(primary)
    return proc.wait(timeout=60), shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    folder = copies(tmp_path / "many", 40)
    args = [govcheck(), "lint", str(folder), "-f", "jsonl", "--isolated", "-j", "1", "--lang", "en"]
    code, shown = run_on_pty(args, tmp_path)
    assert code == 0
    assert "40/40" in shown and "files" in shown and "/s" in shown, shown[-500:]
    assert "\x1b[" in shown  # drawn with terminal controls
    piped = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert piped.returncode == 0 and piped.stderr == ""
    # Under --quiet, even a terminal gets no bar.
    code, shown = run_on_pty([*args, "--quiet"], tmp_path)
    assert code == 0 and "40/40" not in shown and "\x1b[" not in shown


def test_no_bar_for_a_few_files_on_a_terminal(tmp_path: Path) -> None:
    folder = copies(tmp_path / "few", 3)
    code, shown = run_on_pty(
        [govcheck(), "lint", str(folder), "-f", "jsonl", "--isolated"], tmp_path
    )
    assert code == 0 and "3/3" not in shown and "\x1b[" not in shown


# --- --format csv -------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), data[:20]  # the BOM Excel needs for UTF-8
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_csv_streams_one_row_per_report(tmp_path: Path) -> None:
    folder = copies(tmp_path / "corpus", 300)
    shutil.copy(FAULTY, folder / "zz-faulty.txt")
    (folder / "README.md").write_text(README, encoding="utf-8")
    (folder / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    proc = subprocess.Popen(
        [govcheck(), "lint", str(folder), "--format", "csv", "--isolated", "-j", "1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    second = proc.stdout.readline()
    early = proc.poll()  # a row arrived while the rest were still being linted
    rest = proc.stdout.read()
    assert proc.wait(timeout=600) == 1
    assert early is None
    rows = read_csv(first + second + rest)
    assert len(rows) == 301
    assert [Path(r["path"]).name for r in rows] == [
        *(f"r{i:04d}.txt" for i in range(300)),
        "zz-faulty.txt",
    ]
    clean, faulty = rows[0], rows[-1]
    assert clean["issuer"] == "示例县自然资源局" and clean["level"] == "department"
    assert (clean["year"], clean["format"], clean["date"]) == ("2022", "2021", "2023-01-18")
    assert (clean["verdict"], clean["errors"], clean["GC301"]) == ("pass", "0", "pass")
    assert (faulty["verdict"], faulty["errors"], faulty["GC301"]) == ("fail", "6", "fail")
    assert faulty["issuer"] == "示例市示例区青云街道办事处"


def test_csv_neutralises_formulas_in_paths(tmp_path: Path) -> None:
    shutil.copy(CLEAN_2021, tmp_path / "=HYPERLINK(1).txt")
    proc = subprocess.run(
        [govcheck(), "lint", "=HYPERLINK(1).txt", "-f", "csv", "--isolated"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0
    assert read_csv(proc.stdout)[0]["path"] == "'=HYPERLINK(1).txt"


def test_csv_with_waivers_is_written_whole_at_the_end(tmp_path: Path) -> None:
    shutil.copy(FAULTY, tmp_path / "faulty.txt")
    (tmp_path / ".git").mkdir()
    (tmp_path / "govcheck.toml").write_text(
        '[[waiver]]\npath = "faulty.txt"\nrule = "GC304"\ncell = "t4.rv.total"\nreason = "known"\n',
        encoding="utf-8",
    )
    proc = lint(tmp_path, "faulty.txt", "-f", "csv")
    (row,) = read_csv(proc.stdout.encode("utf-8"))
    # The waived finding is gone from the counts; the rule's status stays what it was.
    assert (row["errors"], row["GC304"], row["verdict"]) == ("5", "fail", "fail")


@needs_git
def test_a_walked_repositorys_git_configuration_runs_nothing(records: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hook = tmp_path / "monitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    hook.chmod(0o755)
    git(records, "config", "core.fsmonitor", str(hook))
    proc = lint(records, ".", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert '"files": 2' in proc.stdout  # build/ still ignored: git answered
    assert not marker.exists()
