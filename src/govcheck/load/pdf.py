"""PDFs with a text layer → units, via the optional package pdfplumber.

A PDF has no lines, only glyphs at positions and drawn paths, so the units
are rebuilt from page geometry:

- **Tables** are found from their ruling (``find_tables`` with the "lines"
  strategy). Only *rules* count as ruling: stroked paths and hairline-thin
  filled rectangles. Filled areas are ignored: Word/WPS exports paint white
  boxes behind every prose line and shade header cells, and treating those
  as cell borders turns whole pages of prose into one-column "tables"
  (seen in the corpus reports 09 and 10). A table split over two pages has
  no rule where the page breaks; the ends of its vertical rules close it, so
  the last row on the page is not lost. A box with fewer than two rows or two
  columns (a page frame, a text box) is no table: its text stays prose.
- **Cells** are emitted once each, row by row. pdfplumber gives ``None``
  for the part of a merged cell that spans into another grid slot: skipped.
  An empty cell is a blank cell (``Unit("", cell=True)``), but only inside
  the table's *data area* (a column and a row that both hold a number):
  elsewhere an empty cell is layout, e.g. the empty sub-label slot beside
  ``（七）总计`` or the rest of a merged label cell continued on the next
  page, and a blank there would be read as a missing number. A cell printed
  over several lines (headers stacked one character per line, 结/果/维/持)
  is one unit; its lines are joined as a reader reads them (no separator
  between CJK characters, one space between Latin words or digits).
- **Prose** is every text line outside the kept tables' cells, one unit per line.
  Page numbers (``- 1 -``, ``— 2 —``, ``第 3 页``) are dropped.

Locations: every unit gets its own global 1-based line, and
``SourceText.lines`` holds the unit texts in that order, so line *n* of the
extracted text is unit *n*, and each unit carries its 1-based page
(``Unit.page``). :func:`page_line` turns such a line into
``page:line-on-page``.

Refusals, each one line with exit code 2 through the CLI: pdfplumber not
installed (``input.pdf_extra_missing``), a password-protected PDF
(``input.pdf_encrypted``), a file that cannot be parsed (``input.pdf_corrupt``),
and a PDF without a text layer, i.e. a scan (``input.pdf_no_text``): OCR is not
supported, and passing silently would report a scan as compliant. A PDF past
one of the caps of :mod:`govcheck.load.pdfcaps` (inflated bytes, pages, glyphs
or paths on a page) is refused too, before the work it describes is done.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcheck.errors import InputError
from govcheck.load import pdfcaps
from govcheck.load.text import SourceText, Unit

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF
    from pdfplumber.table import Table

# A filled rectangle at most this thick (pt) is a rule drawn as a fill.
_HAIRLINE = 2.0
# Vertical rules whose ends lie within this distance (pt) end on the same line.
_END_TOLERANCE = 3.0
# A real table has a grid: at least this many rows and columns.
_MIN_GRID = 2
_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
}
# Page numbers standing alone on a line: "- 1 -", "— 2 —", "第 3 页", "第3页 共5页".
# Dashes, 第, 页 and 共 are written as escapes (no Chinese or look-alike literals in code).
_FOOTER = re.compile(
    r"^\s*(?:[-\u2014\u2013\uff0d]+\s*\d+\s*[-\u2014\u2013\uff0d]+"
    r"|\u7b2c\s*\d+\s*\u9875(?:\s*[/,，]?\s*\u5171\s*\d+\s*\u9875)?)\s*$"
)
# A bare number ("3", "3 / 5") is a page number only in the page's top or bottom margin.
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*$")
_MARGIN = 0.08
_NUMBER = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?\s*\S{0,2}\s*$")


@dataclass(frozen=True, slots=True)
class PdfSource(SourceText):
    """A :class:`SourceText` read from a PDF, remembering where each page starts.

    ``page_starts[i]`` is the global line of the first unit of page ``i + 1``
    (a page without text starts where the next one does).
    """

    page_starts: tuple[int, ...] = ()


def page_of(source: SourceText, line: int) -> tuple[int, int] | None:
    """``(page, line on that page)`` of a global ``line``, or None if not from a PDF."""
    if not isinstance(source, PdfSource) or not source.page_starts or line < 1:
        return None
    index = bisect_right(source.page_starts, line) - 1
    if index < 0:
        return None
    return index + 1, line - source.page_starts[index] + 1


def page_line(source: SourceText, line: int) -> str:
    """``"3:14"`` (page 3, line 14 on it) for a PDF; the plain line number otherwise.

    For reporters: findings carry the global line, which is meaningless to a
    reader holding the PDF; this turns it into a place on a printed page.
    """
    where = page_of(source, line)
    return f"{where[0]}:{where[1]}" if where else str(line)


def load(data: bytes, path: str) -> SourceText:
    """Read a PDF's text layer into units; raise :class:`InputError` when that is impossible."""
    try:
        import pdfplumber  # the optional extra: imported only when a PDF is read
    except ImportError as exc:
        raise InputError("input.pdf_extra_missing", path=path) from exc
    _quiet_pdfminer()
    with pdfcaps.bounded(path):
        try:
            # Not ``with``: pdfplumber's close() builds every page to close it
            # (20,000 pages: 7 s after a refusal); _pages closes each page it built.
            pdf = pdfplumber.open(io.BytesIO(data))
            try:
                pages = [_page_units(page) for page in _pages(pdf)]
            finally:
                pdf.flush_cache()
        except InputError:
            raise
        except Exception as exc:  # pdfminer raises all kinds of errors on a broken file
            raise _open_error(exc, path) from exc
    return _source(path, pages)


def _pages(pdf: PDF) -> Iterator[Page]:
    """The document's pages one at a time, as ``pdf.pages`` builds them, within the caps.

    ``pdf.pages`` builds every page before the first is read and keeps each
    page's layout until the end; here the page tree is walked lazily (no page
    past :data:`~govcheck.load.pdfcaps.MAX_PAGES` is built) and each page's
    layout is dropped once its units are taken.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    from pdfplumber.page import Page

    tree = resolve1(pdf.doc.catalog.get("Pages"))
    pdfcaps.check_declared_pages(resolve1(tree.get("Count")) if isinstance(tree, dict) else None)
    doctop: float = 0
    for number, obj in enumerate(PDFPage.create_pages(pdf.doc), 1):
        pdfcaps.count_page(number)
        page = Page(pdf, obj, page_number=number, initial_doctop=doctop)
        doctop += page.height
        try:
            yield page
        finally:
            page.close()


def _quiet_pdfminer() -> None:
    """Keep pdfminer's and pdfplumber's warnings about odd fonts or metadata off stderr.

    Without a handler of their own, Python prints those warnings through its
    last-resort handler, and the CLI promises one line per unreadable file.
    An application that configures logging still receives them.
    """
    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _open_error(exc: Exception, path: str) -> InputError:
    """One clear message for a PDF that cannot be read: locked, or broken."""
    from pdfminer.pdfdocument import PDFEncryptionError

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFEncryptionError):
        return InputError("input.pdf_encrypted", path=path)
    reason = " ".join(str(inner).split())[:120] or type(inner).__name__
    return InputError("input.pdf_corrupt", path=path, reason=reason)


def _source(path: str, pages: Sequence[list[str | _Cell]]) -> PdfSource:
    """Number the units of all pages consecutively; refuse a PDF without text."""
    units: list[Unit] = []
    starts: list[int] = []
    for number, page in enumerate(pages, 1):
        starts.append(len(units) + 1)
        for piece in page:
            line = len(units) + 1
            if isinstance(piece, _Cell):
                units.append(Unit(piece.text, line, cell=True, page=number))
            else:
                units.append(Unit(piece, line, page=number))
    if not any(u.text.strip() for u in units):
        raise InputError("input.pdf_no_text", path=path)
    lines = tuple(u.text for u in units)
    return PdfSource(path, "pdf", lines, tuple(units), form="pdf", page_starts=tuple(starts))


@dataclass(frozen=True, slots=True)
class _Cell:
    """The text of one table cell (possibly empty: a blank cell)."""

    text: str


@dataclass(frozen=True, slots=True)
class _Block:
    """Something placed on the page: a prose line or a whole table, with its position."""

    top: float
    x0: float
    pieces: tuple[str | _Cell, ...]


def _page_units(page: Page) -> list[str | _Cell]:
    """The page's prose lines and table cells in reading order (top to bottom)."""
    page = page.dedupe_chars()
    tables = _tables(page)
    blocks = [_Block(t.bbox[1], t.bbox[0], tuple(_table_cells(t))) for t in tables]
    blocks.extend(_prose(page, [cell for t in tables for cell in t.cells]))
    blocks.sort(key=lambda b: (b.top, b.x0))
    return [piece for block in blocks for piece in block.pieces]


def _is_rule(obj: dict[str, Any]) -> bool:
    """Whether a drawn object may be a table rule (see the module docstring)."""
    if obj.get("object_type") not in ("rect", "curve"):
        return True
    if obj.get("stroke"):
        return True
    return min(float(obj["width"]), float(obj["height"])) <= _HAIRLINE


def _tables(page: Page) -> list[Table]:
    """The page's ruled tables with a real grid, found from its rules only."""
    ruled = page.filter(_is_rule)
    settings = {**_TABLE_SETTINGS, "explicit_horizontal_lines": _closing_edges(ruled.edges)}
    return [t for t in ruled.find_tables(settings) if _is_grid(t)]


def _is_grid(table: Table) -> bool:
    rows = table.rows
    return len(rows) >= _MIN_GRID and max(len(r.cells) for r in rows) >= _MIN_GRID


def _closing_edges(edges: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal edges joining the ends of vertical rules that end at the same height.

    Where a table breaks across pages the word processor draws no closing
    rule; without one pdfplumber drops the page's last (or first) row.
    Inside a normal table such an edge lies on an existing rule and
    changes nothing.
    """
    verticals = [e for e in edges if e.get("orientation") == "v"]
    closing: list[dict[str, Any]] = []
    for key in ("top", "bottom"):
        for group in _clusters(verticals, key):
            if len(group) < _MIN_GRID:
                continue
            y = sum(float(e[key]) for e in group) / len(group)
            x0 = min(float(e["x0"]) for e in group)
            x1 = max(float(e["x1"]) for e in group)
            closing.append(_edge(x0, x1, y))
    return closing


def _clusters(edges: Sequence[dict[str, Any]], key: str) -> Iterator[list[dict[str, Any]]]:
    """Edges grouped by ``edge[key]``, neighbours closer than the tolerance together."""
    group: list[dict[str, Any]] = []
    for edge in sorted(edges, key=lambda e: float(e[key])):
        if group and float(edge[key]) - float(group[-1][key]) > _END_TOLERANCE:
            yield group
            group = []
        group.append(edge)
    if group:
        yield group


def _edge(x0: float, x1: float, y: float) -> dict[str, Any]:
    return {
        "object_type": "closing_edge",
        "orientation": "h",
        "x0": x0,
        "x1": x1,
        "top": y,
        "bottom": y,
        "width": x1 - x0,
        "height": 0.0,
    }


def _table_cells(table: Table) -> Iterator[_Cell]:
    """Each cell once, row by row: merged-cell continuations skipped, blanks only in data."""
    rows = table.extract()
    numeric_rows = {i for i, row in enumerate(rows) if any(_is_number(c) for c in row)}
    numeric_columns = {j for row in rows for j, c in enumerate(row) if _is_number(c)}
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if cell is None:
                continue
            text = _join_lines(cell)
            if text or (i in numeric_rows and j in numeric_columns):
                yield _Cell(text)


def _is_number(cell: str | None) -> bool:
    return cell is not None and bool(_NUMBER.match(cell))


def _join_lines(text: str) -> str:
    """A cell's visual lines as one string (see the module docstring)."""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        glue = " " if _latin(joined[-1]) and _latin(part[0]) else ""
        joined += glue + part
    return joined


def _latin(ch: str) -> bool:
    """Whether a character is an ASCII letter or digit, so a line break after it was a space."""
    return ch.isascii() and ch.isalnum()


def _prose(page: Page, boxes: Sequence[tuple[float, float, float, float]]) -> list[_Block]:
    """The page's text lines outside the table cells ``boxes``, without page numbers.

    Cells rather than whole table boxes: text inside a table's outline but in
    no cell (beside a short row) is not lost.
    """

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (float(obj["x0"]) + float(obj["x1"])) / 2
        y = (float(obj["top"]) + float(obj["bottom"])) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside).dedupe_chars()
    blocks = []
    for line in text_page.extract_text_lines(strip=True, return_chars=False):
        text = str(line["text"])
        if text.strip() and not _is_footer(text, float(line["top"]), float(page.height)):
            blocks.append(_Block(float(line["top"]), float(line["x0"]), (text,)))
    return blocks


def _is_footer(text: str, top: float, height: float) -> bool:
    """A page number: a footer pattern anywhere, a bare number only in a margin."""
    if _FOOTER.match(text):
        return True
    in_margin = top < height * _MARGIN or top > height * (1 - _MARGIN)
    return in_margin and bool(_BARE_NUMBER.match(text))


__all__ = ["PdfSource", "load", "page_line", "page_of"]
