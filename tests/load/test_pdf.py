"""The PDF loader: page geometry → units, refusals, and the corpus PDFs end to end.

Synthetic PDFs are written byte by byte (Helvetica text, stroked rules), so
these tests need no PDF writer; the corpus tests skip without ../shared.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from govcheck.errors import InputError
from govcheck.load import decode, read_source
from govcheck.load.pdf import PdfSource, load, page_line, page_of
from tests.conftest import SHARED, run_cli

needs_pdfium = pytest.mark.skipif(find_spec("pypdfium2") is None, reason="no pypdfium2")

CORPUS = SHARED / "corpus"
HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
PDFS = ("09_hongze-district-2023.pdf", "10_hongze-district-2024.pdf", "11_huaian-city-2024.pdf")


# --- hand-written PDFs -------------------------------------------------------------------


def make_pdf(pages: list[str], trailer_extra: bytes = b"") -> bytes:
    """A minimal valid PDF: one A4 page per content stream, Helvetica as /F1."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        stream = content.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text(x: int, y: int, s: str) -> str:
    return f"BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n"


def hline(x0: int, x1: int, y: int) -> str:
    return f"{x0} {y} m {x1} {y} l S\n"


def vline(x: int, y0: int, y1: int) -> str:
    return f"{x} {y0} m {x} {y1} l S\n"


# Page 1: a title, a prose line on a white filled box (a Word "frame", not a
# table), a 3x3 ruled table whose header cell AB spans two columns and whose
# row "rowtwo" has an empty cell, a one-cell box (no table), a footer.
PAGE_1 = (
    text(50, 800, "Report title")
    + "1 1 1 rg 45 740 510 20 re f 0 0 0 rg\n"
    + text(50, 745, "prose line one")
    + "50 600 300 20 re S\n"
    + text(55, 606, "boxed note")
    + "".join(hline(50, 350, y) for y in (700, 680, 660, 640))
    + vline(50, 640, 700)
    + vline(150, 640, 700)
    + vline(250, 640, 680)
    + vline(350, 640, 700)
    + text(55, 686, "label")
    + text(155, 686, "AB")
    + text(55, 666, "rowone")
    + text(155, 666, "1")
    + text(255, 666, "2")
    + text(55, 646, "rowtwo")
    + text(255, 646, "4")
    + text(290, 30, "- 1 -")
)
# Page 2: the table continues with no rule at the page top (as split tables
# are printed), then prose, then a bare page number in the bottom margin.
PAGE_2 = (
    "".join(hline(50, 350, y) for y in (780, 760))
    + "".join(vline(x, 760, 800) for x in (50, 150, 250, 350))
    + text(55, 786, "rowthree")
    + text(155, 786, "5")
    + text(255, 786, "6")
    + text(55, 766, "rowfour")
    + text(155, 766, "7")
    + text(255, 766, "8")
    + text(50, 700, "after the table")
    + text(290, 30, "2")
)


@needs_pdfium
def test_ruled_tables_become_cells_and_the_rest_prose_lines() -> None:
    source = load(make_pdf([PAGE_1, PAGE_2]), "t.pdf")
    assert source.form == "pdf"
    assert [(u.text, u.cell) for u in source.units] == [
        ("Report title", False),
        ("prose line one", False),
        ("label", True),
        ("AB", True),  # the spanned slot (None) is skipped, not a blank
        ("rowone", True),
        ("1", True),
        ("2", True),
        ("rowtwo", True),
        ("", True),  # an empty cell in the data area is a blank cell
        ("4", True),
        ("boxed note", False),  # a one-cell box is not a table
        ("rowthree", True),  # the unruled page top is closed by the vertical rules
        ("5", True),
        ("6", True),
        ("rowfour", True),
        ("7", True),
        ("8", True),
        ("after the table", False),
    ]  # page numbers "- 1 -" and "2" are dropped


@needs_pdfium
def test_lines_are_the_units_in_order_and_map_to_pages() -> None:
    source = load(make_pdf([PAGE_1, PAGE_2]), "t.pdf")
    assert [u.line for u in source.units] == list(range(1, len(source.units) + 1))
    assert source.lines == tuple(u.text for u in source.units)
    assert isinstance(source, PdfSource)
    assert source.page_starts == (1, 12)
    assert [u.page for u in source.units] == [1] * 11 + [2] * 7
    assert page_line(source, 1) == "1:1"
    assert page_line(source, 11) == "1:11"
    assert page_line(source, 12) == "2:1"
    assert page_of(source, 18) == (2, 7)


def test_page_line_of_a_non_pdf_source_is_the_line() -> None:
    assert page_line(decode(b"a\nb\n", "r.txt"), 2) == "2"


@needs_pdfium
def test_page_without_text_is_skipped_in_the_page_map() -> None:
    source = load(make_pdf([text(50, 800, "one"), "", text(50, 800, "three")]), "t.pdf")
    assert isinstance(source, PdfSource)
    assert source.page_starts == (1, 2, 2)
    assert page_line(source, 2) == "3:1"


# --- refusals: one line on stderr, exit code 2 ---------------------------------------------


def one_line_error(path: Path, *args: str) -> str:
    result = run_cli("lint", str(path), *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@needs_pdfium
def test_pdf_without_text_layer_is_refused_not_passed(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([""]))
    message = one_line_error(scan, "--lang", "en")
    assert message.startswith(f"{scan}: the PDF has no text layer")
    assert "OCR is not supported" in message
    assert "OCR" in one_line_error(scan)  # zh


@needs_pdfium
def test_corrupt_pdf_is_one_clear_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf([PAGE_1])[:400])
    message = one_line_error(broken, "--lang", "en")
    assert message.startswith(f"{broken}: the PDF is damaged or incomplete")


@needs_pdfium
def test_encrypted_pdf_is_one_clear_line(tmp_path: Path) -> None:
    # A standard security handler whose /U does not match the empty password.
    encrypt = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
    encrypt += b"> /P -4 >> /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] "
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(make_pdf([text(50, 800, "secret")], encrypt))
    message = one_line_error(locked, "--lang", "en")
    assert message.startswith(f"{locked}: the PDF is encrypted")


def test_missing_pypdfium2_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "r.pdf"
    report.write_bytes(make_pdf([text(50, 800, "x")]))
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import now raises ImportError
    message = one_line_error(report, "--lang", "en")
    assert message == (
        f"{report}: reading PDF needs the optional package pypdfium2: pip install pypdfium2 "
        "in govcheck's environment (or, in a clone of govcheck: pip install '.[pdf]')"
    )
    with pytest.raises(InputError) as caught:
        load(report.read_bytes(), "r.pdf")
    assert caught.value.key == "input.pdf_extra_missing"


# --- the corpus PDFs -----------------------------------------------------------------------


@needs_pdfium
@pytest.mark.parametrize("name", PDFS)
def test_corpus_pdf_loads_with_its_headings(shared: Path, name: str) -> None:
    source = read_source(shared / "corpus" / name)
    texts = [u.text for u in source.units]
    assert source.form == "pdf"
    assert all(heading in texts for heading in HEADINGS)
    assert not any(t.strip("-— ").isdigit() for t in texts if not _in_table(source, t))
    # Stacked headers (结/果/维/持) are one unit each.
    assert texts.count("结果维持") >= 2
    assert "结果" not in texts


def _in_table(source: Any, text: str) -> bool:
    return any(u.cell and u.text == text for u in source.units)


@cache
def _lint(name: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("lint", str(CORPUS / name), "--format", "json")
    return result.exit_code, json.loads(result.stdout)["files"][0]


def _status(report: dict[str, Any], rule: str) -> str:
    return str(next(r["status"] for r in report["rules"] if r["id"] == rule))


def _table4_values(name: str) -> list[int]:
    """Lines of the numeric cells after the table-4 heading, in order."""
    source = read_source(CORPUS / name)
    start = next(u.line for u in source.units if u.text == HEADINGS[3])
    end = next(u.line for u in source.units if u.text == HEADINGS[4])
    return [u.line for u in source.units if start < u.line < end and u.text.isdigit()]


@needs_pdfium
def test_hongze_2023_table4_totals_fail_and_no_date(shared: Path) -> None:
    code, report = _lint("09_hongze-district-2023.pdf")
    assert code == 1
    assert report["format"] == "2021"
    assert _status(report, "GC304") == "fail"
    assert _status(report, "GC201") == "fail"
    values = _table4_values("09_hongze-district-2023.pdf")
    assert len(values) == 15
    findings = [f for f in report["findings"] if f["rule"] == "GC304"]
    # The 总计 cells of 行政复议 (5th number) and of 复议后起诉 (15th).
    assert [f["line"] for f in findings] == [values[4], values[14]]
    assert "行政复议" in findings[0]["message"]
    assert "复议后起诉" in findings[1]["message"]


@needs_pdfium
def test_huaian_2024_tables_3_and_4_hold(shared: Path) -> None:
    code, report = _lint("11_huaian-city-2024.pdf")
    assert report["format"] == "2021"
    for rule in ("GC301", "GC302", "GC303", "GC304"):
        assert _status(report, rule) == "pass", rule
    assert _status(report, "GC201") == "fail"
    assert code == 1


@needs_pdfium
def test_hongze_2024_consistent_tables_raise_no_sum_error(shared: Path) -> None:
    _, report = _lint("10_hongze-district-2024.pdf")
    assert report["format"] == "2021"
    assert _status(report, "GC301") == "pass"
    assert _status(report, "GC304") == "pass"
    # （六）其他处理 is printed as one row (hybrid layout): never a false sum error.
    assert _status(report, "GC302") != "fail"
    assert _status(report, "GC303") != "fail"
    assert _status(report, "GC201") == "fail"


@needs_pdfium
def test_a_page_that_cannot_be_loaded_is_one_clear_line(tmp_path: Path) -> None:
    """The document opens, but PDFium fails on a page (found by the damaged-PDF property)."""
    data = bytearray(make_pdf([PAGE_1, PAGE_2]))
    data[0:0] = data[0:5]  # the header duplicated shifts every offset of the xref
    del data[87]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    message = one_line_error(broken, "--lang", "en")
    assert message.startswith(f"{broken}: the PDF is damaged or incomplete and cannot be read")
    assert "(Failed to load page.)" in message
