"""The pre-commit hook, run by pre-commit itself on a throwaway repository.

pre-commit builds the hook's environment from this repository (pip install),
so the test needs the package registry, as CI has; it takes about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_hook_fails_on_a_faulty_report_only(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("the project is not a git checkout, so pre-commit cannot use it as a hook repo")
    repo = tmp_path / "records"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(EXAMPLES / "f2021-faulty-2023.txt", repo / "faulty.txt")
    shutil.copy(EXAMPLES / "f2021-department-2022.txt", repo / "clean.txt")
    git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "govcheck",
            "--files",
            "faulty.txt",
            "clean.txt",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "faulty.txt:115:1: GC301 error" in output
    assert "clean.txt:" not in output.replace("clean.txt\n", "")
