"""Render our cell-per-line example reports as the web pages sites publish.

``render_html(text)`` parses one of ``examples/*.txt`` with govcheck and
writes the page a government site would serve for it: site chrome (a header
with a menu, a breadcrumb, a share bar, a footer, scripts, a search form)
around an article with an ``<h1>`` title, ``<p>`` prose and bold section
headings, and tables 2, 3 and 4 as real tables whose headers are merged with
rowspan and colspan as on real pages:

- table 2: a caption row per item of Art. 20 across the table, column
  headers, and short rows whose last cell spans the rest;
- table 3: the note cell (colspan 3, rowspan 3) beside 申请人情况 (colspan 7),
  法人或其他组织 (colspan 5) over its five kinds; 三、本年度办理结果 down the
  first label column and group labels such as （三）不予公开 down the second;
- table 4: 行政复议 (colspan 5) and 行政诉讼 (colspan 10), sub-headers, one
  row of 15 values.

Every cell keeps its raw text (a blank cell becomes ``&nbsp;``), so the page
must lint exactly like the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TypeAlias

from govcheck.load import decode
from govcheck.model import Document, Table, TableStatus, Token
from govcheck.parse import parse, section_tokens, source_tokens
from govcheck.parse.normalize import norm_label, split_ordinal
from govcheck.parse.tables import RowMatcher
from govcheck.templates import RowSpec, TableSpec


@dataclass(frozen=True)
class HCell:
    """A table cell: raw text ("" is a blank cell) and its spans."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Prose:
    """A paragraph; ``tag`` is h1 for the title and p otherwise; ``bold`` for headings."""

    text: str
    tag: str = "p"
    bold: bool = False


HRow: TypeAlias = list[HCell]
HTable: TypeAlias = list[HRow]
Block: TypeAlias = Prose | HTable
Builder: TypeAlias = Callable[[TableSpec, Table, list[Token]], HTable]

# How many label columns table 3 has on real pages: 三、本年度办理结果 | （三）不予公开 | 1.属于…
RESULT_LABEL_COLUMNS = 3


def render_html(text: str, *, charset: str = "utf-8", word: bool = False) -> bytes:
    """The web page of a cell-per-line report, encoded as its ``<meta>`` declares.

    ``charset`` "gb2312" writes a GBK page (encoded as GB18030, the superset,
    as servers that declare gb2312 really do). By default a table row is one
    source line, as CMS editors write it; ``word`` writes every cell and its
    paragraph on lines of their own, as Word's "save as web page" does.
    """
    blocks = report_blocks(text)
    title = next((b.text for b in blocks if isinstance(b, Prose) and b.tag == "h1"), "")
    page = render_page(blocks, title=title, charset=charset, word=word)
    return page.encode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset)


def report_blocks(text: str) -> list[Block]:
    """The page's article: prose, headings and tables in the order of the text."""
    source = decode(text.encode("utf-8"), "report.txt")
    doc = parse(source)
    tokens = source_tokens(source)
    tables = _table_spans(doc, tokens)
    headings = {s.line for s in doc.sections}
    blocks: list[Block] = []
    skip_to = 0
    for token in tokens:
        if token.line <= skip_to:
            continue
        if token.line in tables:
            spec, table, span = tables[token.line]
            blocks.append(BUILDERS[spec.id](spec, table, span))
            skip_to = span[-1].line
        elif token.line == doc.title_line:
            blocks.append(Prose(token.raw, tag="h1"))
        else:
            blocks.append(Prose(token.raw, bold=token.line in headings))
    return blocks


# --- the page ------------------------------------------------------------------------------


def render_page(
    blocks: Sequence[Block], *, title: str, charset: str = "utf-8", word: bool = False
) -> str:
    """A whole page: head, site chrome, the article, more chrome."""
    article = "\n".join(_block(b, word=word) for b in blocks)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{escape(title)}</title>
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<style type="text/css">.TRS_Editor p {{ text-indent: 2em; }}
td {{ border: 1px solid #000; }}</style>
<script type="text/javascript">var _hmt = _hmt || [];
if (1 < 2 && 3 > 2) {{ _hmt.push("<p>"); }}</script>
</head>
<body>
<header>
<div class="logo">Example County Government Portal</div>
<ul class="main-menu"><li><a href="/">Home</a></li><li><a href="/gk/">Open government</a></li></ul>
</header>
<form action="/search" method="get" name="searchform"><input type="text" name="q" />
<button type="submit">Search</button> Search this site</form>
<nav><a href="/">Home</a> | <a href="/news/">News</a></nav>
<div class="breadcrumb">Home &gt; Open government &gt; Annual reports</div>
<div class="main">
<div class="sidebar"><h3>Columns</h3><ul><li>Annual reports</li><li>Guides</li></ul></div>
<div class="article">
<div class="TRS_Editor">
{article}
</div>
<div class="bdsharebuttonbox"><a href="#" class="bds_weixin">WeChat</a></div>
<aside>Related: <a href="/gk/2022.html">last year's report</a></aside>
<iframe src="/comments.html">Comments</iframe>
<noscript>Please enable JavaScript.</noscript>
</div>
</div>
<div id="footer">Copyright example &copy; 2024</div>
<div id="toolbar"><a href="javascript:window.print()">Print</a></div>
<script>document.getElementById("hits").innerHTML = "<b>1024</b>";</script>
</body>
</html>
"""


def _block(block: Block, *, word: bool) -> str:
    if isinstance(block, Prose):
        text = escape(block.text)
        if block.tag == "h1":
            return f"<h1>{text}</h1>"
        if block.bold:
            return f'<p style="text-indent:2em"><strong>{text}</strong></p>'
        return f'<p style="text-indent:2em">{text}</p>'
    glue = "\n" if word else ""
    rows = "\n".join(
        f"<tr>{glue}{glue.join(_cell(c, word=word) for c in row)}{glue}</tr>" for row in block
    )
    return f'<table border="1" cellspacing="0" cellpadding="0" width="100%">\n{rows}\n</table>'


def _cell(cell: HCell, *, word: bool) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    text = escape(cell.text) if cell.text else "&nbsp;"
    if word:
        return (
            f'<td{spans} width="{64 * cell.colspan}" valign="center">\n'
            f'<p class="MsoNormal" align="center"><span lang="EN-US">{text}</span></p>\n</td>'
        )
    return f'<td{spans} valign="middle"><p align="center"><span>{text}</span></p></td>'


# --- the tables ----------------------------------------------------------------------------


def _table_spans(
    doc: Document, tokens: Sequence[Token]
) -> dict[int, tuple[TableSpec, Table, list[Token]]]:
    """First line → (spec, table, its tokens) for every table the parser read."""
    spans: dict[int, tuple[TableSpec, Table, list[Token]]] = {}
    if doc.template is None:
        return spans
    for spec in doc.template.table:
        table = doc.tables[spec.id]
        if table.status is not TableStatus.READ:
            continue
        region = section_tokens(tokens, doc.sections, spec.section)
        cells = {c.line for c in table.cells.values()}
        is_label = _labels(spec)
        members = [t for t in region if t.line in cells or is_label(t.raw)]
        span = [t for t in region if members[0].line <= t.line <= members[-1].line]
        if len(span) != len(members):
            raise ValueError(f"{spec.id}: text inside the table cannot be laid out as cells")
        spans[span[0].line] = (spec, table, span)
    return spans


def _labels(spec: TableSpec) -> Callable[[str], bool]:
    """Whether a text is a header, group, column or row label of ``spec``."""
    labels = {norm_label(x) for x in (*spec.headers, *spec.groups)}
    labels |= {norm_label(x) for c in spec.column for x in (c.label, c.short)}
    matcher = RowMatcher(spec)

    def is_label(raw: str) -> bool:
        label = norm_label(raw)
        return label in labels or matcher.match(label) is not None

    return is_label


def _values(spec: TableSpec, table: Table, row: RowSpec) -> list[HCell]:
    """The row's cells in column order, with their raw text."""
    return [HCell(table.cells[(row.key, column)].raw) for column in spec.row_columns(row)]


def _stacked(spec: TableSpec, table: Table, span: list[Token]) -> HTable:
    """Table 2: a caption row across the table, column headers, then rows.

    A row starts at every caption, at 信息内容 and at every row label; the
    last cell of a short row spans the rest of the table.
    """
    matcher = RowMatcher(spec)
    columns = {norm_label(x) for c in spec.column for x in (c.label, c.short)}
    values = {c.line for c in table.cells.values()}
    rows: list[list[HCell]] = []
    for token in span:
        row = matcher.match(norm_label(token.raw))
        if row is not None:
            rows.append([HCell(token.raw), *_values(spec, table, row)])
        elif norm_label(token.raw) in columns:
            rows[-1].append(HCell(token.raw))
        elif token.line not in values:
            rows.append([HCell(token.raw)])
    width = max(len(r) for r in rows)
    return [[*row[:-1], HCell(row[-1].text, colspan=width - len(row) + 1)] for row in rows]


def _results(spec: TableSpec, table: Table, span: list[Token]) -> HTable:
    """Table 3: three merged header rows, then rows under group labels merged downwards."""
    headers = {norm_label(h) for h in spec.headers}
    count = next(i for i, t in enumerate(span) if norm_label(t.raw) not in headers)
    rows = _results_header([t.raw for t in span[:count]])
    values = {c.line for c in table.cells.values()}
    items = _result_items(spec, [t for t in span[count:] if t.line not in values])
    open_groups: list[int] = []  # levels of the groups covering the current row
    pending: list[HCell] = []
    for index, (token, level, row) in enumerate(items):
        open_groups = [g for g in open_groups if g < level]
        if row is None:
            pending.append(HCell(token.raw, rowspan=_rows_under(items, index)))
            open_groups.append(level)
            continue
        label = HCell(token.raw, colspan=RESULT_LABEL_COLUMNS - len(open_groups))
        rows.append([*pending, label, *_values(spec, table, row)])
        pending = []
    return rows


def _results_header(raw: list[str]) -> HTable:
    """note | 申请人情况 ; 自然人 | 法人或其他组织 | 总计 ; the five kinds of organisation."""
    if len(raw) != 10:
        raise ValueError(f"table 3 has {len(raw)} header cells, not 10")
    note, applicants, persons, bodies, total, *kinds = raw
    return [
        [HCell(note, rowspan=3, colspan=RESULT_LABEL_COLUMNS), HCell(applicants, colspan=7)],
        [HCell(persons, rowspan=2), HCell(bodies, colspan=5), HCell(total, rowspan=2)],
        [HCell(kind) for kind in kinds],
    ]


_Item: TypeAlias = tuple[Token, int, RowSpec | None]


def _result_items(spec: TableSpec, labels: Sequence[Token]) -> list[_Item]:
    """Group labels (row None) and row labels of table 3's body with their levels."""
    matcher = RowMatcher(spec)
    groups = {norm_label(g) for g in spec.groups}
    items: list[_Item] = []
    for token in labels:
        label = norm_label(token.raw)
        row = matcher.match(label)
        if row is None and label not in groups:
            raise ValueError(f"table 3: {token.raw!r} is neither a row nor a group label")
        items.append((token, _level(label), row))
    return items


def _level(label: str) -> int:
    """1: 一、 (or no ordinal); 2: （一）; 3: 1."""
    ordinal, _ = split_ordinal(label)
    if ordinal.startswith("("):
        return 2
    return 3 if ordinal[:1].isdigit() else 1


def _rows_under(items: Sequence[_Item], index: int) -> int:
    """How many data rows the group label at ``index`` covers: until a label of its level."""
    level = items[index][1]
    count = 0
    for _, other, row in items[index + 1 :]:
        if other <= level:
            break
        count += row is not None
    return count


def _review(spec: TableSpec, table: Table, span: list[Token]) -> HTable:
    """Table 4: four rows, as on the official form.

    行政复议 | 行政诉讼 ; the outcomes | 未经复议直接起诉 | 复议后起诉 ; the outcomes
    twice ; the 15 values. Header texts come from the template, with all 15
    leaf headers (the three 总计 included).
    """
    review, litigation, direct, after_review = spec.headers[:4]
    outcomes = [c.label for c in spec.column]
    width = len(outcomes)
    values = [HCell(table.cells[(r.key, c)].raw) for r in spec.row for c in spec.row_columns(r)]
    return [
        [HCell(review, colspan=width), HCell(litigation, colspan=2 * width)],
        [
            *(HCell(o, rowspan=2) for o in outcomes),
            HCell(direct, colspan=width),
            HCell(after_review, colspan=width),
        ],
        [HCell(o) for o in outcomes * 2],
        values,
    ]


BUILDERS: dict[str, Builder] = {"t2": _stacked, "t3": _results, "t4": _review}
