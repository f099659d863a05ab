"""Loader for the html form: saved government web pages.

Many reports are published only as a web page, and clerks save that page
rather than a clean export. The page's text is read in reading order into
:class:`~govcheck.load.text.Unit` s: one per block of prose (``p``, ``div``,
``h1``–``h6``, ``li``, a ``br``-separated line) and one per table cell
(``td``/``th``, ``cell=True``), each pointing at the HTML source line where
its text starts. The parser then maps cells exactly as it maps the lines of a
cell-per-line text, so an HTML page and its text twin give the same findings.

Why the parts are as they are:

- Charset: a BOM decides. Otherwise bytes that are valid UTF-8 are UTF-8,
  whatever the page declares: a page re-saved as UTF-8 keeps its old
  ``gb2312`` ``<meta>``, a GBK decoder turns UTF-8 bytes into mojibake
  without any error, and real GBK text is practically never valid UTF-8.
  Then the ``<meta charset>`` (or ``http-equiv`` content type), if it can
  hold Chinese and decodes strictly (CMS templates often declare the wrong
  charset), then GB18030. GBK and GB2312 are read as GB18030, their
  superset. Nothing is decoded with replacement characters: a page is read
  correctly or refused with a clear reason.
- Markup: the standard library's :class:`html.parser.HTMLParser`, which is
  iterative (no recursion on deep nesting), never fetches anything and knows
  no external entities. It is exact but slow, so a page made of clean markup
  (nearly all are) is read by :mod:`~govcheck.load.htmlscan`, which reports
  the very same tokens several times faster and leaves anything else to
  html.parser. Our own element stack is capped at :data:`MAX_DEPTH`; deeper
  tags only carry text.
- Tables: in HTML a ``td`` stands at the origin of its merged area, and
  source order is row by row, left to right, so emitting each cell once, in
  source order, is emitting the rowspan/colspan grid origin by origin.
  Spanned positions are never repeated, so a row reads ``[label, v1, … v7]``
  however its headers are merged. (No coordinates are computed: nothing
  downstream needs them, and hostile spans would make them costly.) Empty and
  ``&nbsp;`` cells become ``Unit("", cell=True)``: a blank cell, which the
  parser keeps apart from 0. A table whose cells hold headings or tables, or
  that has a single cell, is page layout: its cells are read as prose.
- Site chrome (menus, breadcrumbs, footers, share bars, scripts) is dropped
  by element name and by id/class vocabulary below. A form is dropped too
  unless it wraps the page, as the one form of an ASP.NET page does.
- Whitespace: HTML collapses runs of spaces and line breaks into one space,
  so units do too; nothing else in the text is changed.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from typing import TypeAlias

from govcheck.errors import InputError
from govcheck.load import htmlscan
from govcheck.load.text import SourceText, Unit, cut_off, number_paragraphs

# Elements whose whole content is site chrome or not page text at all.
IGNORED_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "iframe",
        # Not listed in the issue but never report text: the <title> repeats
        # the <h1>, and templates, buttons, drop-downs and drawings hold none.
        "title",
        "template",
        "button",
        "select",
        "svg",
    }
)
# A <form> is chrome (a search box, a log-in) unless it wraps the whole page, as
# ASP.NET pages do (<form id="form1">): its content is kept only if it holds a
# heading or at least this many characters of text; a search box holds a few.
FORM_ELEMENT = "form"
FORM_MIN_CHARS = 200
# Words in an element's id or class (case-insensitive, as substrings) that
# mark site chrome on pages built from plain divs.
CHROME_MARKERS = ("nav", "menu", "breadcrumb", "crumb", "footer", "sidebar", "share", "toolbar")
# Elements that start and end a block of prose.
BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
HEADING_ELEMENTS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that never have content or an end tag.
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
CELL_ELEMENTS = frozenset({"td", "th"})
_PAGE_ELEMENTS = frozenset({"html", "body"})
ROW_ELEMENTS = frozenset({"tr", "thead", "tbody", "tfoot"})
# List items whose start ends an open item of the same list: item → (items closed, lists).
_LIST_ITEMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "li": (("li",), ("ul", "ol")),
    "dt": (("dt", "dd"), ("dl",)),
    "dd": (("dt", "dd"), ("dl",)),
}
# Deeper elements are not tracked: their tags only carry text.
MAX_DEPTH = 1000

# Charset labels that name GB2312 or GBK: both are read as GB18030, their superset.
_GBK_LABELS = frozenset(
    {
        "gb2312",
        "gbk",
        "x-gbk",
        "gb_2312",
        "gb_2312-80",
        "csgb2312",
        "csiso58gb231280",
        "chinese",
        "iso-ir-58",
        "cp936",
        "windows-936",
    }
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The head of the page where a charset declaration is looked for.
_PRESCAN = 8192
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([a-z0-9._:-]+)", re.I)
# Python's names of the charsets a Chinese report can be written in (GBK labels aside).
_CHINESE_CHARSETS = frozenset({"utf-8", "gb18030", "big5", "big5hkscs", "cp950"})
_UTF8 = "utf-8"
_GB18030 = "gb18030"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# HTML's own whitespace (not &nbsp; or the ideographic space).
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HTML_SPACE_CHARS = " \t\n\r\f"


def load(data: bytes, path: str) -> SourceText:
    """Read a saved web page: its source lines, and its text units in reading order."""
    encoding, content = _decode(data, path)
    if not content.strip():
        raise InputError("input.empty", path=path)
    # (Without a CR, splitting on LF is the same split, and ten times faster.)
    lines = _LINE_BREAK.split(content) if "\r" in content else content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    units = number_paragraphs(extract_units("\n".join(lines), path))
    if not units:
        raise InputError("input.html_no_text", path=path)
    return SourceText(path=path, encoding=encoding, lines=tuple(lines), units=units, form="html")


# --- charset -------------------------------------------------------------------------------


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """The page's text and the encoding it was read with; never lossy."""
    if not data:
        raise InputError("input.empty", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, _strict(data, encoding, path)
    if b"\x00" in data:
        raise InputError("input.binary", path=path)
    declared = declared_charset(data[:_PRESCAN])
    # UTF-8 first, then the declaration, then GB18030 (see the module docstring).
    candidates = tuple(dict.fromkeys(c for c in (_UTF8, declared, _GB18030) if c))
    for encoding in candidates:
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == _UTF8 and cut_off(exc):
                raise InputError("input.truncated", path=path) from exc
    tried = "/".join(c.upper() for c in candidates)
    raise InputError("input.undecodable", path=path, encoding=tried)


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        key = "input.truncated" if cut_off(exc) else "input.undecodable"
        raise InputError(key, path=path, encoding=encoding) from exc


def declared_charset(head: bytes) -> str | None:
    """The codec named by the page's ``<meta>`` (or XML) declaration, if it is usable.

    Only charsets a Chinese report can be written in are used; any other
    label (``iso-8859-1`` from a CMS template, ``utf-16`` found by scanning
    ASCII bytes, a codec name that Python knows but browsers do not) says
    nothing true about the page, and detection reads it better.
    """
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _GBK_LABELS:
        return _GB18030
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("gb2312", "gbk"):
        return _GB18030
    return name if name in _CHINESE_CHARSETS else None


# --- text units ----------------------------------------------------------------------------


# A 1-based (line, column) in the HTML source.
Position: TypeAlias = tuple[int, int]


def _advance(at: Position, skipped: str) -> Position:
    """The position just after ``skipped``, which starts at ``at``."""
    breaks = skipped.count("\n")
    if not breaks:
        return at[0], at[1] + len(skipped)
    return at[0] + breaks, len(skipped) - skipped.rfind("\n")


def _start_of(data: str, at: Position) -> Position | None:
    """Where the first character of ``data`` (starting at ``at``) that is not HTML space is."""
    rest = data.lstrip(_HTML_SPACE_CHARS)
    if not rest:
        return None
    if len(rest) == len(data):
        return at
    return _advance(at, data[: len(data) - len(rest)])


def extract_units(markup: str, path: str) -> tuple[Unit, ...]:
    """The text units of ``markup`` in reading order; lines count ``\\n`` from 1, columns from 1.

    Clean markup is read by :mod:`~govcheck.load.htmlscan`, several times
    faster; where it gives up, html.parser reads the whole page afresh.
    """
    output = _Output()
    tree = _Tree(output)
    if not htmlscan.scan(markup, tree):
        output = _Output()
        tree = _Tree(output)
        _parse(markup, tree, path)
    tree.finish()
    return output.units()


def _parse(markup: str, tree: _Tree, path: str) -> None:
    """Read ``markup`` into ``tree`` with html.parser."""
    parser = _Extractor(tree)
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError as exc:
        # html.parser raises AssertionError on a few malformed declarations (``<![x``).
        raise InputError("input.html_malformed", path=path, reason=str(exc)) from exc


class _Run:
    """Units in reading order; a nested run is a finished table, linked rather than copied.

    A run that holds a cell's prose may hold :class:`_Text` blocks too: they
    become units only if the cell's table turns out to be layout (see
    :meth:`_Cell.prose`), since most cells are data cells and their prose is
    never read.
    """

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Unit | _Run | _Text] = []

    def flatten(self) -> tuple[Unit, ...]:
        """All units, depth first, without recursion (nesting depth is unbounded)."""
        out: list[Unit] = []
        stack: list[tuple[_Run, int]] = [(self, 0)]
        while stack:
            run, index = stack.pop()
            while index < len(run.items):
                item = run.items[index]
                index += 1
                if isinstance(item, _Run):
                    stack.append((run, index))
                    run, index = item, 0
                else:
                    assert isinstance(item, Unit)
                    out.append(item)
        return tuple(out)


class _Text:
    """Text pieces and the source position (line, column) of the first non-space character."""

    __slots__ = ("pieces", "start")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.start: Position | None = None

    def text(self) -> str:
        """The pieces joined as HTML renders them: whitespace runs are one space."""
        pieces = self.pieces
        joined = pieces[0] if len(pieces) == 1 else "".join(pieces)
        # Most cells hold no HTML space at all; a regular expression costs more than the tests.
        if " " in joined or "\n" in joined or "\t" in joined or "\r" in joined or "\f" in joined:
            return _HTML_SPACE.sub(" ", joined).strip(_HTML_SPACE_CHARS)
        return joined

    def unit(self) -> Unit | None:
        """The block as a unit of prose, or ``None`` if it holds no text."""
        text = self.text()
        if text.strip() and self.start is not None:
            line, column = self.start
            return Unit(text, line, column=column)
        return None


class _Cell(_Text):
    """A td/th: its text for a data cell, and its prose blocks in case the table is layout.

    The cell is its own :class:`_Text` (one object less for each of a page's cells).
    """

    __slots__ = ("layout", "structured", "tag")

    def __init__(self, tag: Position) -> None:
        self.pieces: list[str] = []
        self.start: Position | None = None
        self.tag = tag
        self.layout = _Run()
        self.structured = False

    def unit(self) -> Unit:
        """The cell as one unit: its text stripped; ``&nbsp;`` or nothing is a blank cell."""
        line, column = self.start or self.tag
        return Unit(self.text().strip(), line, cell=True, column=column)

    def prose(self) -> _Run:
        """The cell's prose blocks as units, for a layout table."""
        items: list[Unit | _Run | _Text] = []
        for item in self.layout.items:
            if not isinstance(item, _Text):
                items.append(item)
            elif (unit := item.unit()) is not None:
                items.append(unit)
        self.layout.items = items
        return self.layout


class _Table:
    """A table's cells and any prose inside it (a caption), in source order."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: list[Unit | _Run | _Cell] = []

    def finish(self) -> _Run:
        """A data table gives one unit per cell; a layout table gives its cells' prose."""
        cells = [e for e in self.entries if isinstance(e, _Cell)]
        layout = len(cells) < 2 or any(c.structured for c in cells)
        run = _Run()
        for entry in self.entries:
            if isinstance(entry, _Cell):
                run.items.append(entry.prose() if layout else entry.unit())
            else:
                run.items.append(entry)
        return run


class _Form:
    """A form's content, kept only if the form turns out to wrap the page."""

    __slots__ = ("chars", "heading", "run")

    def __init__(self) -> None:
        self.run = _Run()
        self.chars = 0
        self.heading = False

    def wraps_page(self) -> bool:
        """A heading or a page's worth of text: not a search box."""
        return self.heading or self.chars >= FORM_MIN_CHARS


class _Output:
    """Where text goes: the current block, and the innermost table, cell or form owning it."""

    def __init__(self) -> None:
        self._root = _Run()
        self._containers: list[_Table | _Cell | _Form] = []
        # The current block of prose (public: the tree skips ending it when it is empty).
        self.block = _Text()
        # Browsers ignore a form start tag inside a form, so at most one is open.
        self._form: _Form | None = None
        # The innermost container if it is a cell (text goes to it too); kept for speed.
        self._cell: _Cell | None = None

    def units(self) -> tuple[Unit, ...]:
        """Everything read, in reading order."""
        return self._root.flatten()

    def text(self, data: str, at: Position) -> None:
        """Text of the page: part of the current block and of the open cell.

        The block and the cell start at the same place: where their first text
        that is not all space starts (this runs for every text of the page).
        """
        block = self.block
        block.pieces.append(data)
        if self._cell is None:
            if block.start is None:
                block.start = _start_of(data, at)
        else:
            cell = self._cell
            cell.pieces.append(data)
            if cell.start is None:
                cell.start = _start_of(data, at)
                if block.start is None:
                    block.start = cell.start
            elif block.start is None:
                block.start = _start_of(data, at)
        if self._form is not None:
            self._form.chars += len(data.strip())

    def boundary(self) -> None:
        """End the current block of prose (a block element starts or ends)."""
        block = self.block
        if not block.pieces:
            return
        if block.start is None:  # only spaces: no unit, and nothing to keep
            block.pieces.clear()
            return
        self.block = _Text()
        if self._cell is not None:
            # Read only if the cell's table is layout (most are data: their prose is not read).
            self._cell.layout.items.append(block)
            return
        unit = block.unit()
        if unit is not None:
            self._append(unit)

    def line_break(self) -> None:
        """``<br>``: a new prose line, but only a space inside a data cell's text."""
        if self._cell is not None:
            self._cell.pieces.append(" ")
        self.boundary()

    def heading(self) -> None:
        """A heading shows that the cell holding it is page layout, and its form is the page."""
        self._mark_layout()
        if self._form is not None:
            self._form.heading = True

    def open_table(self) -> None:
        """A table starts: its cells are kept apart until it ends and is judged data or layout."""
        self.boundary()
        self._mark_layout()
        self._containers.append(_Table())
        self._cell = None

    def close_table(self) -> None:
        """A table ends: its units go, in order, where the table stood."""
        self.boundary()
        table = self._containers.pop()
        assert isinstance(table, _Table)
        self._inner_changed()
        self._append(table.finish())

    def open_cell(self, at: Position) -> None:
        """A cell starts at ``at`` (its position if it stays empty)."""
        self.boundary()
        table = self._containers[-1]
        assert isinstance(table, _Table)
        cell = _Cell(at)
        table.entries.append(cell)
        self._containers.append(cell)
        self._cell = cell

    def close_cell(self) -> None:
        """A cell ends; its prose block ends with it (and its table is the innermost container)."""
        self.boundary()
        self._containers.pop()
        self._cell = None

    def in_form(self) -> bool:
        """Whether a form is open (a nested form start tag is then an ordinary element)."""
        return self._form is not None

    def open_form(self) -> None:
        """A form starts: its content waits until we know whether it wraps the page."""
        self.boundary()
        self._form = _Form()
        self._containers.append(self._form)
        self._cell = None

    def close_form(self) -> None:
        """Keep the form's content if it wraps the page; drop a search box or log-in."""
        self.boundary()
        form = self._containers.pop()
        assert isinstance(form, _Form)
        self._inner_changed()
        self._form = None
        if form.wraps_page():
            self._append(form.run)

    def _mark_layout(self) -> None:
        """Mark the cell holding a heading or a table (perhaps inside a form) as layout."""
        for inner in reversed(self._containers[-2:]):
            if isinstance(inner, _Cell):
                inner.structured = True
                return
            if not isinstance(inner, _Form):
                return

    def _inner_changed(self) -> None:
        """A container has been closed: is the innermost one now a cell?"""
        inner = self._containers[-1] if self._containers else None
        self._cell = inner if isinstance(inner, _Cell) else None

    def _append(self, item: Unit | _Run) -> None:
        inner = self._containers[-1] if self._containers else None
        if inner is None:
            self._root.items.append(item)
        elif isinstance(inner, _Cell):
            inner.layout.items.append(item)
        elif isinstance(inner, _Form):
            inner.run.items.append(item)
        else:
            inner.entries.append(item)


# The role of an open element. NORMAL is 0, so that popping the common element costs one test.
_NORMAL = 0
_CHROME = 1
_TABLE = 2
_CELL = 3
_FORM = 4
# Start tags that may open a container (a form, a table or a cell) rather than a plain element.
_CONTAINER_TAGS = frozenset({FORM_ELEMENT, "table"}) | CELL_ELEMENTS
# Start tags that end an open cell; end tags that may close elements up to their table.
_TABLE_PARTS = CELL_ELEMENTS | ROW_ELEMENTS
_TABLE_SCOPED = _TABLE_PARTS | {"table"}
# Tags whose start or end does more than push or pop a plain element.
_NOT_PLAIN = VOID_ELEMENTS | BLOCK_ELEMENTS | IGNORED_ELEMENTS | _CONTAINER_TAGS
# Start tags that imply end tags other than that of an open p.
_STRUCTURE = _TABLE_SCOPED | frozenset(_LIST_ITEMS)


class _Tree:
    """The open elements, with HTML's implied end tags, feeding :class:`_Output`.

    Every operation is O(1) amortised: open elements are indexed by name, and
    tables and cells are *scopes* that end tags of other elements cannot cross
    (a stray ``</div>`` inside a cell does not close the cell's table). The
    stack holds (tag, role) pairs; the common tags take the shortest paths,
    since a page has about a thousand of them.
    """

    def __init__(self, output: _Output) -> None:
        self._out = output
        self._stack: list[tuple[str, int]] = []
        self._open: dict[str, list[int]] = {}
        self._scopes: list[int] = []
        self._tables: list[int] = []
        self._chrome = 0
        self._overflow = 0

    def start(self, tag: str, names: str, at: Position) -> None:
        """A start tag at ``at``; ``names`` are its id and class values, lower-cased.

        Written out for the common case (a page has about a thousand tags):
        an element that is neither chrome nor a container is pushed here.
        """
        if tag in VOID_ELEMENTS:
            self._void(tag)
            return
        stack = self._stack
        if self._overflow or len(stack) >= MAX_DEPTH:
            self._overflow += 1
            return
        if tag in BLOCK_ELEMENTS:  # only these imply end tags
            if self._open.get("p"):
                self._close_open("p")
            if tag in _STRUCTURE:
                self._imply_structure(tag)
        if self._chrome:
            role = _NORMAL
        elif tag in IGNORED_ELEMENTS or (names and _is_chrome(tag, names)):
            self._out.boundary()
            self._chrome += 1
            role = _CHROME
        elif tag in _CONTAINER_TAGS:
            self._start_container(tag, at)
            return
        else:
            if tag in BLOCK_ELEMENTS:
                if self._out.block.pieces:
                    self._out.boundary()
                if tag in HEADING_ELEMENTS:
                    self._out.heading()
            role = _NORMAL
        positions = self._open.get(tag)
        if positions is None:
            self._open[tag] = [len(stack)]
        else:
            positions.append(len(stack))
        stack.append((tag, role))

    def start_end(self, tag: str, names: str, at: Position) -> None:
        """``<br/>`` is one break, not a break and a ``</br>``; ``<div/>`` opens and closes."""
        self.start(tag, names, at)
        if tag not in VOID_ELEMENTS:
            self.end(tag)

    def wrapped(self, tag: str, names: str, at: Position, text: str, text_at: Position) -> None:
        """``<tag>text</tag>``: a plain inline element (``span``) changes nothing but text.

        A start tag of an element that is not void, a block, a container or
        chrome pushes a plain element; nothing inside can close it, its own end
        tag pops it (or, past the depth cap, both only count), so the text is all
        that is left. Other elements take the long way.
        """
        if tag in _NOT_PLAIN or (names and _is_chrome(tag, names)):
            self.start(tag, names, at)
            if text:
                self.data(text, text_at)
            self.end(tag)
        elif text and not self._chrome:
            self._out.text(text, text_at)

    def end(self, tag: str) -> None:
        """An end tag."""
        if tag in VOID_ELEMENTS:
            if tag == "br":  # </br> is read as <br> by browsers
                self._void(tag)
            return
        if self._overflow:
            self._overflow -= 1
            return
        positions = self._open.get(tag)
        if positions:
            index = positions[-1]
            stack = self._stack
            if index == len(stack) - 1:
                # The innermost element, the common case: no scope can lie between.
                role = stack.pop()[1]
                positions.pop()
                if role:
                    self._closed(role)
            else:
                self._close_matching(tag, index)
        if tag in BLOCK_ELEMENTS and not self._chrome and self._out.block.pieces:
            self._out.boundary()

    def data(self, data: str, at: Position) -> None:
        """Text starting at ``at``."""
        if not self._chrome:
            self._out.text(data, at)

    def finish(self) -> None:
        """Close everything still open at the end of the page."""
        self._pop_to(0)
        self._out.boundary()

    def _void(self, tag: str) -> None:
        if self._chrome:
            return
        if tag == "br":
            self._out.line_break()
        elif tag == "hr":
            self._out.boundary()

    def _start_container(self, tag: str, at: Position) -> None:
        """A form, table or cell start tag (outside chrome); in the wrong place, a plain one."""
        if tag == FORM_ELEMENT:
            if not self._out.in_form() and not self._in_table():
                # (A form between a table and its cells only wraps rows: not a container.)
                self._out.open_form()
                self._push(tag, _FORM)
                return
        elif tag == "table":
            self._out.open_table()
            self._push(tag, _TABLE)
            return
        elif self._in_table():
            self._out.open_cell(at)
            self._push(tag, _CELL)
            return
        # Out of place: a plain element (a form inside a form or table, a cell outside a table).
        if tag in BLOCK_ELEMENTS:
            self._out.boundary()
        self._push(tag, _NORMAL)

    def _imply_structure(self, tag: str) -> None:
        """Close what the start of a list item or table part closes implicitly in HTML.

        (An open ``p``, which every block element closes, is closed before.)
        """
        if tag in _LIST_ITEMS:
            items, lists = _LIST_ITEMS[tag]
            floor = max((i for i in map(self._innermost, lists) if i is not None), default=-1)
            for item in items:
                self._close_open(item, floor)
        if self._chrome:
            return
        if tag in _TABLE_PARTS:
            scopes = self._scopes
            if scopes and self._stack[scopes[-1]][1] == _CELL:  # close the open cell
                self._pop_to(scopes[-1])
            if tag in ROW_ELEMENTS and self._tables:
                self._close_open("tr", self._tables[-1])
        elif tag == "table" and self._in_table():
            # A table directly inside a table (not in a cell) ends the first one.
            self._pop_to(self._tables[-1])

    def _close_open(self, name: str, floor: int = -1) -> None:
        """Pop an open ``name`` above the innermost scope and above ``floor``."""
        index = self._innermost(name)
        if index is not None and index > floor:
            self._pop_to(index)

    def _in_table(self) -> bool:
        return bool(self._scopes) and self._stack[self._scopes[-1]][1] == _TABLE

    def _innermost(self, name: str) -> int | None:
        """The index of the innermost open ``name`` inside the innermost scope."""
        positions = self._open.get(name)
        if not positions:
            return None
        floor = self._scopes[-1] if self._scopes else -1
        return positions[-1] if positions[-1] > floor else None

    def _close_matching(self, tag: str, index: int) -> None:
        """Close the open ``tag`` at ``index`` unless a scope lies between; table parts may
        close up to their table, a table the innermost table itself."""
        if tag in _TABLE_SCOPED:
            floor = self._tables[-1] if self._tables else -1
            if tag == "table":
                floor -= 1
        else:
            floor = self._scopes[-1] if self._scopes else -1
        if index > floor:
            self._pop_to(index)

    def _push(self, tag: str, role: int) -> None:
        index = len(self._stack)
        self._stack.append((tag, role))
        positions = self._open.get(tag)
        if positions is None:
            self._open[tag] = [index]
        else:
            positions.append(index)
        if role in (_TABLE, _CELL):
            self._scopes.append(index)
            if role == _TABLE:
                self._tables.append(index)

    def _pop_to(self, index: int) -> None:
        """Pop the element at ``index`` and everything opened inside it."""
        while len(self._stack) > index:
            self._pop_top()

    def _pop_top(self) -> None:
        tag, role = self._stack.pop()
        self._open[tag].pop()
        if role:
            self._closed(role)

    def _closed(self, role: int) -> None:
        """A chrome element, table, cell or form has been popped."""
        if role == _CHROME:
            self._chrome -= 1
        elif role == _CELL:
            self._scopes.pop()
            self._out.close_cell()
        elif role == _TABLE:
            self._scopes.pop()
            self._tables.pop()
            self._out.close_table()
        else:
            self._out.close_form()


def _is_chrome(tag: str, names: str) -> bool:
    """Whether an element's id or class names site chrome (a menu, a footer, …).

    Never ``html`` or ``body``: a page class such as ``has-sidebar`` says
    how the page is laid out, not that it is all chrome.
    """
    if tag in _PAGE_ELEMENTS:
        return False
    return bool(names) and any(marker in names for marker in CHROME_MARKERS)


def _names(attrs: list[tuple[str, str | None]]) -> str:
    """The id and class values of html.parser's attributes, lower-cased, for :func:`_is_chrome`."""
    return " ".join(v for k, v in attrs if k in ("id", "class") and v).lower()


class _Extractor(HTMLParser):
    """Adapts html.parser's callbacks (with entities already resolved) to :class:`_Tree`."""

    def __init__(self, tree: _Tree) -> None:
        super().__init__(convert_charrefs=True)
        self.tree = tree

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tree.start(tag, _names(attrs), self._position())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tree.start_end(tag, _names(attrs), self._position())

    def handle_endtag(self, tag: str) -> None:
        self.tree.end(tag)

    def parse_html_declaration(self, i: int) -> int:
        """Read a malformed ``<![…`` as browsers do, as a comment, instead of failing."""
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)

    def handle_data(self, data: str) -> None:
        self.tree.data(data, self._position())

    def _position(self) -> Position:
        """Where the current tag or text starts: 1-based line and column."""
        line, offset = self.getpos()
        return line, offset + 1


__all__ = ["MAX_DEPTH", "declared_charset", "extract_units", "load"]
