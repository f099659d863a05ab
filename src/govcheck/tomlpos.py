"""Positions in TOML text, which tomllib does not keep.

A validation error says ``rule[3].lhs`` or ``waiver[1].reason``; users need a
line. We find the n-th ``[[…rule]]`` header (also ``[[tool.govcheck.waiver]]``
in pyproject.toml) and the key below it, the way vale annotates YAML errors.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def line_of(text: str, array: str | None, index: int | None, key: str) -> int:
    """1-based line of ``key`` in the index-th ``[[array]]`` table (or top level); 0 if unknown."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    if array is not None and index is not None:
        header = re.compile(rf"^\s*\[\[\s*(?:[\w.-]+\.)?{re.escape(array)}\s*\]\]")
        headers = [n for n, line in enumerate(lines) if header.match(line)]
        if index < len(headers):
            start = headers[index]
            end = headers[index + 1] if index + 1 < len(headers) else len(lines)
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=") if key else None
    for number in range(start, end):
        if pattern and pattern.match(lines[number]):
            return number + 1
    return start + 1 if array is not None and index is not None else 0


def syntax_error_line(message: str) -> int:
    """The line in a TOMLDecodeError message ("… (at line N, column M)"); 0 if absent."""
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else 0


# Deeper nesting makes tomllib (which recurses) fail with RecursionError.
TOO_DEEP = "arrays or inline tables nested too deeply"


def nesting_line(text: str, depth: int = 100) -> int:
    """The line where arrays and inline tables first nest ``depth`` deep; 0 if they never do.

    For the message when tomllib gives up with RecursionError, which carries
    no position. Quoted strings are skipped; comments and escapes are not
    considered, which is close enough to point at the culprit.
    """
    level, line, quote = 0, 1, ""
    for ch in text:
        if ch == "\n":
            line += 1
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            level += 1
            if level >= depth:
                return line
        elif ch in "]}":
            level -= 1
    return 0


def did_you_mean(key: str, choices: Iterable[str]) -> str:
    """A suggestion suffix for an unknown key, or the empty string."""
    close = difflib.get_close_matches(key, list(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
