"""A saved web page lints exactly like its cell-per-line text.

Each example is rendered as the page a government site would serve (site
chrome around the article; tables 2-4 with merged headers), and both files
go through the CLI. Only locations may differ: the page's are HTML source
lines. Where the page puts a whole table row on one source line, findings on
that row share a line and so come back in another order; they are compared
as collections there, and in order where every cell has a line of its own.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from govcheck.load import read_source
from tests.conftest import EXAMPLES, edit_lines, run_cli
from tests.forms.render_html import render_html

EXAMPLE_NAMES = ["f2019-township-2020.txt", "f2021-department-2022.txt", "f2021-faulty-2023.txt"]
Finding = tuple[str, str, str]


def lint_json(path: Path) -> dict[str, Any]:
    result = run_cli("lint", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    record: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return record


def statuses(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["id"], r["status"]) for r in record["rules"]]


def findings(record: dict[str, Any]) -> list[Finding]:
    return [(f["rule"], f["severity"], f["message"]) for f in record["findings"]]


def write_page(tmp_path: Path, name: str, **options: Any) -> Path:
    path = tmp_path / name.replace(".txt", ".html")
    path.write_bytes(render_html((EXAMPLES / name).read_text(encoding="utf-8"), **options))
    return path


def assert_same_report(as_page: dict[str, Any], as_text: dict[str, Any]) -> None:
    assert statuses(as_page) == statuses(as_text)
    for key in ("format", "year", "issuer", "date"):
        assert as_page[key] == as_text[key], key


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_page_lints_like_the_text(name: str, tmp_path: Path) -> None:
    page = write_page(tmp_path, name)
    as_text, as_page = lint_json(EXAMPLES / name), lint_json(page)
    assert read_source(page).form == "html"
    assert_same_report(as_page, as_text)
    assert Counter(findings(as_page)) == Counter(findings(as_text))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_word_saved_gbk_page_lints_like_the_text_in_order(name: str, tmp_path: Path) -> None:
    page = write_page(tmp_path, name, charset="gb2312", word=True)
    as_text, as_page = lint_json(EXAMPLES / name), lint_json(page)
    assert read_source(page).encoding == "gb18030"
    assert_same_report(as_page, as_text)
    assert findings(as_page) == findings(as_text)


def test_the_faulty_example_keeps_its_findings_as_a_page(tmp_path: Path) -> None:
    """Guards against vacuous equality: the planted defects are found on the page too."""
    record = lint_json(write_page(tmp_path, "f2021-faulty-2023.txt"))
    assert {"GC101", "GC201", "GC301", "GC304", "GC501"} <= {r for r, _, _ in findings(record)}


def test_a_blank_cell_is_blank_on_the_page(tmp_path: Path) -> None:
    # Table 3, 新收 科研机构 (line 59, a 0) left empty: the text reads it as a blank cell
    # (no blank separator lines), and the page writes it as &nbsp;.
    text = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
    (tmp_path / "blank.txt").write_text(edit_lines(text, {59: ("0", "")}), encoding="utf-8")
    html = render_html((tmp_path / "blank.txt").read_text(encoding="utf-8"))
    assert b'<td valign="middle"><p align="center"><span>&nbsp;</span>' in html
    (tmp_path / "blank.html").write_bytes(html)
    as_text, as_page = lint_json(tmp_path / "blank.txt"), lint_json(tmp_path / "blank.html")
    assert ("GC401", "fail") in statuses(as_text)
    assert_same_report(as_page, as_text)
    assert Counter(findings(as_page)) == Counter(findings(as_text))


def test_html_with_a_txt_ending_is_read_as_html(tmp_path: Path) -> None:
    name = "f2021-department-2022.txt"
    disguised = tmp_path / name
    disguised.write_bytes(render_html((EXAMPLES / name).read_text(encoding="utf-8")))
    source = read_source(disguised)
    assert source.form == "html"
    assert all("<" not in unit.text for unit in source.units)
    assert_same_report(lint_json(disguised), lint_json(EXAMPLES / name))


def test_shared_html_example_is_clean(shared: Path) -> None:
    page = shared / "examples" / "f2021-county-market-2023.html"
    result = run_cli("lint", str(page), "--format", "json")
    record = json.loads(result.stdout)["files"][0]
    assert result.exit_code == 0, result.output
    assert record["format"] == "2021"
    assert [f for f in record["findings"] if f["severity"] == "error"] == []
    twin = lint_json(shared / "examples" / "f2021-county-market-2023.txt")
    assert_same_report(record, twin)
