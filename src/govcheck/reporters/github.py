"""``--format github``: workflow commands that GitHub Actions shows as annotations.

Chosen automatically when the GITHUB_ACTIONS environment variable is set and
no format is given. Values are first made inert as on every line govcheck
writes (:func:`~govcheck.textsafe.one_line`: no line break, control or
command can get through), then escaped as the workflow-command syntax needs.
"""

from __future__ import annotations

from typing import TextIO

from govcheck.findings import RunResult, Severity
from govcheck.i18n import Lang
from govcheck.reporters.place import with_place
from govcheck.textsafe import one_line

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(value: str) -> str:
    """Message text: one inert line, with ``%`` spelled as the runner reads it back."""
    return one_line(value).replace("%", "%25")


def _escape_property(value: str) -> str:
    """A property value: also no ``:`` or ``,``, which end a property."""
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """One ``::error file=…,line=…,col=…,title=…::message`` line per finding."""
    for file in result.files:
        for f in file.findings:
            props = ",".join(
                [
                    f"file={_escape_property(file.path)}",
                    f"line={f.line}",
                    f"col={f.column}",
                    f"title={_escape_property(f'{f.rule} {f.name}')}",
                ]
            )
            out.write(f"::{_COMMAND[f.severity]} {props}::{_escape_data(with_place(f, lang))}\n")
