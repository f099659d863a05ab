"""Start-up: `govcheck lint FILE --format json` imports only what a text report needs.

Read from ``python -X importtime``, the record docs/performance.md quotes: no
rich (JSON output), no reader but the text one, no writer of TOML.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

REPORT = EXAMPLES / "f2021-department-2023.txt"
NOT_ON_THE_JSON_PATH = (
    "rich",
    "govcheck.reporters.console",
    "govcheck.catalogue",
    "govcheck.load.html",
    "govcheck.load.docx",
    "govcheck.load.pdf",
    "html.parser",
    "xml.etree.ElementTree",
    "tomli_w",
)


def imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules a run of the installed CLI imports, from its -X importtime record."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "govcheck", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]  # the example is clean
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert lines, done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in lines}


def test_lint_json_of_a_text_report_imports_no_rich_and_no_other_reader(tmp_path: Path) -> None:
    modules = imported(tmp_path, "lint", str(REPORT), "--format", "json")
    assert "govcheck.load.text" in modules
    assert sorted(m for m in NOT_ON_THE_JSON_PATH if m in modules) == []


def test_rich_output_imports_rich(tmp_path: Path) -> None:
    modules = imported(tmp_path, "lint", str(REPORT), "--format", "rich")
    assert "rich" in modules
