"""Caps on what a PDF may cost to read: inflated bytes, drawing bytes, pages, glyphs, paths.

A PDF is a small file that describes a large amount of work, and PDFium does
that work in C: a single call cannot be interrupted by the per-file time
budget (:mod:`govcheck.timebudget`), which acts between calls. So every cap
is checked *before* the call that would do the work, measured on files that
the hostile-PDF tests write (PDFium 5.x, this machine):

- **Inflated bytes** (:data:`MAX_STREAM` per stream, :data:`MAX_DOCUMENT` per
  document): before PDFium opens the file, :func:`scan` finds every stream in
  the raw bytes and decodes its Flate, LZW, RunLength, ASCIIHex and ASCII85
  filters in steps of at most :data:`_STEP` bytes, counting and discarding
  the output. Unbounded, PDFium inflated a 1 MB file to 1 GiB: 5.5 s, 2 GB.
- **Drawing bytes** (:data:`MAX_CONTENT` per stream, :data:`MAX_DRAWING` per
  document): the same scan counts the streams that PDFium parses as drawing
  instructions (page contents, forms; not fonts, images or metadata).
  PDFium parses a page in one call: 24 MiB of ``(x) Tj`` took 28 s and 1.6 GB.
- **Encryption**: an encrypted file is refused (``input.pdf_encrypted``)
  even when its user password is empty, since its streams cannot be
  measured before PDFium decrypts and inflates them.
- **Pages** (:data:`MAX_PAGES`): PDFium counts the page tree before any page
  is loaded (20,000 pages: 0.02 s), and :func:`count_page` counts again.
- **Glyphs and paths per page** (:data:`MAX_GLYPHS`, :data:`MAX_PATHS`):
  counted after PDFium has parsed the page, whose cost the drawing cap
  bounds, and before govcheck's own work per glyph or segment starts.

pdfminer's tokenizer, which needed caps on tokens and nesting, is gone:
PDFium reads a page of 1,000,000 ``[`` or 1.05 M tokens in under 0.05 s.

A cap raises :class:`CapExceeded`, a ``BaseException``, so that no handler of
``Exception`` swallows it; :func:`bounded` turns it into one
:class:`~govcheck.errors.InputError` naming the cap.
"""

from __future__ import annotations

import re
import zlib
from base64 import a85decode
from binascii import unhexlify
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from govcheck.errors import InputError

MIB = 1024 * 1024
# Inflated bytes of one stream; a fully embedded CJK font is ~20 MiB.
MAX_STREAM = 64 * MIB
# Inflated bytes of all streams of one document: room for several fully embedded CJK fonts.
MAX_DOCUMENT = 128 * MIB
# Drawing instructions in one stream; a real page has < 64 KiB. PDFium parses the
# worst instructions at ~1.2 s per MiB in one uninterruptible call.
MAX_CONTENT = 2 * MIB
# Drawing instructions of all streams of one document; a 60-page report has < 4 MiB.
MAX_DRAWING = 8 * MIB
# Pages of one document; real reports have fewer than 60.
MAX_PAGES = 2_000
# Glyphs drawn on one page; a dense page of a real report has about 1,000.
MAX_GLYPHS = 50_000
# Paths (lines, rectangles, curves) drawn on one page; real pages have < 200.
MAX_PATHS = 10_000
# Path segments on one page (a rectangle has four or five).
MAX_SEGMENTS = 8 * MAX_PATHS
# Bytes decoded per C call: small enough that a cap stops a bomb promptly.
_STEP = MIB

# A stream's start: "stream" and its end of line, after the stream's dictionary.
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+\d+\s+R)?")
_OBJ = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")
# Where PDFium parses a stream as drawing instructions whatever its dictionary says:
# a page's /Contents (one stream, an array, or an array object) and a Type 3
# font's glyph procedures. A form says so itself (/Subtype /Form).
_CONTENTS = re.compile(rb"/Contents\s*(\d+\s+\d+\s+R|\[[^\]]*\])")
_CHAR_PROCS = re.compile(rb"/CharProcs\s*<<([^>]*)>>")
_FORM = re.compile(rb"/Subtype\s*/Form\b")
_FONT_FILE = re.compile(rb"/FontFile[23]?\s+(\d+)\s+\d+\s+R")
# Streams PDFium does not parse as drawing instructions unless referenced as such:
# images, metadata, embedded files, object and cross-reference streams, CMaps.
_NOT_DRAWING = re.compile(
    rb"/Subtype\s*/Image\b|/Type\s*/(?:Metadata|EmbeddedFile|ObjStm|XRef|CMap)\b"
)
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
# LZW parameters that widen codes one code later than the default.
_LATE_CHANGE = re.compile(rb"/EarlyChange\s+0\b")
# The operator that draws an XObject (a form or an image).
_DO = re.compile(rb"Do\b")
# An encryption dictionary (in a trailer or a cross-reference stream's dictionary).
_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
# How far before "stream" its dictionary may start.
_DICT_WINDOW = 4096


@dataclass(frozen=True)
class _Stream:
    """A stream found in the raw file: its object number (-1: unknown), dictionary, size,
    and its decoded bytes where they were decoded whole (None: only counted)."""

    number: int
    head: bytes
    size: int
    data: bytes | None


class CapExceeded(BaseException):  # a signal, turned into an InputError
    """A cap was passed: the message key and its values (without the path)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Budget:
    """Bytes decoded so far for one document, and the page being read."""

    inflated: int = 0
    drawing: int = 0
    page: int = 0

    def charge(self, stream_total: int, added: int) -> None:
        """Count ``added`` bytes of a stream now ``stream_total`` bytes long; raise past a cap."""
        self.inflated += added
        if stream_total > MAX_STREAM:
            raise CapExceeded("input.pdf_stream_bomb", limit=MAX_STREAM)
        if self.inflated > MAX_DOCUMENT:
            raise CapExceeded("input.pdf_document_bomb", limit=MAX_DOCUMENT)

    def draw(self, size: int) -> None:
        """Count a drawing stream of ``size`` bytes; raise past a cap."""
        self.drawing += size
        if size > MAX_CONTENT:
            raise CapExceeded("input.pdf_drawing_too_large", limit=MAX_CONTENT)
        self.redraw(0)

    def redraw(self, size: int) -> None:
        """Count ``size`` bytes parsed again (forms drawn many times); raise past the cap."""
        self.drawing += size
        if self.drawing > MAX_DRAWING:
            raise CapExceeded("input.pdf_drawing_too_large", limit=MAX_DRAWING)


_ACTIVE: ContextVar[Budget | None] = ContextVar("govcheck_pdf_budget", default=None)


@contextmanager
def bounded(path: str) -> Iterator[Budget]:
    """Apply the caps to the PDF read inside; a passed cap becomes an :class:`InputError`."""
    budget = Budget()
    token = _ACTIVE.set(budget)
    try:
        yield budget
    except CapExceeded as exc:
        raise InputError(exc.key, path=path, **exc.values) from None
    finally:
        _ACTIVE.reset(token)


def _budget() -> Budget:
    budget = _ACTIVE.get()
    return budget if budget is not None else Budget()


# --- the pre-scan of streams ---------------------------------------------------------------


def scan(data: bytes) -> None:
    """Decode every stream of the raw file within the caps, before PDFium reads any.

    Streams are found by their keywords, not through the cross-reference
    table, so a stream the table hides is counted too. A stream whose
    filters fail to decode (encrypted, damaged) counts as its stored bytes;
    PDFium reports the damage, if it matters, when it reads the file.
    A stream counts as drawing unless it is an image, a font program or
    metadata *and* nothing makes PDFium parse it as drawing (see
    :func:`_drawing_numbers`): a dictionary alone could lie. An encrypted
    file is refused: its streams cannot be measured without decrypting them.
    """
    if _ENCRYPT.search(data):
        # Encrypted streams cannot be measured here, and PDFium would inflate them
        # unbounded (it opens a file whose user password is empty): refused.
        raise CapExceeded("input.pdf_encrypted")
    budget = _budget()
    streams: list[_Stream] = []
    objects: list[bytes] = [data]
    for match in _STREAM.finditer(data):
        # Every "stream" keyword counts, even one in other data: a comment may stand
        # between a dictionary and its stream, and counting more is safe.
        head = data[max(0, match.start() - _DICT_WINDOW) : match.start()]
        header = list(_OBJ.finditer(head))
        number = int(header[-1].group(1)) if header else -1
        head = head[header[-1].end() :] if header else head
        body = data[match.end() : _stream_end(data, match.end(), head)]
        keep = MAX_STREAM if _OBJECT_STREAM.search(head) else MAX_CONTENT
        decoded = _decode(head, body, budget, keep)
        if isinstance(decoded, int):
            streams.append(_Stream(number, head, decoded, None))
            continue
        if _OBJECT_STREAM.search(head):
            objects.append(decoded)  # compressed objects: page dictionaries may be here
        streams.append(_Stream(number, head, len(decoded), decoded))
    _charge_drawing(streams, objects, budget)


def _stream_end(data: bytes, start: int, head: bytes) -> int:
    """Where a stream's data may end: the furthest of its /Length and its first "endstream".

    PDFium reads /Length bytes when "endstream" follows them, else up to an
    "endstream"; data inside a stream (a stored Deflate block) can hold a
    false "endstream", so the longer reading is measured. A /Length that
    refers to an object not found in the raw file means: to the file's end.
    """
    end = data.find(b"endstream", start)
    end = len(data) if end < 0 else end
    if data[end - 2 : end] == b"\r\n" and end - 2 >= start:
        end -= 2  # the end of line before "endstream" is not data
    elif data[end - 1 : end] in (b"\n", b"\r") and end - 1 >= start:
        end -= 1
    found = _LENGTH.search(head)
    if found and found.group(2):  # an indirect length: the object holds the number
        value = re.search(rb"(?<!\d)%s\s+\d+\s+obj\s*(\d+)" % found.group(1), data)
        return len(data) if value is None else max(end, min(len(data), start + int(value[1])))
    return max(end, min(len(data), start + int(found.group(1)))) if found else end


def _charge_drawing(streams: list[_Stream], objects: list[bytes], budget: Budget) -> None:
    """Charge the drawing streams, and what drawing forms again and again may cost.

    PDFium parses a form each time it is drawn (``Do``): 200 draws of a form
    of 40,000 glyphs ran for over 100 s in one call. Each draw is charged as
    if it drew the largest form, and forms that draw forms multiply: with
    ``m`` draws at most in one form and ``n`` forms (a chain cannot repeat a
    form), the page's draws become at most ``1 + m + ... + m**(n-1)`` times
    as many.
    """
    drawing = _drawing_numbers(objects)
    fonts = {int(n) for text in objects for n in _FONT_FILE.findall(text)}
    page_draws = most_in_form = forms = largest_form = 0
    for found in streams:
        exempt = found.number in fonts or bool(_NOT_DRAWING.search(found.head))
        form = bool(_FORM.search(found.head))
        if found.number in drawing or form or not exempt:
            budget.draw(found.size)
            data = found.data
            draws = len(_DO.findall(data)) if data is not None else found.size // 6
            if form:
                forms += 1
                most_in_form = max(most_in_form, draws)
                largest_form = max(largest_form, found.size)
            else:
                page_draws += draws
    if largest_form:
        budget.redraw(largest_form * page_draws * _chain(most_in_form, forms))


def _chain(fan_out: int, forms: int) -> int:
    """``1 + m + ... + m**(n-1)``, stopped once past :data:`MAX_DRAWING` (already too much)."""
    total = term = 1
    for _ in range(forms - 1):
        term *= fan_out
        total += term
        if total > MAX_DRAWING or term == 0:
            break
    return total


def _drawing_numbers(texts: list[bytes]) -> set[int]:
    """Object numbers PDFium parses as drawing instructions: contents and glyph procedures.

    ``/Contents 7 0 R`` may name an array object, so the references inside
    object 7, wherever it is written, count too. Object numbers are matched
    without their generation: a stricter reading could only count more.
    """
    direct: set[int] = set()
    for text in texts:
        for value in _CONTENTS.findall(text):
            direct.update(int(n) for n in _REF.findall(value))
        for procs in _CHAR_PROCS.findall(text):
            direct.update(int(n) for n in _REF.findall(procs))
    found = set(direct)
    for number in direct:
        header = re.compile(rb"%d\s+\d+\s+obj\b" % number)  # a literal start: fast
        for text in texts:
            for match in header.finditer(text):
                if text[match.start() - 1 : match.start()].isdigit():
                    continue  # the end of a longer number
                body = text[match.end() : match.end() + _DICT_WINDOW].split(b"endobj", 1)[0]
                if body.lstrip().startswith(b"["):
                    found.update(int(n) for n in _REF.findall(body.split(b"]", 1)[0]))
    return found


def _decode(head: bytes, body: bytes, budget: Budget, keep: int) -> int | bytes:
    """The stream's decoded bytes, or only their count (RunLength, LZW, image codecs, or
    more than ``keep`` bytes), charged to the budget as they are decoded."""
    found = _FILTER.search(head)
    if found and _REF.fullmatch(found.group(1)):
        return _largest(body, budget)  # the filters are in another object: assume the worst
    filters = [n.decode("latin-1") for n in _NAME.findall(found.group(1))] if found else []
    data = body
    for name in filters:
        if name in ("ASCIIHexDecode", "AHx"):
            data = _ascii_hex(data)
        elif name in ("ASCII85Decode", "A85"):
            data = _ascii85(data)
        elif name in ("FlateDecode", "Fl"):
            return _inflate(data, budget, keep)
        elif name in ("RunLengthDecode", "RL"):
            return _run_length_size(data, budget)
        elif name in ("LZWDecode", "LZW"):
            return _lzw_size(data, budget, early=not _LATE_CHANGE.search(head))
        else:  # image codecs and Crypt: not expanded for reading text
            budget.charge(len(data), len(data))
            return len(data)
    budget.charge(len(data), len(data))
    return data


def _largest(body: bytes, budget: Budget) -> int:
    """The largest size the stream's data decodes to under any filter chain PDFium reads
    for text (each attempt is charged, so the caps hold for all of them together)."""
    sizes = [len(body)]
    for data in (body, _ascii_hex(body), _ascii85(body)):
        inflated = _inflate(data, budget, 0)
        sizes.append(inflated if isinstance(inflated, int) else len(inflated))
    sizes.append(_run_length_size(body, budget))
    sizes.append(_lzw_size(body, budget))
    sizes.append(_lzw_size(body, budget, early=False))
    return max(sizes)


def _ascii_hex(data: bytes) -> bytes:
    """ASCIIHexDecode (output half the input): whitespace ignored, ``>`` ends, odd digit padded."""
    digits = bytes(b for b in data.split(b">", 1)[0] if b not in b" \t\r\n\f\x00")
    try:
        return unhexlify(digits + b"0" * (len(digits) % 2))
    except ValueError:
        return data


def _ascii85(data: bytes) -> bytes:
    """ASCII85Decode (output at most the input), or the data itself when it is not ASCII85."""
    text = data.strip()
    text = text[2:] if text.startswith(b"<~") else text
    try:
        return a85decode(text.split(b"~>", 1)[0], adobe=False, ignorechars=b" \t\r\n\f\x00")
    except ValueError:
        return data


def _inflate(data: bytes, budget: Budget, keep: int) -> int | bytes:
    """Inflate in steps of :data:`_STEP` output bytes, charging each; stop at the end or
    at an error (a damaged stream keeps what was inflated before it).

    The bytes are kept up to ``keep`` bytes; past that only their count is.
    """
    inflater = zlib.decompressobj()
    size = 0
    pieces: list[bytes] | None = []
    try:
        while True:
            piece = inflater.decompress(data, _STEP)
            size += len(piece)
            budget.charge(size, len(piece))
            if size > keep:
                pieces = None
            elif pieces is not None:
                pieces.append(piece)
            data = inflater.unconsumed_tail
            if inflater.eof or (not data and len(piece) < _STEP):
                break
    except zlib.error:
        pass
    return size if pieces is None else b"".join(pieces)


def _run_length_size(data: bytes, budget: Budget) -> int:
    """RunLengthDecode (PDF 32000-1, 7.4.5): count the run lengths, charging every MiB."""
    size = charged = 0
    at = 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        size += length + 1 if length < 128 else 257 - length
        at += 1 + (length + 1 if length < 128 else 1)
        if size - charged >= _STEP:
            budget.charge(size, size - charged)
            charged = size
    budget.charge(size, size - charged)
    return size


def _lzw_size(data: bytes, budget: Budget, early: bool = True) -> int:
    """LZWDecode (PDF 32000-1, 7.4.4, early change): count the decoded bytes, charging each MiB.

    Only each table entry's length is kept, so counting a bomb costs no memory.
    """
    lengths: list[int] = []
    size = charged = 0
    bits, buffer, width, previous = 0, 0, 9, -1
    for byte in data:
        buffer = (buffer << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:  # clear table
                lengths, width, previous = [], 9, -1
                continue
            if code == 257:  # end of data
                budget.charge(size, size - charged)
                return size
            if code < 256:
                length = 1
            elif code - 258 < len(lengths):
                length = lengths[code - 258]
            elif previous >= 0:
                length = previous + 1
            else:
                return size  # a broken code: PDFium stops here too
            if previous >= 0:
                lengths.append(previous + 1)
            previous = length
            size += length
            width = _code_width(len(lengths) + 258 - (not early))
            if size - charged >= _STEP:
                budget.charge(size, size - charged)
                charged = size
    budget.charge(size, size - charged)
    return size


def _code_width(next_code: int) -> int:
    """Bits per LZW code once the table holds ``next_code`` entries (early change)."""
    return 9 if next_code < 511 else 10 if next_code < 1023 else 11 if next_code < 2047 else 12


# --- counts while reading ------------------------------------------------------------------


def check_declared_pages(count: int) -> None:
    """Refuse a document of more than :data:`MAX_PAGES` pages before its first page is read."""
    if count > MAX_PAGES:
        raise CapExceeded("input.pdf_too_many_pages", limit=MAX_PAGES)


def count_page(number: int) -> None:
    """Start on page ``number``; refuse the document past :data:`MAX_PAGES`."""
    if number > MAX_PAGES:
        raise CapExceeded("input.pdf_too_many_pages", limit=MAX_PAGES)
    _budget().page = number


def check_glyphs(count: int, page: int) -> None:
    """Refuse a page of more than :data:`MAX_GLYPHS` glyphs before they are read one by one."""
    if count > MAX_GLYPHS:
        raise CapExceeded("input.pdf_too_many_glyphs", page=page, limit=MAX_GLYPHS)


class PathCounter:
    """Counts one page's paths (subpaths) and segments; refuses past the caps."""

    def __init__(self, page: int) -> None:
        self.page = page
        self.paths = 0
        self.total_segments = 0

    def path(self) -> None:
        self.paths += 1
        if self.paths > MAX_PATHS:
            raise CapExceeded("input.pdf_too_many_paths", page=self.page, limit=MAX_PATHS)

    def form(self) -> None:
        """A form drawn on the page counts as a path: forms nest, and each is walked."""
        self.path()

    def segments(self, count: int) -> None:
        self.total_segments += count
        if self.total_segments > MAX_SEGMENTS:
            raise CapExceeded("input.pdf_too_many_paths", page=self.page, limit=MAX_PATHS)


__all__ = [
    "MAX_CONTENT",
    "MAX_DOCUMENT",
    "MAX_DRAWING",
    "MAX_GLYPHS",
    "MAX_PAGES",
    "MAX_PATHS",
    "MAX_STREAM",
    "Budget",
    "CapExceeded",
    "PathCounter",
    "bounded",
    "check_declared_pages",
    "check_glyphs",
    "count_page",
    "scan",
]
