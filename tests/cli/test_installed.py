"""The installed console script and ``python -m govcheck`` work as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "govcheck",
            "lint",
            str(EXAMPLES / "f2021-faulty-2023.txt"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["summary"]["files"] == 1


def test_console_script_on_path() -> None:
    exe = shutil.which("govcheck")
    if exe is None:
        pytest.fail("the govcheck console script is not installed")
    proc = subprocess.run(
        [exe, "lint", str(EXAMPLES / "f2019-township-2020.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Not a terminal: the default output is the line format (path:line:col: id severity …).
    assert all(" error " not in line for line in proc.stdout.splitlines())


def test_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govcheck", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.startswith("govcheck ")
