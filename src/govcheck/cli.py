"""The Typer command line. Commands only translate arguments into calls.

Every :class:`~govcheck.errors.GovcheckError` is caught here and becomes one
line on stderr with exit code 2: never a traceback.

Start-up time is what a clerk feels on every save: the catalogue (and with it
rich, ~0.1 s) and tomli-w are imported only by the commands that use them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from govcheck import __version__, extract
from govcheck.api import Options, active_rules
from govcheck.config import load_config
from govcheck.errors import GovcheckError
from govcheck.extract import ExtractFormat
from govcheck.findings import ExitCode, FailOn
from govcheck.i18n import Lang, text
from govcheck.model import IssuerLevel
from govcheck.output import write_atomic
from govcheck.reporters import Format
from govcheck.run import Request, execute
from govcheck.selection import build_rules
from govcheck.textsafe import one_line
from govcheck.timebudget import DEFAULT_SECONDS

app = typer.Typer(
    name="govcheck",
    help="Compliance linter for 政府信息公开工作年度报告 (annual disclosure reports).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

LangOption = Annotated[Lang, typer.Option("--lang", help="Message language: zh or en.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Configuration file (default: discovered).")
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.")]
FollowLinksOption = Annotated[
    bool,
    typer.Option(
        "--follow-links", help="In folders and globs, also read links that lead outside them."
    ),
]


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(p.strip() for v in values or [] for p in v.split(",") if p.strip())


def _fail(exc: GovcheckError, lang: Lang) -> NoReturn:
    """The error as one inert line: a file name or TOML key in it cannot add a line."""
    typer.echo(one_line(text(exc.key, lang, **exc.values)), err=True)
    raise typer.Exit(ExitCode.USAGE)


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
    paths: Annotated[
        list[str],
        typer.Argument(help="Report files, folders or glob patterns; - reads standard input."),
    ],
    *,
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: rich on a terminal, github under GitHub Actions, "
            "line otherwise).",
        ),
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Message language: zh or en.")] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rules: ids, prefixes (GC3) or names."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these rules: ids, prefixes or names.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Leave out paths matching this glob.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Parallel workers (default: cores).")
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="--format html: a page per report and an index.html in this folder.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Report only findings not in this baseline.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record today's findings as a baseline.")
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Also print the number of findings per rule.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="The rich report also lists every rule.")
    ] = False,
    stdin_filename: Annotated[
        str, typer.Option("--stdin-filename", help="Name (and, by its ending, form) of stdin.")
    ] = "-",
    issuer_level: Annotated[
        IssuerLevel | None,
        typer.Option("--issuer-level", help="The organ's level, when its name does not tell."),
    ] = None,
    published_on: Annotated[
        dt.datetime | None,
        typer.Option("--published-on", formats=["%Y-%m-%d"], help="Publication date (YYYY-MM-DD)."),
    ] = None,
    previous: Annotated[
        str | None,
        typer.Option(
            "--previous", help="The same organ's report for the year before (cross-year rules)."
        ),
    ] = None,
    pair_years: Annotated[
        bool,
        typer.Option(
            "--pair-years", help="Compare each report with its organ's report for the year before."
        ),
    ] = False,
    follow_links: FollowLinksOption = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0,
            help="Seconds each file may take; a slower one is an error (0: no limit).",
        ),
    ] = DEFAULT_SECONDS,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print only failing findings, rules not assessable, the summary; no progress bar.",
        ),
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when findings fail the run.")
    ] = False,
    no_ignore: Annotated[
        bool,
        typer.Option(
            "--no-ignore", help="In folders, also read lock (~$), hidden and .gitignored files."
        ),
    ] = False,
    force_exclude: Annotated[
        bool,
        typer.Option(
            "--force-exclude",
            help="Apply the configuration's exclude to files named explicitly (pre-commit).",
        ),
    ] = False,
) -> None:
    """Lint reports and print a pass/fail table per file."""
    request = Request(
        paths=tuple(paths),
        output_format=output_format,
        lang=lang,
        fail_on=fail_on,
        select=_split(select),
        ignore=_split(ignore),
        exclude=_split(exclude),
        jobs=jobs,
        config=config,
        isolated=isolated,
        output=output,
        baseline=baseline,
        write_baseline=write_baseline,
        statistics=statistics,
        stdin_filename=stdin_filename,
        issuer_level=issuer_level,
        published_on=published_on.date() if published_on else None,
        previous=previous,
        pair_years=pair_years,
        follow_links=follow_links,
        timeout=timeout,
        verbose=verbose,
        quiet=quiet,
        exit_zero=exit_zero,
        no_ignore=no_ignore,
        force_exclude=force_exclude,
        output_dir=output_dir,
    )
    try:
        code = execute(request, sys.stdout, sys.stderr)
    except GovcheckError as exc:
        _fail(exc, lang or "zh")
    raise typer.Exit(code)


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Report files, folders or glob patterns; - reads standard input."),
    ],
    *,
    output_format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="json or csv (one line per cell).")
    ] = ExtractFormat.JSON,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Leave out paths matching this glob.")
    ] = None,
    stdin_filename: Annotated[
        str, typer.Option("--stdin-filename", help="Name (and, by its ending, form) of stdin.")
    ] = "-",
    lang: LangOption = "zh",
    follow_links: FollowLinksOption = False,
) -> None:
    """Write every cell of tables 2, 3 and 4 as data, with its keys and source line."""
    try:
        code = extract.execute(
            paths,
            output_format,
            sys.stdout,
            sys.stderr,
            exclude=_split(exclude),
            stdin_filename=stdin_filename,
            output=output,
            lang=lang,
            follow_links=follow_links,
        )
    except GovcheckError as exc:
        _fail(exc, lang)
    raise typer.Exit(code)


@app.command("config")
def config_command(
    *,
    show: Annotated[bool, typer.Option("--show", help="Print the resolved configuration.")] = True,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    lang: LangOption = "zh",
) -> None:
    """Show the configuration govcheck uses here, and where each value comes from."""
    from govcheck.config_text import describe_config

    try:
        resolved = load_config(config, isolated)
        build_rules(resolved, (), ())
    except GovcheckError as exc:
        _fail(exc, lang)
    if show:
        typer.echo(describe_config(resolved, lang), nl=False)


@app.command()
def init(
    *,
    path: Annotated[Path, typer.Option("--path", help="Where to write it.")] = Path(
        "govcheck.toml"
    ),
    lang: LangOption = "zh",
) -> None:
    """Write a commented govcheck.toml to start from."""
    from govcheck.config_text import starter_config

    if path.exists():
        _fail(GovcheckError("config.exists", path=str(path)), lang)
    try:
        write_atomic(path, starter_config())
    except GovcheckError as exc:
        _fail(exc, lang)
    typer.echo(one_line(text("config.written", lang, path=str(path))))


class CatalogueFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


# Format → renderer in govcheck.catalogue (imported by the commands that use it).
_CATALOGUE = {
    CatalogueFormat.TABLE: "render_table",
    CatalogueFormat.JSON: "render_json",
    CatalogueFormat.MARKDOWN: "render_markdown",
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
    from govcheck import catalogue

    try:
        chosen = active_rules(Options())
    except GovcheckError as exc:
        _fail(exc, lang)
    getattr(catalogue, _CATALOGUE[output_format])(chosen, sys.stdout, lang)


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule id (GC301) or name (t3-balance).")],
    *,
    lang: LangOption = "zh",
) -> None:
    """Explain a rule: its legal basis, what it checks, a failing fragment and the fix."""
    from govcheck import catalogue

    try:
        found = [r for r in active_rules(Options()) if rule.upper() == r.id or rule == r.name]
    except GovcheckError as exc:
        _fail(exc, lang)
    if not found:
        _fail(GovcheckError("usage.unknown_rule", rule=rule), lang)
    catalogue.explain(found[0], sys.stdout, lang)


# The modules of the serve extra (pyproject.toml): without one, serve says how to install it.
_SERVE_EXTRA = frozenset({"starlette", "uvicorn", "python_multipart", "multipart"})


@app.command()
def serve(
    *,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this computer only).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free one).")
    ] = 8765,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Do not open the page in the default browser.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0, help="Seconds each check may take (0: no limit)."),
    ] = DEFAULT_SECONDS,
    lang: LangOption = "zh",
) -> None:
    """Open a local page where a report is dropped and checked (needs govcheck[serve])."""
    try:
        from govcheck.serve.server import serve as run_server
    except ImportError as exc:
        if exc.name not in _SERVE_EXTRA:
            raise
        _fail(GovcheckError("serve.extra_missing"), lang)
    try:
        run_server(host, port, open_browser=not no_open, timeout=timeout, lang=lang)
    except GovcheckError as exc:
        _fail(exc, lang)


def _tolerant_streams() -> None:
    """Never die on a character the terminal cannot show.

    Reports are Chinese and paths may hold bytes that are not UTF-8; a console
    in another encoding (an ASCII or Latin-1 locale, a redirected Windows
    console) would otherwise end the run with a UnicodeEncodeError traceback.
    Such characters are written as backslash escapes instead. Every output
    already shows a file name's undecodable bytes as ``\\xNN`` (govcheck.textsafe);
    should one still get through, a UTF-8 console writes it back as it was,
    as Python already does under the C locale.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or getattr(stream, "errors", None) != "strict":
            continue
        utf8 = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
        reconfigure(errors="surrogateescape" if utf8 else "backslashreplace")


def main() -> None:
    """Console-script entry point."""
    _tolerant_streams()
    app()
