"""Caps on what a PDF may cost to read: inflated bytes, pages, glyphs and paths.

A PDF is a small file that describes a large amount of work. Unbounded, a
1 MB file whose content stream inflates to 1 GiB peaked at 2.1 GB of memory,
20,000 pages took 66 s and 400,000 glyphs on one page 197 s. The real reports
have fewer than 60 pages, under 1,000 glyphs and 200 drawn paths a page and
under 0.5 MiB per inflated stream (a fully embedded CJK font reaches about
20 MiB), so the caps below are far above any report and far below harm.

Every cap is enforced *while* the work happens, never after it:

- **Inflated bytes** (:data:`MAX_STREAM` per stream, :data:`MAX_DOCUMENT` per
  document): pdfminer's Flate, LZW and RunLength decoders are replaced, in
  ``pdfminer.pdftypes`` only, by versions that produce at most
  :data:`_STEP` bytes per C call and charge them to the document's
  :class:`Budget`; past a cap the next call stops. Outside :func:`bounded`
  (pdfminer used by someone else in the same process) they behave exactly as
  the originals.
- **Pages** (:data:`MAX_PAGES`): the page tree's declared count is checked
  first, and the pages are counted as the tree is walked, so the pages past
  the cap are never built (:func:`count_page`).
- **Glyphs and paths per page** (:data:`MAX_GLYPHS`, :data:`MAX_PATHS`):
  counted by the layout device as pdfminer interprets the page, so a page is
  abandoned at the first glyph over the cap, not after its layout is built.
- **Parsing** (:data:`MAX_CONTENT` content bytes per page, forms drawn on
  it included; :data:`MAX_TOKENS` tokens per document in any of pdfminer's
  parsers; :data:`MAX_NESTING` open arrays and dictionaries). Tokenizing is
  pdfminer's slow part: under the inflation caps, a page of 64 MiB of ``[``
  or NUL bytes would take minutes and gigabytes before drawing anything.

A cap raises :class:`CapExceeded`, a ``BaseException``: pdfminer and
pdfplumber catch ``Exception`` in places (a bad font, a broken ToUnicode
map) and would otherwise swallow it and go on. The budget is also sticky:
once exceeded, every later charge raises again. :func:`bounded` turns it
into one :class:`~govcheck.errors.InputError` naming the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from io import BytesIO
from types import SimpleNamespace
from typing import Any

from govcheck.errors import InputError

MIB = 1024 * 1024
# Inflated bytes of one stream; a fully embedded CJK font is ~20 MiB.
MAX_STREAM = 64 * MIB
# Inflated bytes of all streams of one document together (pdfminer keeps them all
# until the document is closed): room for several fully embedded CJK fonts.
MAX_DOCUMENT = 128 * MIB
# Pages of one document; real reports have fewer than 60.
MAX_PAGES = 2_000
# Glyphs drawn on one page; a dense page of a real report has about 1,000.
MAX_GLYPHS = 50_000
# Paths (lines, rectangles, curves) drawn on one page; real pages have < 200.
# pdfminer builds an object for each: 50,000 took 6 s.
MAX_PATHS = 10_000
# Content-stream bytes parsed for one page (forms included); real pages have < 64 KiB.
# pdfminer's tokenizer spends up to 5 s per MiB on hostile bytes (a run of NULs).
MAX_CONTENT = 2 * MIB
# Tokens parsed in the whole document by any of pdfminer's parsers (page contents,
# objects, fonts, ToUnicode maps); a real page has < 13,000. Each costs 1-10 us,
# and ~80 bytes while it waits on a stack: 2M operands of "0 " took 30 s.
# The corpus reports have ~7,000 per page: a 60-page report about 420,000.
MAX_TOKENS = 1_000_000
# Arrays and dictionaries open at once; real files nest a few levels. An unclosed
# "[" costs ~190 bytes: 4 MiB of them took 47 s and 740 MiB.
MAX_NESTING = 1_000
# Bytes inflated per C call: small enough that a cap stops a bomb promptly.
_STEP = MIB
# Input bytes fed per step when a damaged Flate stream is read to its last good byte.
_CHUNK = 4096


class CapExceeded(BaseException):  # a signal, turned into an InputError
    """A cap was passed: the message key and its values (without the path)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Budget:
    """Inflated bytes charged so far for one document; sticky once exceeded."""

    inflated: int = 0
    refused: CapExceeded | None = field(default=None)
    # Tokens parsed in the document; the page being read and its content bytes so far.
    tokens: int = 0
    page: int = 0
    content: int = 0

    def parsed(self, content: int) -> None:
        """Count content bytes parsed for the current page; raise past the cap."""
        self.content += content
        if self.content > MAX_CONTENT:
            raise CapExceeded("input.pdf_content_too_large", page=self.page, limit=MAX_CONTENT)

    def token(self) -> None:
        """Count one token parsed; raise past the cap."""
        self.tokens += 1
        if self.tokens > MAX_TOKENS:
            raise CapExceeded("input.pdf_too_many_tokens", limit=MAX_TOKENS)

    def charge(self, stream_total: int, added: int) -> None:
        """Count ``added`` bytes of a stream now ``stream_total`` bytes long; raise past a cap."""
        self.inflated += added
        if self.refused is None and stream_total > MAX_STREAM:
            self.refused = CapExceeded("input.pdf_stream_bomb", limit=MAX_STREAM)
        if self.refused is None and self.inflated > MAX_DOCUMENT:
            self.refused = CapExceeded("input.pdf_document_bomb", limit=MAX_DOCUMENT)
        if self.refused is not None:
            raise self.refused


_ACTIVE: ContextVar[Budget | None] = ContextVar("govcheck_pdf_budget", default=None)


@contextmanager
def bounded(path: str) -> Iterator[Budget]:
    """Apply the caps to the PDF read inside; a passed cap becomes an :class:`InputError`."""
    _install()
    budget = Budget()
    token = _ACTIVE.set(budget)
    try:
        yield budget
        if budget.refused is not None:  # raised once, and swallowed by pdfminer
            raise budget.refused
    except CapExceeded as exc:
        raise InputError(exc.key, path=path, **exc.values) from None
    finally:
        _ACTIVE.reset(token)


def check_declared_pages(declared: object) -> None:
    """Refuse a document whose page tree declares more than :data:`MAX_PAGES` pages.

    The declared /Count can lie either way; :func:`count_page` still counts
    the pages built. This only refuses an honest huge file before its first
    2,000 pages are read.
    """
    if isinstance(declared, int) and declared > MAX_PAGES and _ACTIVE.get() is not None:
        raise CapExceeded("input.pdf_too_many_pages", limit=MAX_PAGES)


def count_page(number: int) -> None:
    """Start counting for page ``number``; refuse the document past :data:`MAX_PAGES`."""
    budget = _ACTIVE.get()
    if budget is None:
        return
    if number > MAX_PAGES:
        raise CapExceeded("input.pdf_too_many_pages", limit=MAX_PAGES)
    budget.page, budget.content = number, 0


class _Sink:
    """Collects one stream's inflated pieces, charging each to the active budget."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.pieces: list[bytes] = []
        self.size = 0

    def inflate(self, inflater: Any, data: bytes) -> None:
        """Feed ``data`` to ``inflater``, at most :data:`_STEP` output bytes per call."""
        while True:
            piece = inflater.decompress(data, _STEP)
            self.add(piece)
            data = inflater.unconsumed_tail
            # A full step may leave output pending with no input left: drain it.
            if not data and (len(piece) < _STEP or inflater.eof):
                return

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        self.pieces.append(piece)
        self.budget.charge(self.size, len(piece))

    def data(self) -> bytes:
        return b"".join(self.pieces)


def _inflate(data: bytes) -> bytes:
    """``zlib.decompress(data)``, bounded: same result, same ``zlib.error`` when broken."""
    budget = _ACTIVE.get()
    if budget is None:
        return zlib.decompress(data)
    inflater = zlib.decompressobj()
    sink = _Sink(budget)
    sink.inflate(inflater, data)
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return sink.data()


def _inflate_damaged(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted``, bounded and linear.

    Like the original, it keeps everything inflated before a bad byte and
    forgives an error only in the last three bytes (a broken checksum). The
    original feeds one byte at a time into a growing string (quadratic);
    here whole chunks go in, and only a chunk that fails is replayed byte
    by byte from a copy of the inflater, to find the byte as the original does.
    """
    from pdfminer import pdftypes

    budget = _ACTIVE.get()
    if budget is None:
        return _original("decompress_corrupted")(data)
    inflater = zlib.decompressobj()
    sink = _Sink(budget)
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        saved = inflater.copy()
        try:
            sink.inflate(inflater, chunk)
        except zlib.error:
            inflater = saved
            for offset in range(len(chunk)):
                try:
                    sink.inflate(inflater, chunk[offset : offset + 1])
                except zlib.error:
                    if start + offset < len(data) - 3:
                        raise
                    pdftypes.logger.warning("Data-loss while decompressing corrupted data")
                    return sink.data()
    return sink.data()


def _lzw(data: bytes) -> bytes:
    """pdfminer's ``lzwdecode``, charging every decoded string as it comes."""
    budget = _ACTIVE.get()
    if budget is None:
        return _original("lzwdecode")(data)
    from pdfminer.lzw import LZWDecoder

    sink = _Sink(budget)
    for piece in LZWDecoder(BytesIO(data)).run():
        sink.add(piece)
    return sink.data()


def _run_length(data: bytes) -> bytes:
    """RunLengthDecode (PDF 32000-1, 7.4.5), bounded; pdfminer's holds an int per byte.

    A run cut short by the end of the data is an error, as in pdfminer's.
    """
    budget = _ACTIVE.get()
    if budget is None:
        return _original("rldecode")(data)
    sink = _Sink(budget)
    at = 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        size = length + 1 if length < 128 else 1
        if at + 1 + size > len(data):
            raise ValueError("RunLengthDecode data ends inside a run")
        run = data[at + 1 : at + 1 + size]
        sink.add(run if length < 128 else run * (257 - length))
        at += 1 + size
    return sink.data()


_ORIGINALS: dict[str, Any] = {}


def _original(name: str) -> Callable[[bytes], bytes]:
    """pdfminer's own decoder ``name``, for a caller outside :func:`bounded`."""
    decoder: Callable[[bytes], bytes] = _ORIGINALS[name]
    return decoder


def _install() -> None:
    """Put the bounded decoders into ``pdfminer.pdftypes`` and the counting device into
    ``pdfplumber.page`` (once per process)."""
    if _ORIGINALS:
        return
    from pdfminer import pdfinterp, pdftypes, psparser
    from pdfplumber import page

    shim = SimpleNamespace(decompress=_inflate, decompressobj=zlib.decompressobj, error=zlib.error)
    bounded_names = {
        "zlib": shim,
        "decompress_corrupted": _inflate_damaged,
        "lzwdecode": _lzw,
        "rldecode": _run_length,
    }
    for name, replacement in bounded_names.items():
        _ORIGINALS[name] = getattr(pdftypes, name)
        setattr(pdftypes, name, replacement)
    device = "PDFPageAggregatorWithMarkedContent"
    setattr(page, device, _counting_device(getattr(page, device)))
    parser = "PDFContentParser"
    setattr(pdfinterp, parser, _counting_parser(getattr(pdfinterp, parser)))
    _count_tokens(psparser.PSBaseParser, psparser.PSStackParser)


def _count_tokens(base: type[Any], stack: type[Any]) -> None:
    """Make every pdfminer parser count its tokens and refuse deep nesting.

    Patched on the base classes, since the parsers of objects, fonts and
    ToUnicode maps are created deep inside pdfminer.
    """
    next_token = base.nexttoken
    start_type = stack.start_type

    def counted_next_token(self: Any) -> Any:
        budget = _ACTIVE.get()
        if budget is not None:
            budget.token()
        return next_token(self)

    def bounded_start_type(self: Any, pos: int, kind: str) -> None:
        if len(self.context) >= MAX_NESTING and _ACTIVE.get() is not None:
            raise CapExceeded("input.pdf_too_deep", limit=MAX_NESTING)
        start_type(self, pos, kind)

    base.nexttoken = counted_next_token
    stack.start_type = bounded_start_type


def _counting_device(base: type[Any]) -> type[Any]:
    """pdfplumber's layout device, counting glyphs and paths as pdfminer draws them."""

    class CountingDevice(base):  # type: ignore[misc]
        glyphs = 0
        paths = 0

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.glyphs += 1
            if self.glyphs > MAX_GLYPHS and _ACTIVE.get() is not None:
                raise CapExceeded("input.pdf_too_many_glyphs", page=self.pageno, limit=MAX_GLYPHS)
            advance: float = super().render_char(*args, **kwargs)
            return advance

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            self.paths += 1
            if self.paths > MAX_PATHS and _ACTIVE.get() is not None:
                raise CapExceeded("input.pdf_too_many_paths", page=self.pageno, limit=MAX_PATHS)
            super().paint_path(*args, **kwargs)

    CountingDevice.__name__ = base.__name__
    return CountingDevice


def _counting_parser(base: type[Any]) -> type[Any]:
    """pdfminer's content-stream parser, counting the bytes it parses for the page."""

    class CountingParser(base):  # type: ignore[misc]
        def fillfp(self) -> bool:
            opened: bool = super().fillfp()
            budget = _ACTIVE.get()
            if opened and budget is not None:
                with self.fp.getbuffer() as view:
                    budget.parsed(view.nbytes)
            return opened

    CountingParser.__name__ = base.__name__
    return CountingParser


__all__ = [
    "MAX_CONTENT",
    "MAX_DOCUMENT",
    "MAX_GLYPHS",
    "MAX_NESTING",
    "MAX_PAGES",
    "MAX_PATHS",
    "MAX_STREAM",
    "MAX_TOKENS",
    "Budget",
    "CapExceeded",
    "bounded",
    "check_declared_pages",
    "count_page",
]
