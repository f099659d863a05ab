"""A markdown conversion lints exactly like its cell-per-line text.

Only locations differ (cells share the line of their pipe row), so findings
are compared as collections of (rule, severity, message).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from govcheck.load import read_source
from tests.conftest import EXAMPLES, run_cli
from tests.forms.render_markdown import render_markdown

EXAMPLE_NAMES = ["f2019-township-2020.txt", "f2021-department-2022.txt", "f2021-faulty-2023.txt"]


def lint_json(path: Path) -> dict[str, Any]:
    result = run_cli("lint", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    record: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return record


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_lints_like_the_text(name: str, tmp_path: Path) -> None:
    md = tmp_path / name.replace(".txt", ".md")
    md.write_text(render_markdown((EXAMPLES / name).read_text(encoding="utf-8")), encoding="utf-8")
    assert read_source(md).form == "markdown"
    as_text, as_md = lint_json(EXAMPLES / name), lint_json(md)
    assert [(r["id"], r["status"]) for r in as_md["rules"]] == [
        (r["id"], r["status"]) for r in as_text["rules"]
    ]
    for key in ("format", "year", "issuer", "date"):
        assert as_md[key] == as_text[key], key
    key = lambda f: (f["rule"], f["severity"], f["message"])  # noqa: E731
    assert Counter(map(key, as_md["findings"])) == Counter(map(key, as_text["findings"]))


def test_faulty_markdown_still_shows_the_planted_defects(tmp_path: Path) -> None:
    md = tmp_path / "faulty.md"
    text = (EXAMPLES / "f2021-faulty-2023.txt").read_text(encoding="utf-8")
    md.write_text(render_markdown(text), encoding="utf-8")
    rules = {f["rule"] for f in lint_json(md)["findings"] if f["severity"] == "error"}
    assert {"GC101", "GC201", "GC301", "GC304", "GC501"} <= rules
