"""Hostile names for the HTML page and for ``--output``, through the installed script.

The HTML page shows exactly what was linted: it is built from the run's own
snapshot of each input (src/govcheck/linted.py), so ``--stdin-filename``
naming a secret file cannot pull that file into the page, and an editor's
unsaved buffer is not swapped for the saved file of the same name.

An output is never one of the inputs, by whatever name (the same path, a
symbolic link, a hard link): the run refuses it in one line with exit code 2
before reading anything, and the input keeps its bytes and its mtime. An
existing output keeps its permission bits.
"""

from __future__ import annotations

import ast
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from govcheck.errors import GovcheckError
from govcheck.i18n import text
from govcheck.output import refuse_inputs, write_atomic
from govcheck.reporters.html_markup import line_id
from tests.conftest import EXAMPLES, ROOT
from tests.reporters.test_html_report import Node, dom

SCRIPT = Path(sys.executable).with_name("govcheck")
FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
CLEAN = EXAMPLES / "f2021-department-2023.txt"
REPORTERS = ROOT / "src" / "govcheck" / "reporters"


def govcheck(
    *args: str, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script in a fresh process."""
    done = subprocess.run(
        [str(SCRIPT), *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def shown_lines(tree: Node) -> dict[int, str]:
    """Line number → the text the page shows for it."""
    return {
        int(li.attrs["data-line"]): li.find_all("span", "gc-src")[0].text
        for li in tree.find_all("li", "gc-line")
    }


# --- the page shows what was linted -------------------------------------------------------


def test_stdin_filename_naming_a_secret_file_does_not_put_it_in_the_page(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-b7c1e0:0:0\n第二行机密\n", encoding="utf-8")
    done = govcheck(
        "lint", "-", "--stdin-filename", str(secret), "--format", "html",
        stdin="这一行来自标准输入\n".encode(),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    tree, _ = dom(done.stdout)
    assert shown_lines(tree) == {1: "这一行来自标准输入"}
    assert "SECRET-b7c1e0" not in done.stdout
    assert "第二行机密" not in done.stdout
    assert tree.find_all("h2")[0].text == str(secret)


def test_an_unsaved_buffer_is_shown_with_its_own_findings(tmp_path: Path) -> None:
    # The saved file is the clean report; the editor's buffer is the faulty one.
    saved = tmp_path / "report.txt"
    saved.write_bytes(CLEAN.read_bytes())
    buffer = FAULTY.read_bytes()
    page = govcheck("lint", "-", "--stdin-filename", str(saved), "--format", "html", stdin=buffer)
    found = govcheck("lint", "-", "--stdin-filename", str(saved), "--format", "json", stdin=buffer)
    assert page.returncode == found.returncode == 1, page.stderr
    findings = json.loads(found.stdout)["files"][0]["findings"]
    assert len(findings) == 6
    tree, _ = dom(page.stdout)
    buffer_lines = buffer.decode("utf-8").split("\n")
    expected = {n: raw for n, raw in enumerate(buffer_lines, 1) if raw.strip()}
    assert shown_lines(tree) == expected
    hits = {int(li.attrs["data-line"]) for li in tree.find_all("li", "gc-hit")}
    assert hits == {f["line"] for f in findings}
    for finding in findings:
        line = tree.by_id(line_id("f1", finding["line"]))
        assert finding["message"] in line.text
    saved_first = CLEAN.read_text(encoding="utf-8").split("\n")[0]
    assert saved_first not in page.stdout


def test_reporters_import_neither_the_loader_nor_the_parser() -> None:
    """Reporters never read files: none of them imports the load or parse stage."""
    modules = sorted(REPORTERS.glob("*.py"))
    assert len(modules) >= 10
    imported: dict[str, set[str]] = {}
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
            for alias in node.names
        }  # fmt: skip
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported[module.name] = names
    assert "govcheck.linted" in imported["html_source.py"]
    forbidden = ("govcheck.load", "govcheck.parse", "govcheck.api", "govcheck.run")
    offending = {
        name: sorted(n for n in names if n.startswith(forbidden))
        for name, names in imported.items()
        if any(n.startswith(forbidden) for n in names)
    }
    assert offending == {}


# --- an output is never an input ----------------------------------------------------------


def _same(path: Path, _: Path) -> Path:
    return path


def _symlink(path: Path, tmp: Path) -> Path:
    link = tmp / "link.txt"
    link.symlink_to(path)
    return link


def _hard_link(path: Path, tmp: Path) -> Path:
    link = tmp / "hard.txt"
    os.link(path, link)
    return link


OUTPUT_NAMES: dict[str, Callable[[Path, Path], Path]] = {
    "same path": _same,
    "symbolic link": _symlink,
    "hard link": _hard_link,
}


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("name", OUTPUT_NAMES)
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_lint_refuses_an_output_that_is_an_input(tmp_path: Path, name: str, option: str) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(FAULTY.read_bytes())
    os.utime(report, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = _fingerprint(report)
    output = OUTPUT_NAMES[name](report, tmp_path)
    done = govcheck("lint", str(report), "--format", "html", option, str(output))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == text("output.is_input", "zh", path=str(output), input=str(report)) + "\n"
    assert _fingerprint(report) == before
    assert output.is_symlink() == (name == "symbolic link")


def test_lint_refuses_an_output_that_is_a_report_found_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(FAULTY.read_bytes())
    before = _fingerprint(tmp_path / "r.txt")
    done = govcheck("lint", ".", "-o", "r.txt", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == text("output.is_input", "en", path="r.txt", input="r.txt") + "\n"
    assert _fingerprint(tmp_path / "r.txt") == before


def test_lint_refuses_to_write_over_its_baseline(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    written = govcheck("lint", str(FAULTY), "--write-baseline", str(baseline))
    assert written.returncode == 1, written.stderr
    before = _fingerprint(baseline)
    done = govcheck("lint", str(FAULTY), "--baseline", str(baseline), "-o", str(baseline))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert (
        done.stderr == text("output.is_input", "zh", path=str(baseline), input=str(baseline)) + "\n"
    )
    assert _fingerprint(baseline) == before


def test_extract_refuses_an_output_that_is_an_input(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(FAULTY.read_bytes())
    before = _fingerprint(report)
    link = _hard_link(report, tmp_path)
    done = govcheck("extract", str(report), "-o", str(link))
    assert done.returncode == 2
    assert done.stderr == text("output.is_input", "zh", path=str(link), input=str(report)) + "\n"
    assert _fingerprint(report) == before


# --- an existing output keeps its mode; a symbolic link is written through ----------------


def test_an_existing_private_output_stays_private(tmp_path: Path) -> None:
    output = tmp_path / "out.html"
    output.write_text("old", encoding="utf-8")
    output.chmod(0o600)
    done = govcheck("lint", str(FAULTY), "--format", "html", "-o", str(output))
    assert done.returncode == 1, done.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_new_output_gets_the_umask_mode(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    done = govcheck("lint", str(FAULTY), "--format", "json", "-o", str(output))
    assert done.returncode == 1, done.stderr
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o666 & ~mask


def test_a_symlinked_output_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    done = govcheck("lint", str(FAULTY), "--format", "json", "-o", str(link))
    assert done.returncode == 1, done.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["files"][0]["path"] == str(FAULTY)
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


# --- units ---------------------------------------------------------------------------------


def test_refuse_inputs_ignores_a_new_output_and_other_files(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("x", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("x", encoding="utf-8")
    refuse_inputs(tmp_path / "new.txt", [report])
    refuse_inputs(other, [report, tmp_path / "gone.txt"])
    with pytest.raises(GovcheckError) as caught:
        refuse_inputs(other, [report, other])
    assert (caught.value.key, caught.value.values) == (
        "output.is_input",
        {"path": str(other), "input": str(other)},
    )


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
