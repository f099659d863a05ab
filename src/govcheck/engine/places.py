"""Where a clerk finds each finding in a Word file, a PDF or a web page.

A finding points at a line: for a Word file or a PDF that is a line of the
extracted text, for a web page a line of its source, and neither can be
found in Word or a browser. So for those forms each finding also gets the
place a reader can find: the table, row and column of its cell, named by
the labels printed in the report (表三「予以公开」行「自然人」列), and the
page of a PDF or the paragraph (counted as :func:`govcheck.load.text.number_paragraphs`
counts) of a Word file or a page. The loaders number the units; this pass
looks each finding's line up among them, so no rule has to know about pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from govcheck.findings import Finding
from govcheck.i18n import Lang, text
from govcheck.load.text import SourceText, Unit
from govcheck.model import Cell, Document

# The forms whose lines a reader cannot find; text and markdown keep the line only.
_FORMS = frozenset({"docx", "pdf", "html"})


def locate(
    findings: Sequence[Finding], source: SourceText, doc: Document, lang: Lang
) -> tuple[Finding, ...]:
    """The findings with ``page``, ``paragraph`` and ``place`` set where they can be found."""
    if source.form not in _FORMS or not findings:
        return tuple(findings)
    units = _units_by_position(source.units)
    cells = _cells(doc)
    return tuple(_located(f, units, cells, doc, lang) for f in findings)


def _units_by_position(units: Sequence[Unit]) -> dict[tuple[int, int] | int, Unit]:
    """Each unit by (line, column), and the first unit of each line by its line alone."""
    found: dict[tuple[int, int] | int, Unit] = {}
    for unit in units:
        found.setdefault((unit.line, unit.column), unit)
        found.setdefault(unit.line, unit)
    return found


def _cells(doc: Document) -> dict[tuple[int, int] | str, Cell]:
    """The parsed cells by anchor (``t3.deny4.biz``) and by (line, column)."""
    found: dict[tuple[int, int] | str, Cell] = {}
    for table in doc.tables.values():
        for cell in table.cells.values():
            found.setdefault(f"{cell.table}.{cell.row}.{cell.column}", cell)
            found.setdefault((cell.line, cell.char_column), cell)
    return found


def _located(
    finding: Finding,
    units: dict[tuple[int, int] | int, Unit],
    cells: dict[tuple[int, int] | str, Cell],
    doc: Document,
    lang: Lang,
) -> Finding:
    unit = units.get((finding.line, finding.column)) or units.get(finding.line)
    page = unit.page if unit else 0
    paragraph = unit.paragraph if unit else 0
    parts = []
    if unit is None or unit.cell:  # a prose line is found by its paragraph, not a cell it cites
        words = _words(finding, cells, doc, lang)
        if words and words not in finding.message:
            parts.append(words)
    if page:
        parts.append(text("place.page", lang, page=page))
    if paragraph:
        parts.append(text("place.paragraph", lang, paragraph=paragraph))
    place = text("place.sep", lang).join(parts)
    if not (page or paragraph or place):
        return finding
    return replace(finding, page=page, paragraph=paragraph, place=place)


def _words(
    finding: Finding, cells: dict[tuple[int, int] | str, Cell], doc: Document, lang: Lang
) -> str:
    """The finding's cell (its anchor, else the cell at its position) in words, or ''."""
    cell = cells.get(finding.cell or "") or cells.get((finding.line, finding.column))
    return _cell_words(cell, doc, lang) if cell else ""


def _cell_words(cell: Cell, doc: Document, lang: Lang) -> str:
    """表三「予以公开」行「自然人」列: the labels printed in the report, in either language.

    The row and column are named as the report prints them (in Chinese), so
    an English message still names what the clerk can search for.
    """
    table = doc.table(cell.table)
    if table is None:
        return ""
    name = table.spec.name_en if lang == "en" else table.spec.name
    row = table.spec.row_spec(cell.row).short
    column = table.spec.column_spec(cell.column).short
    return text("place.cell", lang, table=name, row=row, column=column)
