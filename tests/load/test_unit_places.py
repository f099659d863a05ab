"""The page (PDF) and paragraph (Word, web page) each loader puts on its units.

A finding in a Word file or a PDF points at a line of the extracted text,
which a clerk cannot find; these numbers are what the clerk can count.
"""

from __future__ import annotations

from importlib.util import find_spec

import pytest

from govcheck.load import docx, html
from govcheck.load.text import Unit, decode, number_paragraphs
from tests.forms.render_docx import Para, WCell, WTable, build_docx
from tests.load.test_pdf import PAGE_1, PAGE_2, make_pdf, text


def places(units: tuple[Unit, ...]) -> list[tuple[str, bool, int, int]]:
    return [(u.text, u.cell, u.page, u.paragraph) for u in units]


def test_docx_paragraphs_are_counted_as_word_counts_them() -> None:
    data = build_docx(
        [
            Para("标题"),
            Para(""),  # an empty paragraph is layout: not counted
            Para("一、总体情况"),
            WTable([[WCell("规章"), WCell("")], [WCell("行政许可"), WCell("214")]]),
            Para("二、主动公开"),
        ]
    )
    assert places(docx.load(data, "r.docx").units) == [
        ("标题", False, 0, 1),
        ("一、总体情况", False, 0, 2),
        ("规章", True, 0, 0),  # cells are named by table, row and column instead
        ("", True, 0, 0),
        ("行政许可", True, 0, 0),
        ("214", True, 0, 0),
        ("二、主动公开", False, 0, 3),
    ]


def test_html_blocks_are_numbered_outside_tables() -> None:
    page = (
        "<html><body><h1>年度报告</h1>\n<p>一、总体情况</p><p> </p>\n"
        "<table><tr><td>规章</td><td>3</td></tr><tr><td>行政许可</td><td></td></tr></table>\n"
        "<div>二、主动公开<br>第二行</div></body></html>"
    )
    units = html.load(page.encode(), "r.html").units
    assert places(units) == [
        ("年度报告", False, 0, 1),
        ("一、总体情况", False, 0, 2),
        ("规章", True, 0, 0),
        ("3", True, 0, 0),
        ("行政许可", True, 0, 0),
        ("", True, 0, 0),
        ("二、主动公开", False, 0, 3),
        ("第二行", False, 0, 4),
    ]
    assert [u.line for u in units] == [1, 2, 3, 3, 3, 3, 4, 4]


@pytest.mark.skipif(find_spec("pypdfium2") is None, reason="no pypdfium2 (the pdf extra)")
def test_pdf_units_carry_their_page() -> None:
    from govcheck.load import pdf

    units = pdf.load(make_pdf([PAGE_1, PAGE_2, "", text(50, 800, "last")]), "t.pdf").units
    pages = [(u.text, u.page) for u in units]
    assert pages[:3] == [("Report title", 1), ("prose line one", 1), ("label", 1)]
    assert ("boxed note", 1) in pages
    assert pages[-8:] == [
        ("rowthree", 2),  # the table continued on page 2
        ("5", 2),
        ("6", 2),
        ("rowfour", 2),
        ("7", 2),
        ("8", 2),
        ("after the table", 2),
        ("last", 4),  # page 3 has no text; page 4 is still page 4
    ]
    assert {u.paragraph for u in units} == {0}


def test_plain_text_has_no_page_or_paragraph() -> None:
    source = decode("标题\n\n一、总体情况\n".encode(), "r.txt")
    assert places(source.reading_units()) == [("标题", False, 0, 0), ("一、总体情况", False, 0, 0)]


def test_number_paragraphs_skips_cells_and_blank_units() -> None:
    units = (Unit("a", 1), Unit("", 2, cell=True), Unit("  ", 3), Unit("b", 4, cell=True))
    numbered = number_paragraphs((*units, Unit("c", 5)))
    assert [u.paragraph for u in numbered] == [1, 0, 0, 0, 2]
