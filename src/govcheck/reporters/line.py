"""``--format line``: ``path:line:col: GC301 error message``, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from govcheck.findings import RunResult
from govcheck.i18n import Lang


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """One finding per line, sorted by path, line, column and rule."""
    for file in result.files:
        for f in file.findings:
            out.write(f"{file.path}:{f.line}:{f.column}: {f.rule} {f.severity.value} {f.message}\n")
