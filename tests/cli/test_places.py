"""Through the installed script: findings in Word, PDF and web pages say where to find them.

The faulty example rendered as the .docx (and web page) a clerk would have
drafted: its line numbers are positions in the extracted text, which Word
does not show. Each finding's message ends with the table, row and column of
its cell in the report's own labels, or the paragraph (Word's non-empty body
paragraphs, counted from the top) or the PDF page; JSON and SARIF give the
numbers as ``paragraph``/``page`` and the words as ``place``. Plain text keeps
the line only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_suspect import govcheck
from tests.conftest import EXAMPLES, SHARED
from tests.forms.render_docx import render_docx
from tests.forms.render_html import render_html

FAULTY = EXAMPLES / "f2021-faulty-2023.txt"
CORPUS_PDF = SHARED / "corpus" / "09_hongze-district-2023.pdf"


@pytest.fixture(scope="module")
def faulty_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "faulty.docx"
    path.write_bytes(render_docx(FAULTY.read_text(encoding="utf-8")))
    return path


def findings(path: Path, *args: str) -> list[dict[str, object]]:
    run = govcheck("lint", str(path), "--format", "json", *args)
    assert run.returncode == 1, run.stderr
    found: list[dict[str, object]] = json.loads(run.stdout)["files"][0]["findings"]
    return found


def test_line_format_names_the_cell_and_the_paragraph_in_word(faulty_docx: Path) -> None:
    run = govcheck("lint", str(faulty_docx), "--format", "line")
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    p = str(faulty_docx)
    # 正文第 7 段 (the 7th non-empty paragraph of the body) says no application came in.
    assert (
        f"{p}:7:1: GC501 error 正文称“未收到政府信息公开申请”，但表三“新收”的“总计”为 7"
        "（位置：第7段） — 修改建议：核对表三本年新收数据；若确有申请，修改正文表述。"
    ) in lines
    assert (
        f"{p}:286:1: GC304 error 表四“行政复议”：总计为 3，但 结果维持 2 + 结果纠正 1 + 其他结果 0"
        " + 尚未审结 1 = 4（相差 1）（位置：表四「行政复议」行「总计」列）"
        " — 修改建议：核对该组四项结果与总计。"
    ) in lines
    # Section 五 is missing: the finding stands at 六, the 18th paragraph.
    assert (
        f"{p}:297:1: GC101 error 缺少第五部分“五、存在的主要问题及改进情况”（位置：第18段）"
        " — 修改建议：按格式补上该部分标题及内容；没有需要报告的内容时写“无。”。"
    ) in lines


def test_english_names_the_cell_by_the_labels_printed_in_the_report(faulty_docx: Path) -> None:
    run = govcheck("lint", str(faulty_docx), "--format", "line", "--lang", "en")
    lines = run.stdout.splitlines()
    p = str(faulty_docx)
    assert (
        f'{p}:64:1: GC301 error table 3, column "total": new 7 + carried in 1 = 8, but total 6'
        " + carried forward 1 = 7 (difference 1); the table's printed identity requires items"
        " one plus two to equal items three plus four"
        ' (at table 3, row "新收", column "总计")'
        " — fix: Check the column's new, carried-in, total and carried-forward figures until"
        " both sides agree."
    ) in lines
    assert any(
        line.startswith(f"{p}:7:1: GC501 error ") and " (at paragraph 7) — fix: " in line
        for line in lines
    )


def test_json_gives_paragraph_and_place_only_where_known(faulty_docx: Path) -> None:
    by_rule = {(f["rule"], f["line"]): f for f in findings(faulty_docx)}
    prose = by_rule[("GC501", 7)]
    assert (prose["paragraph"], prose["place"]) == (7, "第7段")
    assert "page" not in prose
    cell = by_rule[("GC304", 286)]
    assert cell["cell"] == "t4.rv.total"
    assert cell["place"] == "表四「行政复议」行「总计」列"
    assert "paragraph" not in cell and "page" not in cell
    # The message itself is unchanged: the place is a key of its own.
    assert str(cell["message"]).endswith("（相差 1）")


def test_plain_text_keeps_the_line_only() -> None:
    for finding in findings(FAULTY):
        assert not {"page", "paragraph", "place"} & finding.keys()
    run = govcheck("lint", str(FAULTY), "--format", "line")
    assert "位置" not in run.stdout


def test_web_page_names_cells_and_paragraphs(tmp_path: Path) -> None:
    page = tmp_path / "faulty.html"
    page.write_bytes(render_html(FAULTY.read_text(encoding="utf-8")))
    by_rule = {f["rule"]: f for f in findings(page, "--lang", "en")}
    assert by_rule["GC101"]["place"] == "paragraph 18"
    assert by_rule["GC101"]["paragraph"] == 18
    assert by_rule["GC304"]["place"] == 'table 4, row "行政复议", column "总计"'
    sarif = govcheck("lint", str(page), "--format", "sarif", "--lang", "en")
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    review = next(r for r in results if r["ruleId"] == "GC304")
    assert review["properties"] == {"place": 'table 4, row "行政复议", column "总计"'}
    assert review["message"]["text"].endswith(' (at table 4, row "行政复议", column "总计")')


@pytest.mark.skipif(not CORPUS_PDF.is_file(), reason="../shared/corpus is not present")
def test_pdf_findings_name_their_page() -> None:
    run = govcheck("lint", str(CORPUS_PDF), "--format", "line")
    lines = run.stdout.splitlines()
    # Table 4 is on page 4; its 行政复议 total is printed as 0 beside 10 upheld and 1 corrected.
    assert (
        f"{CORPUS_PDF}:292:1: GC304 error 表四“行政复议”：总计为 0，但 结果维持 10 + 结果纠正 1"
        " + 其他结果 0 + 尚未审结 0 = 11（相差 11）（位置：表四「行政复议」行「总计」列，第4页）"
        " — 修改建议：核对该组四项结果与总计。"
    ) in lines
    pages = {(f["rule"], f["line"]): f["page"] for f in findings(CORPUS_PDF)}
    assert pages[("GC304", 292)] == 4
    assert pages[("GC201", 317)] == 5


def test_html_page_shows_the_place_beside_the_message(faulty_docx: Path, tmp_path: Path) -> None:
    page = tmp_path / "faulty.html"
    run = govcheck("lint", str(faulty_docx), "--format", "html", "--output", str(page))
    assert run.returncode == 1, run.stderr
    shown = page.read_text(encoding="utf-8")
    assert '<span class="gc-place">（位置：第7段）</span>' in shown
    assert '<span class="gc-place">（位置：表四「行政复议」行「总计」列）</span>' in shown
