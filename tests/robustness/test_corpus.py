"""The real corpus through every output format: no traceback, and the inputs untouched.

Every file of ../shared/corpus and ../shared/examples (skipped only when
../shared is absent) goes through ``govcheck lint`` in each output format,
in-process through the CLI, and once through the installed console script
with ``--output`` and ``--write-baseline``. Reading a PDF takes seconds, so
the in-process runs after the first take each file's loaded text from a
cache; everything after loading (parsing, rules, rendering, and the html
format's own re-reading of every file) runs each time.

Before and after, every file in those folders is hashed and its mtime
recorded: govcheck never writes, touches or renames an input. Outputs are
written atomically: a write that fails leaves the target as it was (absent or
complete) and no temporary file beside it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from govcheck import api
from govcheck.i18n import text
from govcheck.load import SourceText, read_source
from govcheck.reporters import Format
from tests.conftest import EXAMPLES, SHARED, run_cli
from tests.robustness.common import OUTPUT_FORMATS

FOLDERS = ("corpus", "examples")
Snapshot = dict[str, tuple[str, int, int]]


def snapshot(folders: list[Path]) -> Snapshot:
    """path → (sha256, mtime in ns, size) of every file under ``folders``."""
    found: Snapshot = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path)] = (digest, info.st_mtime_ns, info.st_size)
    return found


@dataclass
class CorpusRun:
    folders: list[Path]
    before: Snapshot
    after: Snapshot
    results: dict[str, Result]
    installed: subprocess.CompletedProcess[str]
    output: Path
    baseline: Path


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusRun]:
    """One run of everything over the corpus, between two snapshots of it."""
    if not SHARED.is_dir():  # as the function-scoped ``shared`` fixture does
        pytest.skip("../shared is not present")
    folders = [SHARED / name for name in FOLDERS]
    out = tmp_path_factory.mktemp("corpus-out")
    before = snapshot(folders)
    script = Path(sys.executable).with_name("govcheck")
    output, baseline = out / "report.json", out / "baseline.json"
    command = [str(script), "lint", *map(str, folders), "--format", "json", "--jobs", "2"]
    installed = subprocess.run(
        [*command, "--output", str(output), "--write-baseline", str(baseline)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    cache: dict[tuple[str, str | None], SourceText] = {}

    def cached(path: Path, display: str | None = None, vetted: Any = None) -> SourceText:
        key = (str(path), display)
        if key not in cache:
            cache[key] = read_source(path, display, vetted)
        return cache[key]

    patch = pytest.MonkeyPatch()
    patch.setattr(api, "read_source", cached)
    try:
        results = {
            fmt: run_cli("lint", *map(str, folders), "--format", fmt, "--jobs", "1")
            for fmt in OUTPUT_FORMATS
        }
    finally:
        patch.undo()
    yield CorpusRun(folders, before, snapshot(folders), results, installed, output, baseline)


def test_every_output_format_is_covered() -> None:
    assert set(OUTPUT_FORMATS) == {f.value for f in Format}


@pytest.mark.parametrize("output_format", OUTPUT_FORMATS)
def test_the_corpus_in_every_format_without_a_traceback(
    corpus_run: CorpusRun, output_format: str
) -> None:
    result = corpus_run.results[output_format]
    assert result.exit_code in (0, 1, 2), result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    assert result.stdout
    for line in result.stderr.splitlines():  # unreadable inputs: one line each, naming the file
        assert any(line.startswith(str(folder)) for folder in corpus_run.folders), line


def test_the_installed_script_over_the_corpus(corpus_run: CorpusRun) -> None:
    run = corpus_run.installed
    assert run.returncode in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stderr
    report = json.loads(corpus_run.output.read_text(encoding="utf-8"))
    in_process = json.loads(corpus_run.results["json"].stdout)
    assert report == in_process
    assert report["summary"]["files"] >= 13
    assert json.loads(corpus_run.baseline.read_text(encoding="utf-8"))


def test_the_inputs_are_never_modified(corpus_run: CorpusRun) -> None:
    assert corpus_run.before
    assert corpus_run.after == corpus_run.before


# --- atomic outputs ------------------------------------------------------------------------

REPORT = EXAMPLES / "f2021-faulty-2023.txt"


def failing_write(after: int) -> Callable[..., Any]:
    """An ``os.fdopen`` whose handle writes ``after`` characters, then runs out of disk."""
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real(fd, *args, **kwargs)
        write = handle.write

        def short_write(data: str) -> int:
            write(data[:after])
            handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        handle.write = short_write
        return handle

    return fdopen


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
@pytest.mark.parametrize("existing", [None, "the previous complete output\n"])
def test_a_failed_write_leaves_no_partial_target(
    option: str, existing: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    if existing is not None:
        target.write_text(existing, encoding="utf-8")
    monkeypatch.setattr(os, "fdopen", failing_write(10))  # what write_atomic opens
    result = run_cli("lint", str(REPORT), "--format", "json", option, str(target), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        text("output.unwritable", "en", path=str(target), detail=os.strerror(errno.ENOSPC))
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if existing is None else ["out.json"])
    if existing is not None:
        assert target.read_text(encoding="utf-8") == existing


def test_a_failed_rename_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.mkdir()  # a folder where the file should go: the rename fails
    result = run_cli("lint", str(REPORT), "--format", "json", "--output", str(target))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.is_dir() and not any(target.iterdir())


def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_valid_utf8(tmp_path: Path) -> None:
    """Regression: --output died with UnicodeEncodeError on such a name (and left a .tmp).

    The name's bytes were then written back raw, which made the whole output
    invalid UTF-8; they are shown as ``\\xff\\xfe`` (tests/robustness/test_hostile_output.py).
    """
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/\xff\xfe.txt"
    with open(raw, "wb") as handle:  # noqa: PTH123 - a bytes path
        handle.write(REPORT.read_bytes())
    target = tmp_path / "out.json"
    result = run_cli("lint", str(folder), "--format", "json", "--output", str(target))
    assert result.exit_code == 1, result.stderr
    document = target.read_bytes().decode("utf-8")  # valid UTF-8
    assert json.loads(document)["files"][0]["path"] == f"{folder}/\\xff\\xfe.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.json"]
    script = Path(sys.executable).with_name("govcheck")
    outputs = [
        subprocess.run(
            [str(script), "lint", str(folder), "--format", "line"],
            capture_output=True,
            env={**os.environ, **env},
            timeout=120,
            check=False,
        )
        for env in ({"PYTHONIOENCODING": "utf-8:strict"}, {"LC_ALL": "C.UTF-8"})
    ]
    assert [o.returncode for o in outputs] == [1, 1]
    assert outputs[0].stdout == outputs[1].stdout
    assert raw not in outputs[0].stdout
    assert f"{folder}/\\xff\\xfe.txt:".encode() in outputs[0].stdout


def test_a_console_that_cannot_show_chinese_gets_escapes_not_a_traceback() -> None:
    """Regression: an ASCII or Latin-1 console ended the run with UnicodeEncodeError."""
    script = Path(sys.executable).with_name("govcheck")

    def lint(encoding: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [str(script), "lint", str(REPORT), "--format", "line", "--lang", "zh"],
            capture_output=True,
            env={**os.environ, "PYTHONIOENCODING": encoding},
            timeout=120,
            check=False,
        )

    expected = lint("utf-8").stdout.decode("utf-8")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in expected)
    for encoding in ("ascii", "latin-1"):
        run = lint(encoding)
        assert run.returncode == 1
        assert b"Traceback" not in run.stderr
        assert run.stdout.decode("unicode_escape") == expected
