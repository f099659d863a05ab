"""PDFs with a text layer → units, via the optional package pypdfium2 (PDFium).

A PDF has no lines, only glyphs at positions and drawn paths, so the units
are rebuilt from page geometry. PDFium (C) reads each page's glyph boxes and
paths; :mod:`govcheck.load.pdfgrid` turns them into tables and lines:

- **Tables** are found from their ruling. Only *rules* count as ruling:
  stroked paths, straight lines and hairline-thin filled rectangles. Filled
  areas are ignored: Word/WPS exports paint white boxes behind every prose
  line and shade header cells, and treating those as cell borders turns whole
  pages of prose into one-column "tables" (seen in the corpus reports 09 and
  10). A table split over two pages has no rule where the page breaks; the
  ends of its vertical rules close it, so the last row on the page is not
  lost. A box with fewer than two rows or two columns (a page frame, a text
  box) is no table: its text stays prose.
- **Cells** are emitted once each, row by row. A grid slot that a merged
  cell spans into is skipped. An empty cell is a blank cell
  (``Unit("", cell=True)``), but only inside the table's *data area* (a
  column and a row that both hold a number): elsewhere an empty cell is
  layout, e.g. the empty sub-label slot beside ``（七）总计`` or the rest of a
  merged label cell continued on the next page, and a blank there would be
  read as a missing number. A cell printed over several lines (headers
  stacked one character per line, 结/果/维/持) is one unit; its lines are
  joined as a reader reads them (no separator between CJK characters, one
  space between Latin words or digits).
- **Prose** is every text line outside the kept tables' cells, one unit per line.
  Page numbers (``- 1 -``, ``— 2 —``, ``第 3 页``) are dropped.

Locations: every unit gets its own global 1-based line and its 1-based
``page``, and ``SourceText.lines`` holds the unit texts in that order, so
line *n* of the extracted text is unit *n*. :func:`page_line` turns such a
line into ``page:line-on-page`` for messages.

Refusals, each one line with exit code 2 through the CLI: pypdfium2 not
installed (``input.pdf_extra_missing``), a password-protected PDF
(``input.pdf_encrypted``), a file that cannot be parsed (``input.pdf_corrupt``),
and a PDF without a text layer, i.e. a scan (``input.pdf_no_text``): OCR is not
supported, and passing silently would report a scan as compliant. A PDF past
one of the caps of :mod:`govcheck.load.pdfcaps` (inflated bytes, content
bytes, pages, glyphs or paths on a page) is refused too, before PDFium does
the work it describes.

PDFium is not thread-safe: one lock serializes the PDFs read in a process.
"""

from __future__ import annotations

import ctypes
import re
import threading
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from govcheck.errors import InputError
from govcheck.load import pdfcaps
from govcheck.load.pdfgrid import (
    Char,
    Edge,
    Table,
    cell_texts,
    closing_edges,
    dedupe,
    find_tables,
    outside,
    rect_edges,
    segment_edge,
    text_lines,
)
from govcheck.load.text import SourceText, Unit

# pypdfium2 ships no type information: its document and page are opaque here.
PdfDocument = Any
PdfPage = Any

# A filled rectangle at most this thick (pt) is a rule drawn as a fill.
_HAIRLINE = 2.0
# A real table has a grid: at least this many rows and columns.
_MIN_GRID = 2
# A glyph's box is one font size high, from this far below its baseline (in font
# sizes): pdfminer's box with a typical descent, so that glyphs of one line but
# different fonts share a top, as the line and cell rules expect.
_DESCENT = -0.12
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


_LOCK = threading.Lock()
# PDFium's page-object types and path-segment types (fpdf_edit.h).
_TEXT, _PATH, _FORM = 1, 2, 5
_MOVE, _BEZIER = 2, 1


def load(data: bytes, path: str) -> SourceText:
    """Read a PDF's text layer into units; raise :class:`InputError` when that is impossible."""
    try:
        import pypdfium2  # type: ignore[import-untyped]  # the optional extra, imported on use
    except ImportError as exc:
        raise InputError("input.pdf_extra_missing", path=path) from exc
    with pdfcaps.bounded(path):
        pdfcaps.scan(data)
        with _LOCK:
            document = _open(pypdfium2, data, path)
            try:
                pages = [_page_units(page, number) for number, page in _pages(document)]
            except pypdfium2.PdfiumError as exc:  # a page PDFium cannot load
                raise _corrupt(exc, path) from exc
            finally:
                document.close()
    return _source(path, pages)


def _open(pypdfium2: Any, data: bytes, path: str) -> PdfDocument:
    """The document, or one clear message for a PDF that cannot be read: locked, or broken."""
    try:
        document: PdfDocument = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise InputError("input.pdf_encrypted", path=path) from exc
        raise _corrupt(exc, path) from exc
    return document


def _corrupt(exc: Exception, path: str) -> InputError:
    """The one line for a PDF that PDFium cannot read, with PDFium's reason."""
    reason = " ".join(str(exc).split())[:120] or type(exc).__name__
    return InputError("input.pdf_corrupt", path=path, reason=reason)


def _pages(document: PdfDocument) -> Iterator[tuple[int, PdfPage]]:
    """The pages one at a time, each closed once its units are taken, within the page cap."""
    pdfcaps.check_declared_pages(len(document))
    for index in range(len(document)):
        pdfcaps.count_page(index + 1)
        page = document[index]
        try:
            yield index + 1, page
        finally:
            page.close()


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


def _page_units(page: PdfPage, number: int) -> list[str | _Cell]:
    """The page's prose lines and table cells in reading order (top to bottom)."""
    height = page.get_height()
    edges = _rules(page, number, height)
    chars = dedupe(_chars(page, number, height))
    tables = [
        t
        for t in find_tables([*edges, *closing_edges(edges, _MIN_GRID)])
        if len(t.rows) >= _MIN_GRID and len(t.rows[0]) >= _MIN_GRID
    ]
    blocks = [_Block(t.bbox[1], t.bbox[0], tuple(_table_cells(t, chars))) for t in tables]
    blocks.extend(_prose(chars, tables, height))
    blocks.sort(key=lambda b: (b.top, b.x0))
    return [piece for block in blocks for piece in block.pieces]


# --- reading the page with PDFium ----------------------------------------------------------


def _chars(page: PdfPage, number: int, height: float) -> list[Char]:
    """The page's glyphs with their boxes; PDFium's generated spaces and line ends left out."""
    from pypdfium2 import raw

    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        pdfcaps.check_glyphs(count, number)
        box = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        x = ctypes.c_double()
        y = ctypes.c_double()
        chars = []
        for i in range(count):
            if raw.FPDFText_IsGenerated(handle, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(handle, i)
            if not code or not raw.FPDFText_GetLooseCharBox(handle, i, box):
                continue
            raw.FPDFText_GetMatrix(handle, i, matrix)
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            size = raw.FPDFText_GetFontSize(handle, i) * scale
            x0, x1 = box.left, box.right
            if x1 - x0 > 2 * size + 1:  # see _drawn_box
                x0, x1 = _drawn_box(raw, handle, i)
            raw.FPDFText_GetCharOrigin(handle, i, x, y)
            bottom = y.value + _DESCENT * size
            chars.append(Char(chr(code), x0, x1, height - bottom - size, height - bottom))
        return chars
    finally:
        textpage.close()


def _drawn_box(raw: Any, handle: Any, index: int) -> tuple[float, float]:
    """A glyph's drawn left and right, for when the width of its font box is implausible.

    PDFium's box from the font's advance is 20 times the font size for glyphs
    placed one by one in some WPS exports (stacked headers, 结/果/维/持).
    """
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
    return left.value, right.value


def _rules(page: PdfPage, number: int, height: float) -> list[Edge]:
    """The edges of every rule drawn on the page (see the module docstring), forms included."""
    from pypdfium2 import raw

    counter = pdfcaps.PathCounter(number)
    edges: list[Edge] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(raw.FPDFPage_GetObject, page.raw, raw.FPDFPage_CountObjects(page.raw), identity)]
    matrix = raw.FS_MATRIX()
    while stack:
        get, parent, count, outer = stack.pop()
        for i in range(count):
            obj = get(parent, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (_PATH, _FORM) or not raw.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == _FORM:
                counter.form()
                form_count = raw.FPDFFormObj_CountObjects(obj)
                stack.append((raw.FPDFFormObj_GetObject, obj, form_count, inner))
            else:
                edges.extend(_path_edges(raw, obj, inner, height, counter))
    return edges


Matrix = tuple[float, float, float, float, float, float]


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` and then ``outer``."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def _path_edges(
    raw: Any, obj: Any, matrix: Matrix, height: float, counter: pdfcaps.PathCounter
) -> list[Edge]:
    """The edges of a painted path's rules, one subpath at a time (as pdfminer splits them)."""
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
        return []  # a clipping path: nothing is painted
    segments = raw.FPDFPath_CountSegments(obj)
    counter.segments(segments)
    a, b, c, d, e, f = matrix
    x = ctypes.c_float()
    y = ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for i in range(segments):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = x.value, y.value
        point = (a * px + c * py + e, height - (b * px + d * py + f))
        if raw.FPDFPathSegment_GetType(segment) == _MOVE or not subpaths:
            counter.path()
            subpaths.append([])
            closed.append(False)
        subpaths[-1].append(point)
        if raw.FPDFPathSegment_GetClose(segment):
            closed[-1] = True
    edges: list[Edge] = []
    for points, shut in zip(subpaths, closed, strict=True):
        edges.extend(_subpath_edges(points, shut, bool(stroke.value)))
    return edges


def _subpath_edges(points: list[tuple[float, float]], closed: bool, stroked: bool) -> list[Edge]:
    """A subpath's edges if it is a rule: a line, or a stroked or hairline-thin shape."""
    if closed and points[0] != points[-1]:
        points = [*points, points[0]]
    if len(points) < 2:
        return []
    if len(points) == 2:  # a straight line is always a rule
        edge = segment_edge(*points[0], *points[1])
        return [edge] if edge else []
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    if not stroked and min(box[2] - box[0], box[3] - box[1]) > _HAIRLINE:
        return []
    if _is_rectangle(points):
        return rect_edges(box)
    pairs = zip(points, points[1:-1] if closed else points[1:], strict=False)
    return [e for p, q in pairs if (e := segment_edge(*p, *q))]


def _is_rectangle(points: list[tuple[float, float]]) -> bool:
    """Whether a closed four-sided subpath is an axis-aligned rectangle."""
    if len(points) != 5 or points[0] != points[-1]:
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
    across = x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0
    down = y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    return across or down


# --- units ---------------------------------------------------------------------------------


def _table_cells(table: Table, chars: Sequence[Char]) -> Iterator[_Cell]:
    """Each cell once, row by row: merged-cell continuations skipped, blanks only in data."""
    boxes = [box for row in table.rows for box in row if box is not None]
    by_box = dict(zip(boxes, cell_texts(chars, boxes), strict=True))
    rows = [[None if box is None else by_box[box] for box in row] for row in table.rows]
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


def _prose(chars: Sequence[Char], tables: Sequence[Table], height: float) -> list[_Block]:
    """The page's text lines outside the tables' cells, without page numbers.

    Cells rather than whole table boxes: text inside a table's outline but in
    no cell (beside a short row) is not lost.
    """
    blocks = []
    for line in text_lines(outside(chars, tables)):
        text = line.text.strip()
        if text and not _is_footer(text, line.top, height):
            blocks.append(_Block(line.top, line.x0, (text,)))
    return blocks


def _is_footer(text: str, top: float, height: float) -> bool:
    """A page number: a footer pattern anywhere, a bare number only in a margin."""
    if _FOOTER.match(text):
        return True
    in_margin = top < height * _MARGIN or top > height * (1 - _MARGIN)
    return in_margin and bool(_BARE_NUMBER.match(text))


__all__ = ["PdfSource", "load", "page_line", "page_of"]
