"""Build .docx files for tests with zipfile alone, the way Word lays them out.

``build_docx(blocks)`` writes a small but complete package: content types,
relationships, styles, a header, a footer and a comment (none of which the
loader may read), and ``word/document.xml`` with paragraphs and tables,
including ``w:gridSpan`` and ``w:vMerge`` merges.

``render_docx(text)`` turns one of our cell-per-line example reports into
the .docx a clerk would have drafted: prose and headings as paragraphs, and
tables 2, 3 and 4 as Word tables with merged header cells (table 3's note
over its three header rows, 申请人情况 across seven columns, group labels such
as （三）不予公开 merged down their sub-rows; 行政复议 and 行政诉讼 across five and
ten columns in table 4). Every cell keeps its raw text, so the two files must
lint the same.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias
from xml.sax.saxutils import escape, quoteattr

from govcheck.load import decode
from govcheck.model import Table, Token
from govcheck.parse import parse, source_tokens
from govcheck.parse.normalize import norm_label, split_ordinal
from govcheck.templates import TableSpec
from tests.forms.render_html import _table_spans

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_TEXT = "页眉：示例单位政务公开办公室"
FOOTER_TEXT = "第 1 页"
COMMENT_TEXT = "批注：请核对数字"


@dataclass(frozen=True)
class Para:
    """A paragraph: plain ``text`` split into runs, or raw run XML in ``xml``."""

    text: str = ""
    style: str | None = None
    xml: str | None = None


@dataclass(frozen=True)
class WCell:
    """A table cell; ``merge`` is the vMerge value ("restart", "continue") or None.

    A ``\\n`` in ``text`` starts a new paragraph inside the cell. ``nested``
    puts a table after the cell's text.
    """

    text: str = ""
    span: int = 1
    merge: str | None = None
    nested: WTable | None = None


@dataclass(frozen=True)
class WTable:
    rows: Sequence[Sequence[WCell]]
    grid_before: dict[int, int] = field(default_factory=dict)

    @property
    def grid(self) -> int:
        """Number of grid columns: the widest row."""
        return max(
            self.grid_before.get(i, 0) + sum(c.span for c in row) for i, row in enumerate(self.rows)
        )


Block: TypeAlias = Para | WTable


# --- the package ---------------------------------------------------------------------------


def build_docx(blocks: Iterable[Block]) -> bytes:
    """A complete .docx holding ``blocks`` as its body."""
    return package(document_xml(blocks).encode("utf-8"))


def package(document: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """Zip ``document`` as word/document.xml with the parts Word always writes."""
    parts: dict[str, bytes] = {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _PACKAGE_RELS.encode(),
        "word/_rels/document.xml.rels": _DOCUMENT_RELS.encode(),
        "word/document.xml": document,
        "word/styles.xml": _STYLES.encode(),
        "word/header1.xml": _story("hdr", HEADER_TEXT).encode(),
        "word/footer1.xml": _story("ftr", FOOTER_TEXT).encode(),
        "word/comments.xml": _comments().encode(),
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            # A fixed timestamp (zip's earliest), not the clock: the same
            # report always renders to the same bytes (the bench corpus relies on it).
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def document_xml(blocks: Iterable[Block]) -> str:
    """word/document.xml: the blocks, then the section properties naming header and footer."""
    body = "".join(_block(b) for b in blocks)
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId2"/>'
        '<w:footerReference w:type="default" r:id="rId3"/>'
        '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}{section}</w:body></w:document>'
    )


def _block(block: Block) -> str:
    return _table(block) if isinstance(block, WTable) else _paragraph(block)


def _paragraph(para: Para) -> str:
    style = f'<w:pPr><w:pStyle w:val="{para.style}"/></w:pPr>' if para.style else ""
    content = para.xml if para.xml is not None else runs(para.text)
    return f"<w:p>{style}{content}</w:p>"


def runs(text: str) -> str:
    """``text`` as several runs, as Word splits it after edits (formatting alternates)."""
    pieces = [text[i : i + 9] for i in range(0, len(text), 9)] or [""]
    return "".join(_run(piece, bold=index % 2 == 1) for index, piece in enumerate(pieces) if piece)


def _run(text: str, *, bold: bool = False) -> str:
    props = '<w:rPr><w:rFonts w:hint="eastAsia"/>' + ("<w:b/>" if bold else "") + "</w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _table(table: WTable) -> str:
    grid = "".join('<w:gridCol w:w="800"/>' for _ in range(table.grid))
    rows = "".join(_row(row, table.grid_before.get(i, 0)) for i, row in enumerate(table.rows))
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f'<w:jc w:val="center"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>'
    )


def _row(cells: Sequence[WCell], before: int) -> str:
    props = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return f"<w:tr>{props}{''.join(_cell(c) for c in cells)}</w:tr>"


def _cell(cell: WCell) -> str:
    props = f'<w:tcW w:w="{800 * cell.span}" w:type="dxa"/>'
    if cell.span > 1:
        props += f'<w:gridSpan w:val="{cell.span}"/>'
    if cell.merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif cell.merge == "continue":
        props += "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    paragraphs = "".join(
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{runs(line)}</w:p>'
        for line in cell.text.split("\n")
    )
    nested = _table(cell.nested) + "<w:p/>" if cell.nested else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}{nested}</w:tc>"


def _story(root: str, text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{root} xmlns:w="{W}"><w:p>{_run(text)}</w:p></w:{root}>'
    )


def _comments() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author={quoteattr("审核人")}>'
        f"<w:p>{_run(COMMENT_TEXT)}</w:p></w:comment></w:comments>"
    )


_OFFICE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _content_types() -> str:
    parts = {
        "document.xml": "document.main",
        "styles.xml": "styles",
        "header1.xml": "header",
        "footer1.xml": "footer",
        "comments.xml": "comments",
    }
    overrides = "".join(
        f'<Override PartName="/word/{name}" ContentType="{_OFFICE}.{kind}+xml"/>'
        for name, kind in parts.items()
    )
    rels = "application/vnd.openxmlformats-package.relationships+xml"
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{rels}"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )


def _relationships(targets: dict[str, str]) -> str:
    """A relationships part: id → (type, target) pairs written as Word does."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets.items(), 1)
    )
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    return f'{_HEAD}<Relationships xmlns="{ns}">{items}</Relationships>'


_CONTENT_TYPES = _content_types()
_PACKAGE_RELS = _relationships({"officeDocument": "word/document.xml"})
_DOCUMENT_RELS = _relationships(
    {"styles": "styles.xml", "header": "header1.xml", "footer": "footer1.xml"}
    | {"comments": "comments.xml"}
)

_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>
</w:styles>"""


# --- an example report as Word would hold it -----------------------------------------------


def render_docx(text: str) -> bytes:
    """The .docx of a cell-per-line report: paragraphs, and Word tables for tables 2-4."""
    return build_docx(report_blocks(text))


def report_blocks(text: str) -> list[Block]:
    """The blocks of ``render_docx``; tests may alter them before building."""
    source = decode(text.encode("utf-8"), "report.txt")
    doc = parse(source)
    tokens = source_tokens(source)
    tables = _table_spans(doc, tokens)
    headings = {s.line for s in doc.sections}
    blocks: list[Block] = []
    skip_to = 0
    for index, token in enumerate(tokens):
        if token.line <= skip_to:
            continue
        if token.line in tables:
            spec, table, span = tables[token.line]
            blocks.append(_BUILDERS[spec.id](spec, table, span))
            skip_to = span[-1].line
            continue
        style = "Title" if token.line == doc.title_line else None
        style = "Heading1" if token.line in headings else style
        blocks.append(_prose(token.raw, style, with_revisions=index % 3 == 0))
    return blocks


def _prose(text: str, style: str | None, *, with_revisions: bool) -> Para:
    """A paragraph; some carry tracked changes, a comment and a proofing mark, as drafts do."""
    if not with_revisions or len(text) < 4:
        return Para(text, style)
    head, tail = text[: len(text) // 2], text[len(text) // 2 :]
    xml = (
        '<w:commentRangeStart w:id="0"/><w:proofErr w:type="spellStart"/>'
        + runs(head)
        + '<w:del w:id="1" w:author="a"><w:r><w:delText>已删除的草稿文字</w:delText></w:r></w:del>'
        + f'<w:ins w:id="2" w:author="a">{runs(tail)}</w:ins>'
        + '<w:proofErr w:type="spellEnd"/><w:commentRangeEnd w:id="0"/>'
        + '<w:r><w:commentReference w:id="0"/></w:r>'
    )
    return Para(style=style, xml=xml)


def _cell_lines(table: Table) -> set[int]:
    return {c.line for c in table.cells.values()}


def _stacked(spec: TableSpec, table: Table, span: list[Token]) -> WTable:
    """Table 2: a caption row across the table, then column headers, then rows.

    A row starts at every token that is neither a value nor a column label;
    the last cell of a short row spans the rest of the grid, as in the form.
    """
    columns = {norm_label(x) for c in spec.column for x in (c.label, c.short)}
    values = _cell_lines(table)
    rows: list[list[str]] = []
    for token in span:
        if rows and (token.line in values or norm_label(token.raw) in columns):
            rows[-1].append(token.raw)
        else:
            rows.append([token.raw])
    width = max(len(r) for r in rows)
    return WTable(
        [[*(WCell(t) for t in row[:-1]), WCell(row[-1], span=width - len(row) + 1)] for row in rows]
    )


def _results(spec: TableSpec, table: Table, span: list[Token]) -> WTable:
    """Table 3: three header rows, then rows under merged group labels (3 label columns)."""
    headers = {norm_label(h) for h in spec.headers}
    count = next(i for i, t in enumerate(span) if norm_label(t.raw) not in headers)
    rows = _results_header([t.raw for t in span[:count]])
    groups = _Groups()
    values = _cell_lines(table)
    for token in span[count:]:
        if token.line in values:
            rows[-1].append(WCell(token.raw))
            continue
        label = norm_label(token.raw)
        level = _level(label)
        if label in {norm_label(g) for g in spec.groups}:
            groups.open(token.raw, level)
        else:
            rows.append(groups.row(token.raw, level))
    return WTable(rows)


def _results_header(raw: list[str]) -> list[list[WCell]]:
    """note | 申请人情况 ; 自然人 | 法人或其他组织 | 总计 ; the five kinds of organisation."""
    if len(raw) != 10:
        raise ValueError(f"table 3 has {len(raw)} header cells, not 10")
    note, applicants, persons, bodies, total, *kinds = raw
    return [
        [WCell(note, span=3, merge="restart"), WCell(applicants, span=7)],
        [
            WCell(span=3, merge="continue"),
            WCell(persons, merge="restart"),
            WCell(bodies, span=5),
            WCell(total, merge="restart"),
        ],
        [
            WCell(span=3, merge="continue"),
            WCell(merge="continue"),
            *(WCell(k) for k in kinds),
            WCell(merge="continue"),
        ],
    ]


def _level(label: str) -> int:
    """1: 一、 or no ordinal; 2: （一）; 3: 1."""
    ordinal, _ = split_ordinal(label)
    if ordinal.startswith("("):
        return 2
    return 3 if ordinal[:1].isdigit() else 1


@dataclass
class _Groups:
    """The open group labels of table 3: each is a vMerge cell down its rows."""

    top: str | None = None
    top_fresh: bool = False
    sub: str | None = None
    sub_fresh: bool = False

    def open(self, raw: str, level: int) -> None:
        if level == 1:
            self.top, self.top_fresh, self.sub = raw, True, None
        else:
            self.sub, self.sub_fresh = raw, True

    def row(self, raw: str, level: int) -> list[WCell]:
        """The cells of a row labelled ``raw``: open group cells, then the label."""
        if level == 1 or self.top is None:
            self.top = self.sub = None
            return [WCell(raw, span=3)]
        first = _merged(self.top, fresh=self.top_fresh)
        self.top_fresh = False
        if level == 2 or self.sub is None:
            self.sub = None
            return [first, WCell(raw, span=2)]
        second = _merged(self.sub, fresh=self.sub_fresh)
        self.sub_fresh = False
        return [first, second, WCell(raw)]


def _merged(text: str, *, fresh: bool) -> WCell:
    """The origin of a vertical merge (with its text) or one of its continuations."""
    return WCell(text, merge="restart") if fresh else WCell(merge="continue")


def _review(spec: TableSpec, table: Table, span: list[Token]) -> WTable:
    """Table 4: 行政复议 (5 columns) | 行政诉讼 (10), its two kinds, the outcomes, 15 values."""
    values = _cell_lines(table)
    raw = {norm_label(t.raw): t.raw for t in span if t.line not in values}

    def head(label: str) -> str:
        return raw.get(norm_label(label), label)

    outcomes = [head(c.label) for c in spec.column]
    slots = [table.cells[(r.key, c)] for r in spec.row for c in spec.row_columns(r)]
    return WTable(
        [
            [WCell(head("行政复议"), span=5), WCell(head("行政诉讼"), span=10)],
            [
                *(WCell(o, merge="restart") for o in outcomes),
                WCell(head("未经复议直接起诉"), span=5),
                WCell(head("复议后起诉"), span=5),
            ],
            [*(WCell(merge="continue") for _ in outcomes), *(WCell(o) for o in outcomes * 2)],
            [WCell(c.raw) for c in slots],
        ]
    )


_BUILDERS = {"t2": _stacked, "t3": _results, "t4": _review}
