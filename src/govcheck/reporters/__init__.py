"""Stage 4 of the pipeline: a RunResult rendered for people or machines.

Adding a format means one module and one entry in :data:`REPORTERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TextIO

from govcheck.findings import RunResult
from govcheck.i18n import Lang
from govcheck.reporters import console, github, json_report, junit, line, sarif

Renderer = Callable[[RunResult, TextIO, Lang], None]


class Format(StrEnum):
    RICH = "rich"
    LINE = "line"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"


REPORTERS: dict[Format, Renderer] = {
    Format.RICH: console.render,
    Format.LINE: line.render,
    Format.JSON: json_report.render,
    Format.SARIF: sarif.render,
    Format.GITHUB: github.render,
    Format.JUNIT: junit.render,
}

# Formats meant for programs: statistics go to stderr so stdout stays parseable.
MACHINE_FORMATS = frozenset({Format.JSON, Format.SARIF, Format.JUNIT})
