"""The documented Python API (docs/api.md): govcheck.check, --format jsonl, and the Dask example."""

from __future__ import annotations

import json
import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import govcheck
from govcheck.errors import InputError
from govcheck.findings import RuleStatus
from govcheck.reporters.jsonl import file_record
from tests.conftest import EXAMPLES, ROOT, run_cli

Y2022 = EXAMPLES / "f2021-department-2022.txt"
Y2023 = EXAMPLES / "f2021-department-2023.txt"
FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
REPORTS = ("f2019-township-2020.txt", Y2022.name, Y2023.name, FAULTY.name)


def test_check_gives_what_the_cli_gives() -> None:
    result = govcheck.check(FAULTY)
    data = json.loads(run_cli("lint", str(FAULTY), "--format", "json", "--isolated").stdout)
    cli = data["files"][0]
    assert [(f.rule, f.line, f.message) for f in result.findings] == [
        (f["rule"], f["line"], f["message"]) for f in cli["findings"]
    ]
    assert (result.path, result.year, result.issuer) == (str(FAULTY), 2023, cli["issuer"])


def test_check_reads_bytes_and_is_deterministic() -> None:
    data = FAULTY.read_bytes()
    first = govcheck.check(data, name="faulty.txt", lang="en")
    assert first == govcheck.check(data, name="faulty.txt", lang="en")
    assert first.path == "faulty.txt"
    assert govcheck.check(data).path == "<bytes>"
    assert "GC301" in {f.rule for f in first.findings}


def test_the_result_is_picklable() -> None:
    result = govcheck.check(FAULTY)
    assert pickle.loads(pickle.dumps(result)) == result


def test_previous_enables_the_cross_year_rules() -> None:
    alone = govcheck.check(Y2023)
    paired = govcheck.check(Y2023, previous=Y2022.read_bytes())
    status = {r.id: r.status for r in paired.rules}
    assert {r.id: r.status for r in alone.rules}["GC701"] is RuleStatus.NOT_APPLICABLE
    assert status["GC701"] is status["GC702"] is status["GC703"] is RuleStatus.PASS


def test_config_selects_rules_and_applies_waivers(tmp_path: Path) -> None:
    config = tmp_path / "govcheck.toml"
    config.write_text(
        'select = ["GC3"]\n'
        "[[waiver]]\n"
        'path = "faulty.txt"\nrule = "GC304"\ncell = "t4.rv.total"\nreason = "accepted"\n',
        encoding="utf-8",
    )
    result = govcheck.check(FAULTY.read_bytes(), name="faulty.txt", config=config)
    assert {r.id[:3] for r in result.rules} <= {"GC3", "GC9"}
    assert [f.rule for f in result.findings] == ["GC301", "GC301"]


def test_an_unreadable_input_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        govcheck.check(tmp_path / "none.txt")
    assert caught.value.key == "input.missing"


def test_import_govcheck_does_not_import_the_pipeline() -> None:
    code = "import govcheck, sys; print('govcheck.api' in sys.modules, callable(govcheck.check))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["False", "True"]


def test_format_jsonl_is_one_object_per_file_per_line() -> None:
    result = run_cli("lint", str(EXAMPLES), "--format", "jsonl", "--isolated")
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    # The folder's README.md is no report: a walk leaves it out (issue 16).
    assert len(lines) == len(list(EXAMPLES.glob("*.txt")))
    faulty = next(r for r in records if r["path"] == str(FAULTY))
    assert faulty == file_record(govcheck.check(FAULTY))
    assert list(faulty)[:2] == ["govcheck", "path"] and list(faulty)[-1] == "summary"
    assert faulty["summary"]["error"] == sum(f["severity"] == "error" for f in faulty["findings"])
    assert result.exit_code == 1


def docs_example() -> dict[str, Any]:
    """The Dask example of docs/api.md, loaded as a module namespace."""
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, flags=re.DOTALL)
    [source] = [b for b in blocks if "LocalCluster" in b]
    namespace: dict[str, Any] = {"__name__": "govcheck_docs_api_example"}
    exec(compile(source, "docs/api.md", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("processes", [False, True], ids=["threads", "one-process"])
def test_the_dask_example_in_the_docs_writes_jsonl(tmp_path: Path, processes: bool) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in REPORTS:
        shutil.copy(EXAMPLES / name, corpus / name)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "results.jsonl"
    started = time.monotonic()
    checked = docs_example()["lint_folder"](
        str(corpus), str(out), workers=1, processes=processes, timeout=120
    )
    assert time.monotonic() - started < 120
    records = sorted(
        (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()),
        key=lambda r: r["path"],
    )
    assert checked == len(records) == len(REPORTS) + 1
    assert (records[0]["path"], records[0]["error"]) == (str(corpus / "empty.txt"), "input.empty")
    expected = [file_record(govcheck.check(corpus / n, lang="en")) for n in sorted(REPORTS)]
    assert records[1:] == expected
