"""engine/places.py: each finding of a Word file or PDF gets the place a clerk can find."""

from __future__ import annotations

from dataclasses import replace

from govcheck.api import Options, lint_source
from govcheck.engine.places import locate
from govcheck.findings import Finding, Severity
from govcheck.load import docx
from govcheck.load.text import SourceText, Unit
from govcheck.model import Document
from govcheck.parse import parse
from tests.conftest import EXAMPLES
from tests.forms.render_docx import render_docx

FAULTY = (EXAMPLES / "f2021-faulty-2023.txt").read_text(encoding="utf-8")


def finding(line: int, anchor: str = "", message: str = "m") -> Finding:
    return Finding("GC999", "x", Severity.ERROR, line, 1, message, anchor=anchor)


def test_word_findings_get_paragraph_or_cell() -> None:
    result = lint_source(docx.load(render_docx(FAULTY), "r.docx"), Options())
    places = {(f.rule, f.line): (f.page, f.paragraph, f.place) for f in result.findings}
    assert places[("GC501", 7)] == (0, 7, "第7段")
    assert places[("GC304", 286)] == (0, 0, "表四「行政复议」行「总计」列")


def test_english_keeps_the_reports_labels() -> None:
    result = lint_source(docx.load(render_docx(FAULTY), "r.docx"), Options(lang="en"))
    [review] = [f for f in result.findings if f.rule == "GC304"]
    assert review.place == 'table 4, row "行政复议", column "总计"'


def test_pdf_units_give_the_page() -> None:
    units = (Unit("标题", 1, page=1), Unit("正文", 2, page=2), Unit("3", 3, cell=True, page=2))
    source = SourceText("r.pdf", "pdf", ("标题", "正文", "3"), units, form="pdf")
    doc = Document("r.pdf", source.lines, None, None, None, None, None, (), {}, (), False)
    located = locate([finding(2), finding(3), finding(9)], source, doc, "zh")
    assert [(f.page, f.paragraph, f.place) for f in located] == [
        (2, 0, "第2页"),
        (2, 0, "第2页"),  # a cell of no parsed table: the page only
        (0, 0, ""),  # a line no unit is on: nothing to add
    ]


def test_a_cell_the_message_names_already_is_not_named_twice() -> None:
    source = docx.load(render_docx(FAULTY), "r.docx")
    doc = parse(source)
    named = finding(286, "t4.rv.total", "表四「行政复议」行「总计」列为 3")
    unnamed = finding(286, "t4.rv.total")
    assert locate([named, unnamed], source, doc, "zh") == (
        named,
        replace(unnamed, place="表四「行政复议」行「总计」列"),
    )


def test_text_reports_are_left_as_they_are() -> None:
    source = SourceText("r.txt", "utf-8", ("a",), form="text")
    doc = Document("r.txt", ("a",), None, None, None, None, None, (), {}, (), False)
    assert locate([finding(1)], source, doc, "zh") == (finding(1),)
