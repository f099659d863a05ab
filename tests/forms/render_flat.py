"""Our example reports as a crawler saves them: the whole page on one line, cells run together.

Scrapers write a page's text as ``page.txt`` with the body on a single line:
every line of the report follows the one before with nothing between, so a
table row's label is followed by its numbers with no boundary between cells
(``一、本年新收政府信息公开申请数量801000081``). That is what ``render_flat``
makes of a cell-per-line example; the first line, the title, stays on its
own line, as crawler pages put ``标题:`` above the body.
"""

from __future__ import annotations


def render_flat(text: str) -> str:
    """The crawler page text of a cell-per-line example report."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] + "\n" + "".join(lines[1:]) + "\n"
