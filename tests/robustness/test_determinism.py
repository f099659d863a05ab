"""The same input always gives the same output bytes.

Whatever the order of the paths (output follows the order of the arguments
by design, so each file's record is compared, and a folder is walked in
sorted order whatever order its files were made in), the number of worker
processes, the locale, and the hash seed of the interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, SEED, run_cli
from tests.forms.render_docx import render_docx
from tests.forms.render_html import render_html
from tests.robustness.common import OUTPUT_FORMATS

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))


def make_folder(folder: Path, *, reverse: bool = False) -> list[Path]:
    """At least 12 reports in every form (and one empty file), created in order or reversed."""
    contents: dict[str, bytes] = {}
    for path in EXAMPLE_FILES:
        text = path.read_text(encoding="utf-8")
        contents[path.name] = text.encode("utf-8")
        contents[path.stem + ".html"] = render_html(text)
        contents[path.stem + ".docx"] = render_docx(text)
    if SEED.is_file():
        contents[SEED.name] = SEED.read_bytes()
    contents["empty.txt"] = b""
    folder.mkdir()
    names = sorted(contents, reverse=reverse)
    for name in names:
        (folder / name).write_bytes(contents[name])
    assert len(names) >= 12
    return [folder / name for name in names]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("determinism")
    make_folder(root / "reports")
    return root / "reports"


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plain-text reports only: for the checks that run many times."""
    root = tmp_path_factory.mktemp("texts")
    for path in [*EXAMPLE_FILES, SEED] if SEED.is_file() else EXAMPLE_FILES:
        (root / path.name).write_bytes(path.read_bytes())
    (root / "empty.txt").write_bytes(b"")
    return root


def records(stdout: str) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in json.loads(stdout)["files"]}


def test_jobs_do_not_change_a_byte(folder: Path) -> None:
    runs = [run_cli("lint", str(folder), "--format", "json", "--jobs", j) for j in ("1", "2")]
    assert runs[0].exit_code == runs[1].exit_code == 2  # the empty file
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr


def test_argument_order_changes_only_the_order(folder: Path) -> None:
    files = sorted(str(p) for p in folder.iterdir())
    forward = run_cli("lint", *files, "--format", "json")
    backward = run_cli("lint", *reversed(files), "--format", "json")
    assert [r["path"] for r in json.loads(forward.stdout)["files"]] == [
        f for f in files if not f.endswith("empty.txt")
    ]
    assert records(forward.stdout) == records(backward.stdout)
    assert json.loads(forward.stdout)["summary"] == json.loads(backward.stdout)["summary"]


def test_a_folder_is_walked_in_sorted_order_whatever_the_creation_order(tmp_path: Path) -> None:
    make_folder(tmp_path / "a")
    make_folder(tmp_path / "b", reverse=True)
    outputs = [
        run_cli("lint", str(tmp_path / name), "--format", "jsonl").stdout.replace(
            str(tmp_path / name), "<folder>"
        )
        for name in ("a", "b")
    ]
    assert outputs[0] == outputs[1]
    paths = [json.loads(line)["path"] for line in outputs[0].splitlines()]
    assert paths == sorted(paths)


def test_a_second_run_gives_the_same_bytes_in_every_format(texts: Path) -> None:
    for output_format in OUTPUT_FORMATS:
        first, second = (
            run_cli("lint", str(texts), "--format", output_format, "--jobs", "1") for _ in range(2)
        )
        assert first.stdout == second.stdout, output_format
        assert first.stderr == second.stderr, output_format


ENVIRONMENTS = {
    "C": {"LANG": "C", "PYTHONHASHSEED": "0"},
    "zh_CN.UTF-8": {"LANG": "zh_CN.UTF-8", "PYTHONHASHSEED": "1"},
    "LC_ALL=zh_CN.UTF-8": {"LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN", "PYTHONHASHSEED": "2"},
    "C.UTF-8": {"LC_ALL": "C.UTF-8"},
}


def run_installed(folder: Path, output_format: str, env: dict[str, str]) -> bytes:
    """The installed console script in a fresh process with only ``env`` set (and PATH)."""
    script = Path(sys.executable).with_name("govcheck")
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}
    run = subprocess.run(
        [str(script), "lint", str(folder), "--format", output_format],
        capture_output=True,
        env={**base, **env},
        timeout=120,
        check=False,
    )
    assert run.returncode == 2, run.stderr  # the empty file
    assert b"Traceback" not in run.stderr
    return run.stdout


@pytest.mark.parametrize("output_format", ["json", "line"])
def test_the_locale_and_the_hash_seed_do_not_change_a_byte(texts: Path, output_format: str) -> None:
    """Whether or not each locale is installed: what a user sets must not matter."""
    outputs = {name: run_installed(texts, output_format, e) for name, e in ENVIRONMENTS.items()}
    reference = outputs["C"]
    assert reference
    assert {name for name, out in outputs.items() if out != reference} == set()
