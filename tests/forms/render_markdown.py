"""Our example reports as markdown, the way a records repository keeps a conversion.

Built from the same blocks as the web page (tests/forms/render_html.py): the
title and headings become ``#``/``##`` lines, paragraphs stay paragraphs, and
each table becomes a pipe table with one row per page row. A merged cell is
written once, in the row where it starts, as PDF and HTML converters do.
"""

from __future__ import annotations

from tests.forms.render_html import Prose, report_blocks


def render_markdown(text: str) -> str:
    """The markdown file for an example report given as cell-per-line text."""
    out: list[str] = []
    for block in report_blocks(text):
        if isinstance(block, Prose):
            prefix = "# " if block.tag == "h1" else "## " if block.bold else ""
            out += [prefix + block.text, ""]
            continue
        for index, row in enumerate(block):
            out.append("| " + " | ".join(cell.text for cell in row) + " |")
            if index == 0:
                out.append("|" + "---|" * max(1, len(row)))
        out.append("")
    return "\n".join(out)
