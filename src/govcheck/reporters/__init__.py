"""Stage 4 of the pipeline: a RunResult rendered for people or machines.

Adding a format means one module and one entry in :data:`_MODULES`. Modules
are imported only when their format is used, so ``--format json`` never
pays for rich.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from importlib import import_module
from typing import TextIO

from govcheck.findings import RunResult
from govcheck.i18n import Lang

Renderer = Callable[[RunResult, TextIO, Lang], None]


class Format(StrEnum):
    RICH = "rich"
    LINE = "line"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"
    JSONL = "jsonl"
    HTML = "html"
    CSV = "csv"


# Format → module under govcheck.reporters that defines render(result, out, lang).
_MODULES: dict[Format, str] = {
    Format.RICH: "console",
    Format.LINE: "line",
    Format.JSON: "json_report",
    Format.SARIF: "sarif",
    Format.GITHUB: "github",
    Format.JUNIT: "junit",
    Format.JSONL: "jsonl",
    Format.HTML: "html_report",
    Format.CSV: "csv_report",
}

# Formats that are whole documents (for programs or a browser): statistics go to
# stderr so stdout stays parseable, and an empty run still renders one.
MACHINE_FORMATS = frozenset(
    {Format.JSON, Format.SARIF, Format.JUNIT, Format.HTML, Format.JSONL, Format.CSV}
)


def renderer(fmt: Format) -> Renderer:
    """The render function for ``fmt``, importing its module on first use."""
    module = import_module(f"govcheck.reporters.{_MODULES[fmt]}")
    render: Renderer = module.render
    return render


class _Registry(dict[Format, Renderer]):
    """``REPORTERS[fmt]`` for callers that index; resolves lazily."""

    def __missing__(self, fmt: Format) -> Renderer:
        return renderer(fmt)


REPORTERS: dict[Format, Renderer] = _Registry()
