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
"line N" in a finding shows unit N.

The file is untrusted. Only ``word/document.xml`` is decompressed, in
bounded chunks, and reading stops as soon as it passes
:data:`MAX_UNPACKED` bytes or a compression ratio no real document reaches;
declared sizes are checked too, but never relied on. A part with a document
type declaration (``<!DOCTYPE``/``<!ENTITY``) is refused before any entity
could be declared, let alone expanded. The body is processed block by block
while it is parsed, so memory stays proportional to the largest block.
"""

from __future__ import annotations

import io
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
_NEWLINES = str.maketrans({"\r": " ", "\n": " "})
_FALSE = frozenset({"0", "false", "off"})
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
    return extract(data, path).source


def extract(data: bytes, path: str) -> Extraction:
    """Read a .docx; raise one :class:`InputError` for anything that is not a sound one."""
    buffer = io.BytesIO(data)
    archive = _open_archive(buffer, path)
    with archive:
        part = _document_part(archive, path)
        sink = _Sink()
        budget = _Budget(path, lambda: buffer.tell() - part.header_offset)
        _parse_part(archive, part, budget, sink.block)
    if not sink.units:
        raise InputError("input.empty", path=path)
    source = SourceText(
        path=path,
        encoding="utf-8",
        lines=tuple(u.text for u in sink.units),
        units=tuple(sink.units),
        form="docx",
    )
    return Extraction(source, sink.positions)


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
) -> None:
    """Stream the part through the scanner into the parser; map every failure to one error."""
    path = budget.path
    scanner = _Scanner(path)
    parser = ET.XMLParser(target=_BodyBuilder(path, on_block))  # noqa: S314 - DTDs refused
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                budget.take(len(chunk))
                scanner.check(chunk)
                parser.feed(chunk)
        parser.close()
    except InputError:
        raise
    except _DAMAGED as exc:
        raise InputError("input.docx_corrupt", path=path) from exc


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

    Without a DTD no entity can be declared, so none can be expanded; the
    parser target refuses a DOCTYPE as well (in any encoding expat reads).
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
        if self._open and _local(self._open[-1].tag) == "body":
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
    positions: dict[int, CellPosition] = field(default_factory=dict)
    tables: int = 0

    def block(self, element: ET.Element) -> None:
        """One block-level element: a paragraph, a table, or a wrapper around them."""
        name = _local(element.tag)
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
            self.units.append(Unit(content, len(self.units) + 1))

    def _cell(self, content: str, position: CellPosition) -> None:
        line = len(self.units) + 1
        self.units.append(Unit(content, line, cell=True))
        self.positions[line] = position

    def _table(self, table: ET.Element) -> None:
        self.tables += 1
        number = self.tables
        for row_number, row in enumerate(_children(table, "tr"), 1):
            column = 1 + _count(_property(row, "trPr", "gridBefore"), 0)
            for cell in _children(row, "tc"):
                if not _continues_merge(cell):
                    self._cell_units(cell, CellPosition(number, row_number, column))
                column += _count(_property(cell, "tcPr", "gridSpan"), 1)

    def _cell_units(self, cell: ET.Element, position: CellPosition) -> None:
        """The cell's text as one unit; a nested table splits it and follows in place."""
        parts: list[str] = []
        nested = False
        for block in _blocks(cell):
            if _local(block.tag) == "p":
                parts.append(paragraph_text(block))
                continue
            if _joined(parts):
                self._cell(_joined(parts), position)
            parts, nested = [], True
            self._table(block)
        if _joined(parts) or not nested:
            self._cell(_joined(parts), position)


def paragraph_text(paragraph: ET.Element) -> str:
    """What a reader sees of a paragraph, on one line."""
    return "".join(_inline_text(paragraph))


def _inline_text(element: ET.Element) -> Iterator[str]:
    for child in element:
        name = _local(child.tag)
        if name == "r":
            if not _hidden(child):
                yield from _run_text(child)
        elif name in _INLINE_WRAPPERS:
            yield from _inline_text(child)


def _run_text(run: ET.Element) -> Iterator[str]:
    for child in run:
        name = _local(child.tag)
        if name == "t":
            yield (child.text or "").translate(_NEWLINES)
        elif name in _SPACES:
            yield " "
        elif name == "noBreakHyphen":
            yield "-"


def _hidden(run: ET.Element) -> bool:
    """Whether the run is formatted as hidden text (``w:vanish``), which is not printed."""
    vanish = _property(run, "rPr", "vanish")
    return vanish is not None and _val(vanish) not in _FALSE


def _blocks(container: ET.Element) -> Iterator[ET.Element]:
    """The paragraphs and tables of a cell, with content-control wrappers opened."""
    for child in container:
        name = _local(child.tag)
        if name in ("p", "tbl"):
            yield child
        elif name in _BLOCK_WRAPPERS:
            yield from _blocks(child)


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """Children named ``name`` (rows of a table, cells of a row), through wrappers."""
    for child in element:
        local = _local(child.tag)
        if local == name:
            yield child
        elif local in _BLOCK_WRAPPERS:
            yield from _children(child, name)


def _continues_merge(cell: ET.Element) -> bool:
    """A continuation of a vertical (or legacy horizontal) merge: read at its origin."""
    for name in ("vMerge", "hMerge"):
        merge = _property(cell, "tcPr", name)
        if merge is not None and _val(merge) != "restart":
            return True
    return False


def _joined(parts: list[str]) -> str:
    return " ".join(p for p in parts if p.strip())


def _property(element: ET.Element, group: str, name: str) -> ET.Element | None:
    """``element/w:<group>/w:<name>``, whatever the namespace prefix."""
    for props in element:
        if _local(props.tag) == group:
            return next((p for p in props if _local(p.tag) == name), None)
    return None


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


def _local(tag: object) -> str:
    """The local name of a WordprocessingML tag; '' for other namespaces and comments."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    namespace, _, local = tag[1:].partition("}")
    return local if namespace in _WORD_NAMESPACES else ""
