"""Plain-text loading: encoding detection and line splitting.

Clerks save reports from Word or WPS on Windows, so GB18030/GBK and UTF-16
with a BOM are as common as UTF-8. We detect the encoding without being told:
a BOM decides; otherwise UTF-8 is tried strictly, then GB18030. Anything that
still looks binary afterwards is refused rather than guessed at.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from govcheck.errors import InputError

# A report is a few hundred kilobytes; anything far larger is not a report and
# is refused before it is read into memory.
MAX_BYTES = 32 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F)
# other than the whitespace ones, and U+FFFD, the mark of undecodable bytes.
_BINARY_CHAR = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Share of control or replacement characters above which text is "binary".
_BINARY_RATIO = 0.01


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of the report in reading order: a line of prose or one table cell.

    ``line`` is the 1-based line that findings point at (for HTML the source
    line, for Word and PDF the line of the extracted text). ``cell`` marks a
    cell of a real table, where an empty text is a meaningful blank cell;
    in plain text an empty line is only layout and never becomes a unit.
    ``page`` is the 1-based page of a PDF unit (0 where a form has no pages).
    """

    text: str
    line: int
    cell: bool = False
    column: int = 1
    page: int = 0


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded report: its lines exactly as written (no line ends) and its units."""

    path: str
    encoding: str
    lines: tuple[str, ...]
    units: tuple[Unit, ...] = ()
    form: str = "text"

    def reading_units(self) -> tuple[Unit, ...]:
        """The units, or one unit per non-blank line for plain text."""
        if self.units:
            return self.units
        return tuple(Unit(raw, n) for n, raw in enumerate(self.lines, 1) if raw.strip())


def decode(data: bytes, path: str) -> SourceText:
    """Decode report bytes, detecting the encoding; split on CRLF, CR and LF only."""
    encoding, content = _decode_bytes(data, path)
    if not content.strip():
        raise InputError("input.empty", path=path)
    if _looks_binary(content):
        raise InputError("input.binary", path=path)
    lines = _LINE_BREAK.split(content)
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(path=path, encoding=encoding, lines=tuple(lines))


def _decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    if not data:
        raise InputError("input.empty", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return encoding, data.decode(encoding)
            except UnicodeDecodeError as exc:
                key = "input.truncated" if cut_off(exc) else "input.undecodable"
                raise InputError(key, path=path, encoding=encoding) from exc
    if b"\x00" in data:
        raise InputError("input.binary", path=path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError as exc:
            if cut_off(exc):
                raise InputError("input.truncated", path=path) from exc
    raise InputError("input.undecodable", path=path, encoding="UTF-8/GB18030")


def cut_off(exc: UnicodeDecodeError) -> bool:
    """Whether the bytes were valid up to a character cut short by the end of the file.

    That is a file cut off by an interrupted download or copy. It is refused
    as such: the GB18030 fallback would read a cut-off UTF-8 file as mojibake
    without complaint, and "cannot decode" would send the clerk looking for an
    encoding problem that is not there.
    """
    return exc.reason in ("unexpected end of data", "truncated data") and exc.end == len(exc.object)


def _looks_binary(content: str) -> bool:
    sample = content[:65536]
    bad = sum(1 for _ in _BINARY_CHAR.finditer(sample))
    return bad > max(2, len(sample) * _BINARY_RATIO)
