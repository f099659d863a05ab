"""Text from reports, file names and configurations, made inert for every output.

A report title, a table cell, a file name or a key in a configuration file is
written by someone else, and govcheck prints it into places that act on what
they read: a terminal runs escape sequences (an OSC 52 clipboard write, a
cursor-up that hides the previous line), GitHub Actions runs workflow
commands (``::stop-commands::`` silences every later annotation), a
spreadsheet runs formulas (``=HYPERLINK(…)``), an XML parser rejects a whole
JUnit report for one control character, and a file name that is not UTF-8
makes a whole JSON or SARIF document undecodable. Every output escapes such
text here, in one way, so that no format is left behind:

- :func:`one_line`: a value shown on one line of text (stderr, ``line``,
  ``github``, ``rich``, JUnit): controls, line breaks, bidi overrides and
  undecodable bytes become visible escapes (``\\x1b``, ``\\n``, ``\\u202e``,
  ``\\xff``), and workflow commands cannot start;
- :func:`xml_text`: text for XML or HTML that may span lines: the same
  escapes, tab and newline kept;
- :func:`markup_text`: that text as HTML (or XML) markup, for character data
  and attribute values alike; tab, newline and the ``[`` of ``##[`` become
  character references, so no raw line of the page can start a CI command;
- :func:`csv_field`: a field that a spreadsheet will not run as a formula,
  one line as by :func:`one_line` (a CSV printed to a CI log is lines too);
- :func:`json_text`: JSON as :mod:`json` writes it (controls escaped), with
  the rest escaped too: C1 controls, bidi overrides and the ``[`` of ``##[``
  as ``\\u`` escapes (the parsed value is unchanged) and undecodable bytes
  as ``\\xNN`` text;
- :func:`uri_reference`: a path as a percent-encoded relative URI (SARIF).

The escapes are Python's own spelling, so a name reads as ``repr`` would show
it. A backslash is left as it is (Windows paths stay readable), which makes a
literal ``\\x1b`` in a name look like an escaped ESC: both are inert.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from html import escape
from urllib.parse import quote

# Shown escaped wherever text is shown: C0 controls, DEL, C1 controls, the
# bidi marks, embeddings, overrides and isolates that reorder what is shown
# (Trojan Source), the Unicode line and paragraph separators, surrogates (a
# file name's bytes that are not UTF-8, kept by Python as U+DC80..U+DCFF) and
# the two non-characters that XML 1.0 forbids besides the controls. (Plain
# character classes: a lookahead would make every scan several times slower.)
_BEYOND_C0 = (
    "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
)
_ONE_LINE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
# Multi-line text keeps tab and newline, the two that XML and HTML allow and show.
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

# What json leaves raw (it escapes only C0 controls, quote and backslash).
_JSON_RAW = re.compile(f"[{_BEYOND_C0}]")

# What a spreadsheet takes as the start of a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _visible(char: str) -> str:
    """One character as the escape that shows it."""
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _json_escape(char: str) -> str:
    if "\ud800" <= char <= "\udfff":  # not a character: its escape, as text
        return _visible(char).replace("\\", "\\\\")
    return f"\\u{ord(char):04x}"


@cache
def _table(which: str) -> dict[int, str]:
    """The ``str.translate`` table for one of the patterns, built on first use.

    Translating is done in C, ~30x faster than a Python call per match, so a
    hostile line of millions of controls costs a fraction of a second; the
    tables (~2,100 entries each) are built only when hostile text occurs, so
    start-up pays nothing.
    """
    pattern, escape_of = _PATTERNS[which]
    codes = [*range(0x20), *range(0x7F, 0xA0), 0x61C, 0x200E, 0x200F, 0x2028, 0x2029]
    codes += [*range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]
    codes += [0xFFFE, 0xFFFF]
    return {code: escape_of(chr(code)) for code in codes if pattern.fullmatch(chr(code))}


_PATTERNS: dict[str, tuple[re.Pattern[str], Callable[[str], str]]] = {
    "one_line": (_ONE_LINE, _visible),
    "multi_line": (_MULTI_LINE, _visible),
    "json": (_JSON_RAW, _json_escape),
}


def _uncommand(text: str) -> str:
    """``text`` with no ``::``, no ``##[`` and no ``:`` after its leading white space.

    GitHub's runner takes a line as a workflow command when it starts with
    ``::`` after leading white space, and (its legacy form) when ``##[``
    stands anywhere in it; so a value can begin no command wherever it stands.
    """
    text = text.replace("::", ":\\x3a").replace("##[", "##\\x5b")
    body = text.lstrip()  # the runner trims the same (Unicode) white space
    if body.startswith(":"):
        text = text[: len(text) - len(body)] + "\\x3a" + body[1:]
    return text


def one_line(value: object) -> str:
    """``value`` as inert text on one line of output (terminal, stderr, CI log).

    Every character that a terminal, a CI log or a line-oriented reader would
    act on is shown as an escape, so one finding or one error stays one line
    and shows exactly what the file says; and no workflow command can start.
    """
    text = str(value)
    if _ONE_LINE.search(text):
        text = text.translate(_table("one_line"))
    if "::" in text or "##[" in text or text.lstrip().startswith(":"):
        text = _uncommand(text)
    return text


def xml_text(value: object) -> str:
    """``value`` with the escapes of :func:`one_line` except tab and newline.

    For text in XML and HTML (which markup escaping then handles): what XML
    1.0 forbids can no longer make the document ill-formed, and bidi
    overrides cannot reorder what the page shows.
    """
    text = str(value)
    return text.translate(_table("multi_line")) if _MULTI_LINE.search(text) else text


def markup_text(value: object) -> str:
    """``value`` as HTML or XML markup: :func:`xml_text`, then escaped, quotes included.

    Safe as character data and as an attribute value. Tab and newline are
    written as character references, which a browser or parser reads back
    as the same characters, so a value never begins a raw line of the page;
    ``##[`` is written ``##&#91;`` for the same reason (GitHub's legacy
    workflow commands are matched anywhere in a line).
    """
    text = str(value)
    if _MULTI_LINE.search(text):  # rare: skip the substitution's set-up otherwise
        text = text.translate(_table("multi_line"))
    marked = escape(text, quote=True)
    if "\t" in marked or "\n" in marked:
        marked = marked.replace("\t", "&#9;").replace("\n", "&#10;")
    return marked.replace("##[", "##&#91;") if "##[" in marked else marked


def json_text(encoded: str) -> str:
    """JSON text (all or part of a document, as :mod:`json` wrote it) made inert.

    Outside its strings JSON is ASCII, so each character replaced here stands
    in a string. A C1 control, a bidi override, a line separator or the
    ``[`` of ``##[`` becomes a ``\\u`` escape, which parses back to the same
    value but reaches no terminal or CI log raw. A file name's undecodable
    byte (a surrogate, which no UTF-8 encoder accepts) becomes the text
    ``\\xNN``, as on every other output.
    """
    if not encoded.isascii() and _JSON_RAW.search(encoded):
        encoded = encoded.translate(_table("json"))
    # Outside strings JSON has no "#", so "##[" stands in a string: \u005b is its "[".
    return encoded.replace("##[", "##\\u005b") if "##[" in encoded else encoded


def csv_field(value: object) -> object:
    """A CSV field that a spreadsheet shows as text rather than runs as a formula.

    A text that starts with ``= + - @``, a tab or a carriage return gets a
    leading ``'`` (a spreadsheet then shows it as it is); a plain number such
    as ``-3`` or ``+1.5`` is left a number. Other values (numbers, None) are
    returned unchanged. The text is shown as by :func:`one_line`: a CSV
    written to standard output is read by terminals and CI logs too.
    """
    if not isinstance(value, str):
        return value
    text = one_line(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def uri_reference(path: str) -> str:
    """``path`` (``/``-separated) as a relative URI reference, percent-encoded.

    The path's own bytes are encoded (undecodable ones included), so the
    reference names exactly the file; ``/`` stays a separator. ``:`` is
    encoded too, so a first segment never reads as a URI scheme.
    """
    raw = path.encode("utf-8", "surrogateescape")
    return quote(raw, safe="/")
