"""Our example reports as markdown, the way a records repository keeps a conversion.

Built from the same blocks as the web page (tests/forms/render_html.py): the
title and headings become ``#``/``##`` lines, paragraphs stay paragraphs, and
each table becomes a pipe table with one row per page row. A merged cell is
written once, in the row where it starts, as PDF and HTML converters do.
"""

from __future__ import annotations

from govcheck.parse.normalize import norm_label, split_ordinal
from tests.forms.render_html import HRow, Prose, report_blocks


def render_markdown(text: str, *, shared_cell: bool = False, padded: bool = False) -> str:
    """The markdown file for an example report given as cell-per-line text.

    Converters differ in two ways, each a keyword:

    - ``shared_cell``: a merged group label is written in one cell with the
      first item it covers (``| （三）不予公开 1.属于国家秘密 | 0 |``);
    - ``padded``: every row has as many cells as the table's widest row, the
      short ones ending in empty cells (``| 行政许可 | 236 |  |  |``).
    """
    out: list[str] = []
    for block in report_blocks(text):
        if isinstance(block, Prose):
            prefix = "# " if block.tag == "h1" else "## " if block.bold else ""
            out += [prefix + block.text, ""]
            continue
        rows = [_cells(row, shared_cell=shared_cell) for row in block]
        width = max(len(r) for r in rows)
        for index, cells in enumerate(rows):
            cells = cells + [""] * (width - len(cells)) if padded else cells
            out.append("| " + " | ".join(cells) + " |")
            if index == 0:
                out.append("|" + "---|" * max(1, len(cells)))
        out.append("")
    return "\n".join(out)


def _cells(row: HRow, *, shared_cell: bool) -> list[str]:
    """The row's cell texts; with ``shared_cell``, a group label joined to its first item."""
    cells: list[str] = []
    for index, cell in enumerate(row):
        after = row[index + 1].text if index + 1 < len(row) else ""
        if cells and cells[-1].endswith(" "):
            cells[-1] += cell.text
            continue
        joins = shared_cell and cell.rowspan > 1 and bool(split_ordinal(norm_label(after))[0])
        cells.append(cell.text + " " if joins else cell.text)
    return cells
