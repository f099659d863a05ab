"""The Typer command line. Commands only translate arguments into api calls.

Every :class:`~govcheck.errors.GovcheckError` is caught here, in one place,
and becomes one line on stderr with exit code 2: never a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govcheck import __version__, catalogue
from govcheck.api import Options, active_rules, lint_file
from govcheck.engine.base import Context
from govcheck.engine.runner import Selection
from govcheck.errors import GovcheckError, InputError
from govcheck.findings import ExitCode, FailOn, FileResult, RunResult, exit_code
from govcheck.i18n import Lang, text
from govcheck.model import IssuerLevel
from govcheck.reporters import REPORTERS, Format

app = typer.Typer(
    name="govcheck",
    help="Compliance linter for 政府信息公开工作年度报告 (annual disclosure reports).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

LangOption = Annotated[Lang, typer.Option("--lang", help="Message language: zh or en.")]


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(p.strip() for v in values or [] for p in v.split(",") if p.strip())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check annual government information disclosure reports against the official formats."""


@app.command()
def lint(
    paths: Annotated[list[Path], typer.Argument(help="Report files to check.", show_default=False)],
    *,
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="Output format (default: rich on a terminal, line otherwise)."
        ),
    ] = None,
    lang: LangOption = "zh",
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.ERROR,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rules: ids, prefixes (GC3) or names."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these rules: ids, prefixes or names.")
    ] = None,
    issuer_level: Annotated[
        IssuerLevel | None,
        typer.Option("--issuer-level", help="The organ's level, when its name does not tell."),
    ] = None,
    published_on: Annotated[
        dt.datetime | None,
        typer.Option("--published-on", formats=["%Y-%m-%d"], help="Publication date (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Lint report files and print a pass/fail table per file."""
    context = Context(issuer_level, published_on.date() if published_on else None)
    selection = Selection(_split(select), _split(ignore))
    options = Options(lang=lang, selection=selection, context=context)
    try:
        _check_selection(options)
        files, failed = _lint_all(paths, options)
    except GovcheckError as exc:
        _fail(exc, lang)
    result = RunResult(files=tuple(files))
    chosen = output_format or (Format.RICH if sys.stdout.isatty() else Format.LINE)
    if files or chosen is Format.JSON:
        REPORTERS[chosen](result, sys.stdout, lang)
    code = exit_code(result, fail_on)
    raise typer.Exit(ExitCode.USAGE if failed else code)


def _lint_all(paths: list[Path], options: Options) -> tuple[list[FileResult], bool]:
    """Lint every path; an unreadable file is reported and the others still run."""
    files: list[FileResult] = []
    failed = False
    for path in paths:
        try:
            files.append(lint_file(path, options, display=str(path)))
        except InputError as exc:
            typer.echo(text(exc.key, options.lang, **exc.values), err=True)
            failed = True
    return files, failed


def _check_selection(options: Options) -> None:
    rules = active_rules(Options())
    for pattern in (*options.selection.select, *options.selection.ignore):
        if not any(Selection(select=(pattern,)).wants(r) for r in rules):
            raise GovcheckError("usage.unknown_rule", rule=pattern)


def _fail(exc: GovcheckError, lang: Lang) -> None:
    typer.echo(text(exc.key, lang, **exc.values), err=True)
    raise typer.Exit(ExitCode.USAGE)


class CatalogueFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


_CATALOGUE = {
    CatalogueFormat.TABLE: catalogue.render_table,
    CatalogueFormat.JSON: catalogue.render_json,
    CatalogueFormat.MARKDOWN: catalogue.render_markdown,
}


@app.command()
def rules(
    *,
    output_format: Annotated[
        CatalogueFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = CatalogueFormat.TABLE,
    lang: LangOption = "zh",
) -> None:
    """List every rule: id, name, default severity, formats and what it checks."""
    try:
        chosen = active_rules(Options())
    except GovcheckError as exc:
        _fail(exc, lang)
    _CATALOGUE[output_format](chosen, sys.stdout, lang)


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule id (GC301) or name (t3-balance).")],
    *,
    lang: LangOption = "zh",
) -> None:
    """Explain a rule: its legal basis, what it checks, a failing fragment and the fix."""
    try:
        found = [r for r in active_rules(Options()) if rule.upper() == r.id or rule == r.name]
        if not found:
            raise GovcheckError("usage.unknown_rule", rule=rule)
    except GovcheckError as exc:
        _fail(exc, lang)
    catalogue.explain(found[0], sys.stdout, lang)


def main() -> None:
    """Console-script entry point."""
    app()
