"""Our example reports as row-per-line text: Word's copy (tabs) and PDF layout text (spaces).

Built from the same blocks as the web page (tests/forms/render_html.py), so
the cells are the example's cells:

- ``render_tabs``: what copying a Word table produces, one table row per line
  with its cells joined by tabs, CRLF line ends. A horizontally merged cell
  is one cell; the continuation cells of a vertical merge are empty cells,
  so rows under a merged group label start with empty leading cells.
- ``render_spaces``: what ``pdftotext -layout`` produces, one table row per
  line with cells separated by runs of spaces. Empty cells leave no trace.
"""

from __future__ import annotations

from tests.forms.render_html import HTable, Prose, report_blocks

# What separates cells in the space form: PDF layout text leaves runs of two or more.
SPACES = "   "


def grid_rows(table: HTable) -> list[list[str]]:
    """Each row's cells in order, with "" where a cell merged from above covers a column."""
    covered: dict[int, int] = {}  # grid column -> rows still covered from above
    rows: list[list[str]] = []
    for row in table:
        cells: list[str] = []
        column = 0
        pending = list(row)
        while pending or covered.get(column, 0) > 0:
            if covered.get(column, 0) > 0:
                covered[column] -= 1
                cells.append("")
                column += 1
                continue
            cell = pending.pop(0)
            cells.append(cell.text)
            if cell.rowspan > 1:
                for spanned in range(column, column + cell.colspan):
                    covered[spanned] = cell.rowspan - 1
            column += cell.colspan
        rows.append(cells)
    return rows


def render_tabs(text: str) -> str:
    """The Word-copy text (tab-separated rows, CRLF) of a cell-per-line example report."""
    out: list[str] = []
    for block in report_blocks(text):
        if isinstance(block, Prose):
            out.append(block.text)
            continue
        out += ["\t".join(cells) for cells in grid_rows(block)]
    return "\r\n".join(out) + "\r\n"


def render_spaces(text: str) -> str:
    """The PDF layout text (space-separated rows, blank cells gone) of an example report."""
    out: list[str] = []
    for block in report_blocks(text):
        if isinstance(block, Prose):
            out.append(block.text)
            continue
        for cells in grid_rows(block):
            shown = [c for c in cells if c.strip()]
            out.append("  " + SPACES.join(shown))
    return "\n".join(out) + "\n"
