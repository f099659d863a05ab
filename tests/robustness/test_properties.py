"""Property tests: any input gives a result or one clear InputError, never a crash.

Hypothesis generates the inputs; in CI the examples are derandomized, so a
failure always reproduces. The same tests are the fuzz targets: set
``GOVCHECK_FUZZ_EXAMPLES`` to run as many random examples as wanted (see
docs/reliability.md).

Inputs, from least to most structured:

- any bytes, under every form's file name, and behind every form's magic
  bytes (so the zip, PDF, HTML and UTF-16 paths are reached, not only text);
- any Unicode text in UTF-8, GB18030 and UTF-16, as text, Markdown and HTML;
- text made of real report lines mixed with random ones;
- a real report with its lines deleted, duplicated, swapped and truncated:
  as text, as the rendered web page's source lines, and as the Word file's
  paragraphs, tables and rows;
- a valid PDF with bytes deleted, duplicated, changed or cut off;
- the parser fed arbitrary units (prose and cells), as loaders produce them;
- the CLI on arbitrary files in every output format: exit code 0, 1 or 2.
"""

from __future__ import annotations

import io
import json
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govcheck.api import Options, lint_source
from govcheck.load import SourceText, Unit
from tests.conftest import run_cli
from tests.forms.render_docx import Block, Para, WTable, build_docx, report_blocks
from tests.forms.render_html import render_html
from tests.load.test_pdf import PAGE_1, PAGE_2, make_pdf
from tests.robustness.common import (
    FORM_NAMES,
    OUTPUT_FORMATS,
    lint_or_refuse,
    property_settings,
    report_lines,
    report_paths,
)

# The first bytes that make each loader (or decoder) take a file.
MAGIC = (
    b"PK\x03\x04",
    b"%PDF-1.4\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"<html><body>",
    b'<!DOCTYPE html><meta charset="gbk"><table><tr><td>',
    b"| a | b |\n|---|---|\n| ",
)

# --- bytes ---------------------------------------------------------------------------------


@property_settings(200)
@given(data=st.binary(max_size=4096), name=st.sampled_from(FORM_NAMES))
def test_property_any_bytes_under_any_name(data: bytes, name: str) -> None:
    lint_or_refuse(data, name)


@property_settings(200)
@given(
    magic=st.sampled_from(MAGIC),
    rest=st.binary(max_size=4096),
    name=st.sampled_from(FORM_NAMES),
)
def test_property_any_bytes_behind_each_magic(magic: bytes, rest: bytes, name: str) -> None:
    lint_or_refuse(magic + rest, name)


# --- text ----------------------------------------------------------------------------------


@property_settings(150)
@given(
    text=st.text(max_size=3000),
    encoding=st.sampled_from(("utf-8", "gb18030", "utf-16")),
    name=st.sampled_from(("r.txt", "r.md", "r.html")),
)
def test_property_any_unicode_text(text: str, encoding: str, name: str) -> None:
    lint_or_refuse(text.encode(encoding), name)


@cache
def vocabulary() -> tuple[str, ...]:
    """Every distinct line of the reports: headings, row labels, numbers, prose."""
    return tuple(sorted({line for lines in report_lines() for line in lines}))


@property_settings(150)
@given(
    lines=st.lists(
        st.one_of(st.sampled_from(vocabulary()), st.text(max_size=40)), min_size=1, max_size=300
    ),
    name=st.sampled_from(("r.txt", "r.md")),
)
def test_property_report_lines_in_any_order(lines: list[str], name: str) -> None:
    lint_or_refuse("\n".join(lines).encode("utf-8"), name)


# --- mutations of a real report ------------------------------------------------------------

# An edit of a list of lines (or blocks): (operation, index, index or cut point).
Edit = tuple[str, int, int]
EDITS = st.lists(
    st.tuples(
        st.sampled_from(("delete", "duplicate", "swap", "truncate")),
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=10**6),
    ),
    min_size=1,
    max_size=12,
)


def mutate(items: list[str], edits: list[Edit]) -> list[str]:
    """Apply ``edits`` to lines: delete, duplicate, swap two, cut one short."""
    out = list(items)
    for op, a, b in edits:
        if not out:
            break
        i, j = a % len(out), b % len(out)
        if op == "delete":
            del out[i]
        elif op == "duplicate":
            out.insert(i, out[i])
        elif op == "swap":
            out[i], out[j] = out[j], out[i]
        else:
            out[i] = out[i][: b % (len(out[i]) + 1)]
    return out


@property_settings(200)
@given(
    report=st.integers(min_value=0, max_value=3),
    edits=EDITS,
    cut=st.none() | st.integers(min_value=0),
)
def test_property_mutated_report_as_text(report: int, edits: list[Edit], cut: int | None) -> None:
    lines = report_lines()[report % len(report_lines())]
    text = "\n".join(mutate(list(lines), edits))
    data = text.encode("utf-8")
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    lint_or_refuse(data, "r.txt")


@cache
def page_lines(report: int) -> tuple[str, ...]:
    """The source lines of the web page a site would serve for report ``report``."""
    path = report_paths()[report]
    return tuple(render_html(path.read_text(encoding="utf-8")).decode("utf-8").split("\n"))


@property_settings(120)
@given(report=st.integers(min_value=0, max_value=3), edits=EDITS)
def test_property_mutated_report_as_web_page(report: int, edits: list[Edit]) -> None:
    lines = page_lines(report % len(report_paths()))
    lint_or_refuse("\n".join(mutate(list(lines), edits)).encode("utf-8"), "r.html")


@cache
def word_blocks(report: int) -> tuple[Block, ...]:
    """The paragraphs and tables of the Word file a clerk would have drafted."""
    return tuple(report_blocks(report_paths()[report].read_text(encoding="utf-8")))


def mutate_blocks(blocks: list[Block], edits: list[Edit]) -> list[Block]:
    """The line edits applied to blocks, and inside tables to rows; "truncate" cuts a table."""
    out = list(blocks)
    for op, a, b in edits:
        if not out:
            break
        i = a % len(out)
        block = out[i]
        if op == "truncate" and isinstance(block, WTable):
            rows = list(block.rows)
            out[i] = WTable(rows[: b % (len(rows) + 1)] or rows[:1], dict(block.grid_before))
        elif op == "truncate" and isinstance(block, Para) and block.xml is None:
            out[i] = Para(block.text[: b % (len(block.text) + 1)], block.style)
        elif op == "swap" and isinstance(block, WTable) and b % 2:
            rows = list(block.rows)
            j, k = b % len(rows), a % len(rows)
            rows[j], rows[k] = rows[k], rows[j]
            out[i] = WTable(rows, dict(block.grid_before))
        elif op in ("delete", "duplicate", "swap"):
            out = _edit_list(out, op, i, b % len(out))
    return out


def _edit_list(items: list[Block], op: str, i: int, j: int) -> list[Block]:
    if op == "delete":
        return items[:i] + items[i + 1 :]
    if op == "duplicate":
        return items[: i + 1] + items[i:]
    items[i], items[j] = items[j], items[i]
    return items


@property_settings(100)
@given(report=st.integers(min_value=0, max_value=3), edits=EDITS)
def test_property_mutated_report_as_word_file(report: int, edits: list[Edit]) -> None:
    blocks = list(word_blocks(report % len(report_paths())))
    lint_or_refuse(build_docx(mutate_blocks(blocks, edits)), "r.docx")


@cache
def sample_pdf() -> bytes:
    return make_pdf([PAGE_1, PAGE_2])


@property_settings(60)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(("delete", "duplicate", "change", "truncate")),
            st.integers(min_value=0, max_value=10**6),
            st.integers(min_value=1, max_value=64),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_property_damaged_pdf(edits: list[tuple[str, int, int]]) -> None:
    data = bytearray(sample_pdf())
    for op, at, size in edits:
        i = at % len(data)
        if op == "delete":
            del data[i : i + size]
        elif op == "duplicate":
            data[i:i] = data[i : i + size]
        elif op == "change":
            data[i] = (data[i] + size) % 256
        else:
            del data[i:]
        if not data:
            break
    lint_or_refuse(bytes(data), "r.pdf")


# --- the parser on arbitrary units ---------------------------------------------------------


@property_settings(150)
@given(
    units=st.lists(
        st.tuples(st.one_of(st.sampled_from(vocabulary()), st.text(max_size=20)), st.booleans()),
        min_size=1,
        max_size=300,
    )
)
def test_property_parser_takes_any_units(units: list[tuple[str, bool]]) -> None:
    """As HTML, Word and PDF loaders hand them over: prose and cells, one line each."""
    source = SourceText(
        path="r.html",
        encoding="utf-8",
        lines=tuple(text for text, _ in units),
        units=tuple(Unit(text, n, cell=cell) for n, (text, cell) in enumerate(units, 1)),
        form="html",
    )
    lint_source(source, Options())


# --- the command line ----------------------------------------------------------------------


@property_settings(60)
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.sampled_from(MAGIC).flatmap(lambda m: st.binary(max_size=512).map(lambda b: m + b)),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    ),
    name=st.sampled_from(FORM_NAMES),
    output_format=st.sampled_from(OUTPUT_FORMATS),
)
def test_property_cli_exit_code_is_0_1_or_2(data: bytes, name: str, output_format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        result = run_cli("lint", str(path), "--format", output_format, "--lang", "en")
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{path}: "), result.stderr
    elif output_format == "json":
        assert json.load(io.StringIO(result.stdout))["files"][0]["path"] == str(path)
