"""``--format line``: ``path:line:col: GC301 error message``, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from govcheck.findings import RunResult
from govcheck.i18n import Lang
from govcheck.textsafe import one_line


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """One finding per line, sorted by path, line, column and rule.

    The line goes through :func:`~govcheck.textsafe.one_line`: a file name or
    message cannot break it in two, move the cursor or start a CI command.
    """
    for file in result.files:
        for f in file.findings:
            line = f"{file.path}:{f.line}:{f.column}: {f.rule} {f.severity.value} {f.message}"
            out.write(one_line(line) + "\n")
