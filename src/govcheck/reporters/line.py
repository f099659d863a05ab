"""``--format line``: ``path:line:col: GC301 error message — fix: …``, for editors and grep.

Each finding stays one line, its rule's fix text appended after the message
(an em dash, the localised label "fix:", the text), so that every consumer
of ``path:line:col: id severity`` (editors' problem matchers, grep,
pre-commit) keeps working. For a Word file, PDF or web page the message
ends with the place a reader finds (``（位置：表三「予以公开」行「自然人」列，第3页）``). Rules that
could not be assessed come first, one line per file and reason, shaped
``path: …`` without a line and column, so that no consumer takes them for
findings.
"""

from __future__ import annotations

from typing import TextIO

from govcheck.findings import RunResult
from govcheck.i18n import Lang, text
from govcheck.reporters.digest import unassessed
from govcheck.reporters.place import with_place
from govcheck.textsafe import one_line


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """What could not be assessed, then one finding per line, sorted by path, line, column and rule.

    Each line goes through :func:`~govcheck.textsafe.one_line`: a file name,
    message or fix text cannot break it in two, move the cursor or start a CI
    command.
    """
    for file in result.files:
        for group in unassessed(file):
            out.write(one_line(f"{file.path}: {group.describe(lang)}") + "\n")
    for file in result.files:
        for f in file.findings:
            fix = text("ui.line_fix", lang, fix=f.fix) if f.fix else ""
            message = with_place(f, lang)
            line = f"{file.path}:{f.line}:{f.column}: {f.rule} {f.severity.value} {message}{fix}"
            out.write(one_line(line) + "\n")
