"""A report drafted in Word lints exactly like its cell-per-line text.

Each example is rendered as the .docx a clerk would have written (tables
2-4 as Word tables with merged headers), and both files go through the CLI.
Only line numbers may differ: a Word line is a unit's ordinal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govcheck.load import read_source
from tests.conftest import EXAMPLES, run_cli
from tests.forms.render_docx import render_docx

EXAMPLE_NAMES = ["f2019-township-2020.txt", "f2021-department-2022.txt", "f2021-faulty-2023.txt"]


def lint_json(path: Path) -> dict[str, Any]:
    result = run_cli("lint", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    record: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return record


def statuses(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["id"], r["status"]) for r in record["rules"]]


def findings(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f["rule"], f["severity"], f["message"]) for f in record["findings"]]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_docx_lints_like_the_text(name: str, tmp_path: Path) -> None:
    text_path = EXAMPLES / name
    docx_path = tmp_path / name.replace(".txt", ".docx")
    docx_path.write_bytes(render_docx(text_path.read_text(encoding="utf-8")))
    as_text, as_word = lint_json(text_path), lint_json(docx_path)
    assert read_source(docx_path).form == "docx"
    assert statuses(as_word) == statuses(as_text)
    assert findings(as_word) == findings(as_text)
    for key in ("format", "year", "issuer", "date"):
        assert as_word[key] == as_text[key], key


def test_the_faulty_example_keeps_its_findings_in_word(tmp_path: Path) -> None:
    """Guards against vacuous equality: the planted defects are found in the .docx too."""
    path = tmp_path / "faulty.docx"
    path.write_bytes(render_docx((EXAMPLES / "f2021-faulty-2023.txt").read_text(encoding="utf-8")))
    rules = {rule for rule, _, _ in findings(lint_json(path))}
    assert {"GC101", "GC201", "GC301", "GC304"} <= rules


def test_docx_with_a_txt_ending_is_read_as_word(tmp_path: Path) -> None:
    name = "f2021-department-2022.txt"
    disguised = tmp_path / name
    disguised.write_bytes(render_docx((EXAMPLES / name).read_text(encoding="utf-8")))
    assert read_source(disguised).form == "docx"
    assert findings(lint_json(disguised)) == findings(lint_json(EXAMPLES / name))
    assert statuses(lint_json(disguised)) == statuses(lint_json(EXAMPLES / name))
