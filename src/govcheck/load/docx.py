"""Word (.docx) reports, read with the standard library only.

A .docx is a zip of XML parts; the report is ``word/document.xml``. Its body
is turned into the same units a cell-per-line text gives, in reading order:

- every non-empty paragraph is one unit (runs concatenated; a tab, a line
  break or a new line inside text becomes one space, so a unit is one line);
- every table cell is one unit with ``cell=True``, emitted once where it
  starts: a horizontally merged cell (``w:gridSpan``, or legacy ``w:hMerge``)
  is one unit and the continuation cells of a vertical merge (``w:vMerge``)
  are skipped, so merged headers read as they are printed. An empty cell is an
  empty unit: a blank cell is meaningful in a statistics table. Paragraphs
  inside a cell are joined with a space; a nested table's cells follow the
  text before it, in order.

Only what a reader sees in the body counts: deleted revisions (``w:del``,
``w:moveFrom``) and hidden runs are dropped, inserted ones (``w:ins``) kept;
headers, footers, comments, footnotes and text boxes live elsewhere or are
drawings and are not read. Each unit's ``line`` is its 1-based position in
the extracted sequence and ``SourceText.lines`` holds the unit texts, so
"line N" in a finding shows unit N; a paragraph's unit also carries its
number among the body's non-empty paragraphs (``Unit.paragraph``), which is
what a clerk can count in Word.

The file is untrusted. Only ``word/document.xml`` is decompressed, in
bounded chunks, and reading stops as soon as it passes
:data:`MAX_UNPACKED` bytes or a compression ratio no real document reaches;
declared sizes are checked too, but never relied on. A part with a document
type declaration (``<!DOCTYPE``/``<!ENTITY``) is refused before any entity
could be declared, let alone expanded. The body is processed block by block
while it is parsed, so memory stays proportional to the largest block.

Speed: expat and ElementTree's C builder do the parsing; a part laid out as
Word writes it (in UTF-8, one body as the root's last child) is read without
a Python call per element (:class:`_Plain`), anything else by the exact
reader (:class:`_Built`), which gives the same units for the former too. Tags
are told apart by one dict look-up (:data:`_NAMES`).
"""

from __future__ import annotations

import codecs
import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from govcheck.errors import InputError
from govcheck.i18n import Lang, text
from govcheck.load.text import SourceText, Unit

# A report's document.xml is a few megabytes at most; a zip that unpacks to
# more is refused (the whole archive by its declared sizes, the part itself
# by the bytes actually read).
MAX_UNPACKED = 64 * 1024 * 1024
# Deflated WordprocessingML compresses about 5-20:1; zip bombs reach 1000:1.
# As in Apache POI, more than 100:1 (bytes out per compressed byte consumed so
# far) is refused once a part has passed 1 MiB.
MAX_RATIO = 100
_RATIO_GRACE = 1024 * 1024
# zipfile reads up to one chunk of compressed data ahead of what it inflates,
# so a small chunk keeps the measured ratio close to the true one.
_CHUNK = 16 * 1024
DOCUMENT_PART = "word/document.xml"
# Compression methods a bounded read is guaranteed for: deflate's output is
# capped per call; bzip2 and LZMA are not used by Word and could expand a
# single chunk without limit.
_SAFE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})

# Transitional (what Word writes) and Strict OOXML.
_WORD_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    }
)
# Block containers whose children are read as if they stood in their place.
_BLOCK_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml"})
# Inline containers whose runs are read; w:del and w:moveFrom are not among them.
_INLINE_WRAPPERS = frozenset(
    {
        "hyperlink",
        "ins",
        "moveTo",
        "smartTag",
        "customXml",
        "sdt",
        "sdtContent",
        "fldSimple",
        "dir",
        "bdo",
    }
)
# Run content that reads as one space; a unit never spans two lines.
_SPACES = frozenset({"tab", "ptab", "br", "cr"})
_FALSE = frozenset({"0", "false", "off"})
# How a part in UTF-16 starts (a byte order mark, or "<" in either byte order), as expat sees it.
_UTF16_HEADS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
# An XML declaration, and the encoding it names (in either quotes), if any.
_DECLARATION = re.compile(
    rb"""<\?xml [ \t\r\n]+ version [ \t\r\n]*=[ \t\r\n]* (?:"[^"]*"|'[^']*')
    (?: [ \t\r\n]+ encoding [ \t\r\n]*=[ \t\r\n]* (?:"([^"]*)"|'([^']*)') )?""",
    re.VERBOSE,
)
# How a damaged archive or part shows: zipfile (CRC, truncation; RuntimeError
# and NotImplementedError for encryption and unsupported features), zlib, and
# the XML parser. RecursionError (a RuntimeError) covers absurdly deep nesting.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ET.ParseError,
    RuntimeError,
    NotImplementedError,
)


@dataclass(frozen=True, slots=True)
class CellPosition:
    """Where a cell unit sits in the Word file: all numbers 1-based.

    ``table`` counts every table (nested ones too) in the order they begin,
    ``row`` counts the table's rows, ``column`` is the grid column where the
    cell starts (after ``w:gridBefore`` and the spans of the cells before it).
    These are Word's own positions, not the format's 表二/表三/表四.
    """

    table: int
    row: int
    column: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """The loaded report and, for every cell unit, its position by unit line."""

    source: SourceText
    positions: Mapping[int, CellPosition]


def load(data: bytes, path: str) -> SourceText:
    """Read a .docx as units in reading order (the loader contract)."""
    return _source(_read(data, path), path)


def extract(data: bytes, path: str) -> Extraction:
    """Read a .docx; raise one :class:`InputError` for anything that is not a sound one."""
    sink = _read(data, path)
    positions = {line: CellPosition(*where) for line, where in sink.positions.items()}
    return Extraction(_source(sink, path), positions)


def _read(data: bytes, path: str) -> _Sink:
    """The units of the body, and where each cell unit sits; never empty."""
    buffer = io.BytesIO(data)
    archive = _open_archive(buffer, path)
    with archive:
        part = _document_part(archive, path)
        sink = _Sink()
        budget = _Budget(path, lambda: buffer.tell() - part.header_offset)
        try:
            _parse_part(archive, part, budget, sink.block)
        except _NotPlain:
            sink = _Sink()
            budget = _Budget(path, lambda: buffer.tell() - part.header_offset)
            _parse_part(archive, part, budget, sink.block, exact=True)
    if not sink.units:
        raise InputError("input.empty", path=path)
    return sink


def _source(sink: _Sink, path: str) -> SourceText:
    return SourceText(
        path=path,
        encoding="utf-8",
        lines=tuple(u.text for u in sink.units),
        units=tuple(sink.units),
        form="docx",
    )


def describe_location(position: CellPosition, lang: Lang = "zh") -> str:
    """A human location of a cell, e.g. ``表3 第5行第4列``, for messages about Word files.

    A finding's line is a unit's ordinal, which a clerk cannot find in Word;
    the table, row and column can be.
    """
    return text(
        "input.docx_cell", lang, table=position.table, row=position.row, column=position.column
    )


# --- the archive ---------------------------------------------------------------------------


def _open_archive(buffer: io.BytesIO, path: str) -> zipfile.ZipFile:
    """The zip, or ``input.docx_corrupt`` when its directory cannot be read."""
    try:
        return zipfile.ZipFile(buffer)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise InputError("input.docx_corrupt", path=path) from exc


def _document_part(archive: zipfile.ZipFile, path: str) -> zipfile.ZipInfo:
    """The main document part, after the checks that need no decompression."""
    try:
        part = archive.getinfo(DOCUMENT_PART)
    except KeyError as exc:
        raise InputError("input.docx_not_word", path=path) from exc
    if part.flag_bits & 0x1:
        raise InputError("input.docx_encrypted", path=path)
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise InputError("input.docx_bomb", path=path, limit=MAX_UNPACKED)
    if part.compress_type not in _SAFE_METHODS:
        raise InputError("input.docx_corrupt", path=path)
    return part


def _parse_part(
    archive: zipfile.ZipFile,
    part: zipfile.ZipInfo,
    budget: _Budget,
    on_block: Callable[[ET.Element], None],
    *,
    exact: bool = False,
) -> None:
    """Stream the part through the scanner into the parser; map every failure to one error.

    Raises :class:`_NotPlain` when the fast reader meets a body it cannot read
    exactly as the exact one does; the caller then reads the part again with
    ``exact=True``.
    """
    path = budget.path
    scanner = _Scanner(path)
    reader: _Plain | _Built | None = None
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                budget.take(len(chunk))
                scanner.check(chunk)
                if reader is None:
                    reader = _reader(chunk, path, on_block, exact=exact)
                reader.feed(chunk)
        (reader or _Built(path, on_block)).close()
    except (InputError, _NotPlain):
        raise
    except _DAMAGED as exc:
        raise InputError("input.docx_corrupt", path=path) from exc


def _reader(
    head: bytes, path: str, on_block: Callable[[ET.Element], None], *, exact: bool
) -> _Plain | _Built:
    """The fast reader for a part in UTF-8 (all Word writes), the exact one for any other.

    In UTF-8 (or ASCII) the scanner sees every ``<!DOCTYPE`` before the parser
    does, so the parser's own DOCTYPE hook, which only :class:`_Built` has, is
    never reached; in an encoding the scanner cannot read, it is needed.
    """
    if exact or not _C_BUILDER or head.startswith(_UTF16_HEADS):
        return _Built(path, on_block)
    body = head.removeprefix(codecs.BOM_UTF8)
    if body.startswith(b"<?xml"):
        declaration = _DECLARATION.match(body)
        if declaration is None:
            return _Built(path, on_block)
        encoding = declaration.group(1) or declaration.group(2)
        if encoding is not None and encoding.lower() != b"utf-8":
            return _Built(path, on_block)
    return _Plain(on_block)


@dataclass
class _Budget:
    """Counts the bytes actually inflated; refuses a bomb long before it is unpacked.

    ``consumed`` tells how many compressed bytes have been read from the
    archive so far (the position of the buffer under zipfile), so the ratio is
    measured as the part streams, not taken from its declared sizes.
    """

    path: str
    consumed: Callable[[], int]
    read: int = 0

    def take(self, size: int) -> None:
        self.read += size
        too_big = self.read > MAX_UNPACKED
        dense = self.read > MAX_RATIO * max(self.consumed(), 1)
        if too_big or (self.read > _RATIO_GRACE and dense):
            raise InputError("input.docx_bomb", path=self.path, limit=MAX_UNPACKED)


class _Scanner:
    """Refuses a part that declares a DTD, in UTF-8 or UTF-16, across chunk boundaries.

    Without a DTD no entity can be declared, so none can be expanded. A part
    in any other encoding that expat reads goes to the exact reader, whose
    parser target refuses a DOCTYPE as well (see :func:`_reader`).
    """

    _WORDS = ("<!doctype", "<!entity")

    def __init__(self, path: str) -> None:
        self._path = path
        self._patterns: tuple[bytes, ...] = ()
        self._tail = b""

    def check(self, chunk: bytes) -> None:
        if not self._patterns:
            self._patterns = self._encoded(chunk)
        window = (self._tail + chunk).lower()
        if any(p in window for p in self._patterns):
            raise InputError("input.docx_dtd", path=self._path, part=DOCUMENT_PART)
        self._tail = window[-32:]

    def _encoded(self, head: bytes) -> tuple[bytes, ...]:
        """The patterns in the part's encoding: UTF-16 if its first bytes say so."""
        if head.startswith((b"\xff\xfe", b"<\x00")):
            codec = "utf-16-le"
        elif head.startswith((b"\xfe\xff", b"\x00<")):
            codec = "utf-16-be"
        else:
            codec = "ascii"
        return tuple(word.encode(codec) for word in self._WORDS)


class _NotPlain(Exception):  # noqa: N818 - a signal, not an error
    """The part is not laid out as Word lays it out: read it again with the exact reader."""


class _Plain:
    """Reads a part laid out as Word writes it, with expat and ElementTree's C builder only.

    The exact reader (:class:`_Built`) calls Python for every element, to hand
    on each child of a ``w:body`` as it ends; that costs more than the whole
    parse. This one lets the C builder build the tree and, after each chunk,
    hands on the children of the body that are complete: all but the last,
    which may still be open (the rest when the part ends). That is the same
    blocks in the same order, as long as the body is a child of the root, is
    the last one, and holds no other body; the first chunk must reach the
    body, so that memory stays bounded as the body streams. Anything else
    raises :class:`_NotPlain`, and the part is read again, exactly.
    """

    def __init__(self, on_block: Callable[[ET.Element], None]) -> None:
        self._builder = ET.TreeBuilder()
        self._parser = ET.XMLParser(target=self._builder)  # noqa: S314 - DTDs refused
        self._on_block = on_block
        self._body: ET.Element | None = None

    def feed(self, chunk: bytes) -> None:
        self._parser.feed(chunk)
        self._blocks(last=False)

    def close(self) -> None:
        self._parser.close()
        self._blocks(last=True)

    def _blocks(self, *, last: bool) -> None:
        """Hand on the complete blocks of the body (with ``last``, all of them)."""
        body = self._find_body() if self._body is None else self._body
        if self._builder.close()[-1] is not body:  # the root (C builder), so far
            raise _NotPlain  # something follows the body
        ready = len(body) if last else max(len(body) - 1, 0)
        for index in range(ready):
            block = body[index]
            if _holds_body(block):
                raise _NotPlain  # a body inside a block: its blocks would come first
            self._on_block(block)
        del body[:ready]

    def _find_body(self) -> ET.Element:
        """The body, which the first chunk must reach, after root children without a body."""
        root = self._builder.close()
        if root is None or root.tag in _BODY_TAGS or not len(root):
            raise _NotPlain
        *before, body = root
        if body.tag not in _BODY_TAGS or any(map(_holds_body, before)):
            raise _NotPlain
        self._body = body
        return body


def _holds_body(element: ET.Element) -> bool:
    """Whether ``element`` is or holds a body (a search in C, for each namespace)."""
    return any(next(element.iter(tag), None) is not None for tag in _BODY_TAGS)


class _Built:
    """Reads the part as :class:`_Streamed` does, but refuses a DOCTYPE in any encoding.

    Its Python callbacks cost more than the whole C parse, so it only reads
    parts that the scanner cannot check (not in UTF-8: UTF-16 or a declared
    legacy code page).
    """

    def __init__(self, path: str, on_block: Callable[[ET.Element], None]) -> None:
        self._parser = ET.XMLParser(target=_BodyBuilder(path, on_block))  # noqa: S314 - DTDs refused

    def feed(self, chunk: bytes) -> None:
        self._parser.feed(chunk)

    def close(self) -> None:
        self._parser.close()


class _BodyBuilder(ET.TreeBuilder):
    """Builds the tree, but hands each block of ``w:body`` on as it closes and drops it."""

    def __init__(self, path: str, on_block: Callable[[ET.Element], None]) -> None:
        super().__init__()
        self._path = path
        self._on_block = on_block
        self._open: list[ET.Element] = []

    def start(self, tag: str, attrs: dict[str, str], /) -> ET.Element:
        element = super().start(tag, attrs)
        self._open.append(element)
        return element

    def end(self, tag: str, /) -> ET.Element:
        element = super().end(tag)
        self._open.pop()
        if self._open and self._open[-1].tag in _BODY_TAGS:
            self._on_block(element)
            self._open[-1].remove(element)
        return element

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        """Called by the parser at the start of a DOCTYPE: refuse it there."""
        raise InputError("input.docx_dtd", path=self._path, part=DOCUMENT_PART)


# --- the body ------------------------------------------------------------------------------


@dataclass
class _Sink:
    """Collects the units in reading order, numbering them as they come."""

    units: list[Unit] = field(default_factory=list)
    # Where each cell unit sits, by unit line: (table, row, column) of a CellPosition,
    # made only by extract() (loading for a lint never reads them).
    positions: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    tables: int = 0
    # Non-empty body paragraphs so far: a prose unit's number, as Word's word count counts them.
    paragraphs: int = 0

    def block(self, element: ET.Element) -> None:
        """One block-level element: a paragraph, a table, or a wrapper around them."""
        name = _NAMES.get(element.tag)
        if name == "p":
            self._paragraph(paragraph_text(element))
        elif name == "tbl":
            self._table(element)
        elif name in _BLOCK_WRAPPERS:
            for child in element:
                self.block(child)

    def _paragraph(self, content: str) -> None:
        # An empty paragraph is layout, like an empty line in text.
        if content.strip():
            self.paragraphs += 1
            self.units.append(Unit(content, len(self.units) + 1, paragraph=self.paragraphs))

    def _cell(self, content: str, position: tuple[int, int, int]) -> None:
        line = len(self.units) + 1
        self.units.append(Unit(content, line, cell=True))
        self.positions[line] = position

    def _table(self, table: ET.Element) -> None:
        self.tables += 1
        number = self.tables
        for row_number, row in enumerate(_children(table, "tr"), 1):
            column = 1 + _count(_properties(row, "trPr").get("gridBefore"), 0)
            for cell in _children(row, "tc"):
                properties = _properties(cell, "tcPr")
                if not _continues_merge(properties):
                    self._cell_units(cell, (number, row_number, column))
                column += _count(properties.get("gridSpan"), 1)

    def _cell_units(self, cell: ET.Element, position: tuple[int, int, int]) -> None:
        """The cell's text as one unit; a nested table splits it and follows in place."""
        parts: list[str] = []
        nested = False
        for block in _blocks(cell):
            if _NAMES.get(block.tag) == "p":
                parts.append(paragraph_text(block))
                continue
            joined = _joined(parts)
            if joined:
                self._cell(joined, position)
            parts, nested = [], True
            self._table(block)
        joined = _joined(parts)
        if joined or not nested:
            self._cell(joined, position)


def paragraph_text(paragraph: ET.Element) -> str:
    """What a reader sees of a paragraph, on one line."""
    parts: list[str] = []
    _inline_text(paragraph, parts)
    return "".join(parts)


def _inline_text(element: ET.Element, parts: list[str]) -> None:
    """Append what a reader sees of the runs in ``element`` (through inline wrappers)."""
    for child in element:
        name = _NAMES.get(child.tag)
        if name == "r":
            if not _hidden(child):
                _run_text(child, parts)
        elif name in _INLINE_WRAPPERS:
            _inline_text(child, parts)


def _run_text(run: ET.Element, parts: list[str]) -> None:
    """Append the text of a run that is shown: tabs and breaks are one space each."""
    for child in run:
        name = _NAMES.get(child.tag)
        if name == "t":
            text = child.text or ""
            if "\r" in text or "\n" in text:
                text = text.replace("\r", " ").replace("\n", " ")
            parts.append(text)
        elif name in _SPACES:
            parts.append(" ")
        elif name == "noBreakHyphen":
            parts.append("-")


def _hidden(run: ET.Element) -> bool:
    """Whether the run is formatted as hidden text (``w:vanish``), which is not printed.

    (Only the first ``w:rPr`` counts, and in it the first ``w:vanish``.)
    """
    for props in run:
        if _NAMES.get(props.tag) == "rPr":
            for prop in props:
                if _NAMES.get(prop.tag) == "vanish":
                    return _val(prop) not in _FALSE
            return False
    return False


def _blocks(container: ET.Element) -> Iterator[ET.Element]:
    """The paragraphs and tables of a cell, with content-control wrappers opened."""
    for child in container:
        name = _NAMES.get(child.tag)
        if name in ("p", "tbl"):
            yield child
        elif name in _BLOCK_WRAPPERS:
            yield from _blocks(child)


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """Children named ``name`` (rows of a table, cells of a row), through wrappers."""
    for child in element:
        local = _NAMES.get(child.tag)
        if local == name:
            yield child
        elif local in _BLOCK_WRAPPERS:
            yield from _children(child, name)


def _continues_merge(properties: dict[str, ET.Element]) -> bool:
    """A continuation of a vertical (or legacy horizontal) merge: read at its origin."""
    for name in ("vMerge", "hMerge"):
        merge = properties.get(name)
        if merge is not None and _val(merge) != "restart":
            return True
    return False


def _joined(parts: list[str]) -> str:
    if len(parts) == 1:  # most cells hold one paragraph
        return parts[0] if parts[0].strip() else ""
    return " ".join(p for p in parts if p.strip())


def _properties(element: ET.Element, group: str) -> dict[str, ET.Element]:
    """The properties in ``element/w:<group>`` by local name, the first of each name.

    Only the first ``w:<group>`` counts (Word writes one), and only names
    that are read (:data:`_NAMES`).
    """
    for props in element:
        if _NAMES.get(props.tag) == group:
            found: dict[str, ET.Element] = {}
            for prop in props:
                name = _NAMES.get(prop.tag)
                if name is not None and name not in found:
                    found[name] = prop
            return found
    return _NONE


def _val(element: ET.Element) -> str:
    """The ``w:val`` attribute (namespaced in Word's own files), or ''."""
    for key, value in element.attrib.items():
        if key == "val" or key.endswith("}val"):
            return value
    return ""


def _count(element: ET.Element | None, least: int) -> int:
    """A ``w:val`` count (grid columns spanned or skipped), never below ``least``."""
    if element is None:
        return least
    try:
        return max(int(_val(element)), least)
    except ValueError:
        return least


# The local names read, by tag in each namespace: tags are compared by one dict look-up.
_NAMES: dict[str, str] = {
    f"{{{namespace}}}{name}": name
    for namespace in _WORD_NAMESPACES
    for name in (
        {"body", "p", "tbl", "tr", "tc", "r", "t", "noBreakHyphen"}
        | {"trPr", "tcPr", "rPr", "gridBefore", "gridSpan", "vMerge", "hMerge", "vanish"}
        | _BLOCK_WRAPPERS
        | _INLINE_WRAPPERS
        | _SPACES
    )
}
_BODY_TAGS = tuple(tag for tag, name in _NAMES.items() if name == "body")
# Whether ElementTree's builder is the C one, whose close() returns the root while it
# is still being built (the Python one asserts that the document is complete).
_C_BUILDER = type(ET.TreeBuilder.close).__name__ == "method_descriptor"
_NONE: dict[str, ET.Element] = {}
