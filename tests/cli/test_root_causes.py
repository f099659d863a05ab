"""Through the installed script: the examples and the corpus give one finding per root cause.

docs/accuracy.md ("Findings against root causes") states, per file, how many
error and warning findings govcheck gives and how many root causes a reader
finds in it. This test runs the files and holds both: the counts are current,
and no file gives more findings than it has root causes. The corpus rows are
checked only where ``../shared/corpus`` is present.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.test_suspect import govcheck
from tests.conftest import EXAMPLES, ROOT, SHARED

DOC = ROOT / "docs" / "accuracy.md"
_ROW = re.compile(r"^\| (\S+) \| (\d+) \| (\d+) \| .+ \|$")


def stated() -> dict[str, tuple[int, int]]:
    """Each file's row of the table: (findings, root causes)."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- findings:begin -->")[1].split("<!-- findings:end -->")[0]
    rows = {}
    for line in table.splitlines():
        match = _ROW.match(line)
        if match:
            rows[match[1]] = (int(match[2]), int(match[3]))
    return rows


def counted(paths: list[Path]) -> dict[str, int]:
    """Error and warning findings per file, by file name, from one CLI run."""
    run = govcheck("lint", *map(str, paths), "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    return {
        Path(f["path"]).name: sum(1 for x in f["findings"] if x["severity"] != "info")
        for f in json.loads(run.stdout)["files"]
    }


def test_every_example_and_corpus_report_has_a_row() -> None:
    rows = stated()
    assert {f"examples/{p.name}" for p in EXAMPLES.glob("*.txt")} <= rows.keys()
    assert all(findings <= causes for findings, causes in rows.values())
    if (SHARED / "corpus").is_dir():
        reports = {
            p.name for p in (SHARED / "corpus").iterdir() if p.suffix in (".txt", ".pdf", ".md")
        }
        assert reports - {"README.md"} <= rows.keys()


def test_the_examples_give_the_stated_findings() -> None:
    rows = stated()
    found = counted(sorted(EXAMPLES.glob("*.txt")))
    assert found == {name: rows[f"examples/{name}"][0] for name in found}
    assert found["f2021-faulty-2023.txt"] == 6


def test_the_corpus_gives_the_stated_findings() -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    rows = stated()
    paths = sorted(corpus / name for name in rows if not name.startswith("examples/"))
    found = counted([p for p in paths if p.is_file()])
    assert found == {name: rows[name][0] for name in found}
    assert found["09_hongze-district-2023.pdf"] == 4
