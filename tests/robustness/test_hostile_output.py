"""Hostile names, titles, cells and configuration keys, through the installed CLI.

Whatever a report, a file name or a configuration holds, what govcheck writes
is inert (govcheck.textsafe): no line that GitHub Actions would run as a
workflow command, no terminal escape or bidi override, no rich markup, no
spreadsheet formula, well-formed XML, valid UTF-8, percent-encoded SARIF
uris. Every output format is run on the same generated files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest

from govcheck.i18n import text
from tests.conftest import EXAMPLES, ROOT
from tests.robustness.common import OUTPUT_FORMATS

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="names with newlines and bytes that are not UTF-8 need a Linux file system",
)

SCRIPT = Path(sys.executable).with_name("govcheck")
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"

# Path -> how every text output shows it (one_line's escapes, spelled out by hand).
# "[/]" is a folder "[" holding a file "]…": markup in a folder name.
NAMES: dict[str, str] = {
    "n\n::stop-commands::TOK.txt": "n\\n:\\x3astop-commands:\\x3aTOK.txt",
    "  ::error file=x::pwned.txt": "  \\x3a\\x3aerror file=x:\\x3apwned.txt",
    "##[error]legacy.txt": "##\\x5berror]legacy.txt",
    "[/][link=https:x]m[b].txt": "[/][link=https:x]m[b].txt",
    "\x1b]52;c;SGk=\x07\x9b2J\x1b[1Ae.txt": "\\x1b]52;c;SGk=\\x07\\x9b2J\\x1b[1Ae.txt",
    "b\u202etxt.exe\u2066.txt": "b\\u202etxt.exe\\u2066.txt",
    os.fsdecode(b"\xff\xfe.txt"): "\\xff\\xfe.txt",
    "a b#c%zz.txt": "a b#c%zz.txt",
    '=HYPERLINK("http:x").txt': '=HYPERLINK("http:x").txt',
}
# How the HTML page shows each (markup): newline and "##[" as character references.
HTML_SHOWN: dict[str, str] = {
    "n\n::stop-commands::TOK.txt": "n&#10;::stop-commands::TOK.txt",
    "  ::error file=x::pwned.txt": "  ::error file=x::pwned.txt",
    "##[error]legacy.txt": "##&#91;error]legacy.txt",
    "[/][link=https:x]m[b].txt": "[/][link=https:x]m[b].txt",
    "\x1b]52;c;SGk=\x07\x9b2J\x1b[1Ae.txt": "\\x1b]52;c;SGk=\\x07\\x9b2J\\x1b[1Ae.txt",
    "b\u202etxt.exe\u2066.txt": "b\\u202etxt.exe\\u2066.txt",
    os.fsdecode(b"\xff\xfe.txt"): "\\xff\\xfe.txt",
    "a b#c%zz.txt": "a b#c%zz.txt",
    '=HYPERLINK("http:x").txt': "=HYPERLINK(&quot;http:x&quot;).txt",
}
# The title's issuer: a formula, rich markup, an OSC sequence, a bidi override, controls XML
# forbids. No sentence punctuation (, ; : "), which the title reader rightly refuses in an
# organ's name; the file names and the prose line carry those.
ISSUER = "=HYPERLINK(x)示例[/][link=x]\x1b]52\x07\u202e\x01\x1b[1A\x1b[2K\x9b2J办事处"
# A prose line that GC604 quotes: a placeholder (××) in hostile context.
PROSE = "本局××\x01[/][b]粗[link=http://x]L ::stop-commands::TOK ##[error]x \u202e\x0c end"
EMPTY_NAME = os.fsdecode(b"e\n::stop-commands::TOK\x1b[1A\xe2\x80\xae\xff.txt")
EMPTY_SHOWN = "e\\n:\\x3astop-commands:\\x3aTOK\\x1b[1A\\u202e\\xff.txt"

# What no output may hold raw (a newline is a line end; tab only in XML, HTML and CSV).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufffe\uffff]"
)
LINE = re.compile(r"(.*):(\d+):(\d+): (GC\d{3}) (error|warning|info) .*")
# What the line format states first: rules of a file that could not be assessed, and why.
UNASSESSED = re.compile(r"(.*): (\d+) rule\(s\) not assessable \((GC\d{3}(?:, GC\d{3})*)\): .*")
ANNOTATION = re.compile(
    r"::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)"
)


def hostile_report() -> str:
    """The faulty example with a hostile title and prose line, and a formula in a cell."""
    lines = (EXAMPLES / "f2021-faulty-2023.txt").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "示例市示例区青云街道办事处2023年政府信息公开工作年度报告"
    lines[0] = f"{ISSUER}2023年政府信息公开工作年度报告"
    # Table 3, new applications: businesses and research institutions.
    assert (lines[114], lines[116], lines[118]) == ("5", "1", "0")
    lines[116] = "=SUM(A1)"
    lines[118] = "-3"
    lines.insert(3, PROSE)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hostile report under every hostile name, and an empty file under one more."""
    root = tmp_path_factory.mktemp("hostile")
    content = hostile_report().encode("utf-8")
    for name in NAMES:
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_bytes(content)
    (root / EMPTY_NAME).write_bytes(b"")
    return root


def env() -> dict[str, str]:
    """No colour forced, no GitHub Actions default; a wide terminal for rich."""
    drop = {"FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "GITHUB_ACTIONS", "NO_COLOR"}
    values = {k: v for k, v in os.environ.items() if k not in drop}
    return {**values, "COLUMNS": "250", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


def govcheck(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The installed CLI, names passed as their bytes, run where the files are."""
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=env(),
        capture_output=True,
        timeout=300,
        check=False,
    )


def lint(folder: Path, fmt: str, *names: str) -> subprocess.CompletedProcess[bytes]:
    return govcheck(folder, "lint", *(names or tuple(NAMES)), "--format", fmt, "--lang", "en")


def decoded(data: bytes) -> str:
    """The output as text: it must be valid UTF-8."""
    return data.decode("utf-8")


def inert_lines(data: bytes, annotations: bool = False) -> list[str]:
    """The lines of a terminal output, each checked: nothing raw, no workflow command."""
    lines = decoded(data).split("\n")
    for line in lines:
        assert not UNSAFE.search(line.replace("\t", "")), ascii(line)
        assert "\t" not in line, ascii(line)
        assert "##[" not in line, line
        if line.lstrip().startswith("::"):
            assert annotations and ANNOTATION.fullmatch(line), line
    return lines


Linted = Callable[[str], subprocess.CompletedProcess[bytes]]


@pytest.fixture(scope="module")
def linted(folder: Path) -> Linted:
    """``lint`` of every hostile file in a format, run once per format for the module."""
    return cache(lambda fmt: lint(folder, fmt))


@pytest.fixture(scope="module")
def findings(linted: Linted) -> dict[str, list[dict[str, Any]]]:
    """Each file's findings, from --format json."""
    run = linted("json")
    assert run.returncode == 1, run.stderr
    data = json.loads(decoded(run.stdout))
    return {f["path"]: f["findings"] for f in data["files"]}


def json_path(name: str) -> str:
    """How JSON holds a name: exactly, but for bytes that are not UTF-8."""
    return NAMES[name] if name.encode("utf-8", "surrogateescape") == b"\xff\xfe.txt" else name


def test_the_hostile_report_has_findings_that_quote_it(
    findings: dict[str, list[dict[str, Any]]],
) -> None:
    assert sorted(findings) == sorted(json_path(n) for n in NAMES)
    for found in findings.values():
        rules = [(f["rule"], f["line"]) for f in found]
        assert ("GC604", 4) in rules
        assert ("GC403", 118) in rules
        assert ("GC305", 120) in rules
        messages = {f["rule"]: f["message"] for f in found}
        assert messages["GC604"].startswith('"本局××\x01[/][b]粗[link=http://x]L ::stop-comm…"')
        assert '"=SUM(A1)"' in messages["GC403"]


@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
def test_every_format_exits_1_with_no_traceback_and_valid_utf8(linted: Linted, fmt: str) -> None:
    run = linted(fmt)
    assert run.returncode == 1, run.stderr
    assert run.stderr == b""
    decoded(run.stdout)


def test_line_format_is_one_inert_line_per_finding(
    linted: Linted, findings: dict[str, list[dict[str, Any]]]
) -> None:
    lines = inert_lines(linted("line").stdout)
    assert lines[-1] == ""
    expected = [
        (NAMES[name], str(f["line"]), str(f["column"]), f["rule"], f["severity"])
        for name in NAMES
        for f in findings[json_path(name)]
    ]
    # Rules that could not be assessed come first, in their own shape, with no line:col.
    head = [UNASSESSED.fullmatch(line) for line in lines[:-1]]
    first = head.index(None) if None in head else len(head)
    files = json.loads(decoded(linted("json").stdout))["files"]
    reasons = [{r["note"] for r in f["rules"] if r["status"] == "not_assessable"} for f in files]
    assert first == sum(len(notes) for notes in reasons) > 0  # one line per file and reason
    assert {m.group(1) for m in head[:first] if m} == set(NAMES.values())
    assert all(m is None for m in head[first:])
    matches = [LINE.fullmatch(line) for line in lines[first:-1]]
    assert sorted(m.groups() for m in matches if m) == sorted(expected)
    assert all(matches)
    placeholder = [line for line in lines if " GC604 " in line]
    assert len(placeholder) == len(NAMES)
    assert all("\\x01" in line and "\x01" not in line for line in placeholder)


def test_github_format_has_only_govchecks_own_annotations(
    linted: Linted, findings: dict[str, list[dict[str, Any]]]
) -> None:
    lines = inert_lines(linted("github").stdout, annotations=True)
    assert lines[-1] == ""
    assert len(lines) - 1 == sum(len(f) for f in findings.values())
    files = []
    for line in lines[:-1]:
        match = ANNOTATION.fullmatch(line)
        assert match, line
        assert "::" not in match.group(6)
        value = match.group(2)
        files.append(value.replace("%3A", ":").replace("%2C", ",").replace("%25", "%"))
    assert set(files) == set(NAMES.values())


def test_rich_shows_markup_literally_and_escapes_controls(linted: Linted) -> None:
    run = linted("rich")
    assert run.returncode == 1
    assert b"Traceback" not in run.stderr
    assert b"MarkupError" not in run.stderr
    output = "\n".join(inert_lines(run.stdout))
    for shown in NAMES.values():
        header = f"{shown} (format: 2021; year: 2023; issuer: "
        assert output.count(header) == 1, header
    assert "[/][link=https:x]m[b].txt (format" in output  # the name, shown not parsed
    issuer = "=HYPERLINK(x)示例[/][link=x]\\x1b]52\\x07\\u202e\\x01\\x1b[1A\\x1b[2K\\x9b2J办事处"
    assert output.count(f"; issuer: {issuer}; date: ") == len(NAMES)


def test_json_and_jsonl_keep_the_text_exactly_but_inert(linted: Linted) -> None:
    document = decoded(linted("json").stdout)
    assert not UNSAFE.search(document)
    data = json.loads(document)
    assert {f["path"] for f in data["files"]} == {json_path(n) for n in NAMES}
    assert {f["issuer"] for f in data["files"]} == {ISSUER}  # escapes parse back exactly
    lines = decoded(linted("jsonl").stdout).splitlines()
    assert not UNSAFE.search("".join(lines))
    assert [json.loads(line)["path"] for line in lines] == [f["path"] for f in data["files"]]


def test_sarif_uris_are_percent_encoded_and_the_log_validates(linted: Linted) -> None:
    document = decoded(linted("sarif").stdout)
    assert not UNSAFE.search(document)
    log = json.loads(document)
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("uri-reference")(is_uri_reference)
    jsonschema.validate(
        log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")), format_checker=checker
    )
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for location in result["locations"] + result.get("relatedLocations", [])
    }
    assert {unquote_to_bytes(u) for u in uris} == {os.fsencode(n) for n in NAMES}
    assert "a%20b%23c%25zz.txt" in uris
    assert "%FF%FE.txt" in uris


def is_uri_reference(value: object) -> bool:
    """RFC 3986 URI-reference: only its characters, and a ':' only after a scheme."""
    if not isinstance(value, str):
        return True
    char = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})"
    if not re.fullmatch(rf"{char}*(?:#{char}*)?", value):
        return False
    first = re.split(r"[/?#]", value, maxsplit=1)[0]
    return ":" not in first or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:.*", first))


def test_junit_parses_with_a_strict_xml_parser(linted: Linted) -> None:
    document = linted("junit").stdout
    assert not UNSAFE.search(decoded(document).replace("\t", ""))
    root = ET.fromstring(document)
    assert {s.get("name") for s in root.iter("testsuite")} == set(NAMES.values())
    failures = [f.text or "" for f in root.iter("failure")]
    assert failures
    assert all(inert_lines(body.encode()) for body in failures)


def test_html_is_valid_utf8_without_forbidden_characters(linted: Linted) -> None:
    page = decoded(linted("html").stdout)
    assert not UNSAFE.search(page)
    assert [line for line in page.split("\n") if line.lstrip().startswith("::")] == []
    assert "##[" not in page
    for name, shown in HTML_SHOWN.items():
        assert f"<h2>{shown}</h2>" in page, name


def test_extract_csv_neutralises_formulas_and_keeps_numbers(folder: Path) -> None:
    run = govcheck(folder, "extract", *NAMES, "--format", "csv")
    assert run.returncode == 0, run.stderr
    document = decoded(run.stdout)
    assert not UNSAFE.search(document)
    rows = list(csv.DictReader(io.StringIO(document)))
    for row in rows:
        for value in row.values():
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert re.fullmatch(r"[+-]?[0-9.]+", value), value
    assert [line for line in document.split("\n") if line.lstrip().startswith("::")] == []
    assert "##[" not in document
    assert {r["path"] for r in rows} == {
        "'" + s if s.startswith("=") else s for s in NAMES.values()
    }
    assert {r["issuer"][:14] for r in rows} == {"'=HYPERLINK(x)"}
    cells = {(r["path"], r["row"], r["column"]): r for r in rows if r["table"] == "t3"}
    business = cells[("a b#c%zz.txt", "new", "biz")]
    assert (business["raw"], business["value"], business["kind"]) == ("'=SUM(A1)", "", "text")
    research = cells[("a b#c%zz.txt", "new", "sci")]
    assert (research["raw"], research["value"]) == ("-3", "-3")


def test_extract_json_is_valid_utf8_and_inert(folder: Path) -> None:
    run = govcheck(folder, "extract", *NAMES)
    assert run.returncode == 0, run.stderr
    document = decoded(run.stdout)
    assert not UNSAFE.search(document)
    data = json.loads(document)
    assert {f["path"] for f in data["files"]} == {json_path(n) for n in NAMES}
    assert {c["raw"] for c in data["cells"] if c["kind"] == "text"} == {"=SUM(A1)"}


@pytest.mark.parametrize(
    "command",
    [
        lambda fmt: ("lint", EMPTY_NAME, "--format", fmt),
        lambda fmt: ("extract", EMPTY_NAME, "--format", "csv" if fmt == "line" else "json"),
    ],
    ids=["lint", "extract"],
)
@pytest.mark.parametrize("fmt", ["line", "json", "github"])
def test_an_error_about_a_hostile_name_is_one_inert_line(
    folder: Path, command: Callable[[str], tuple[str, ...]], fmt: str
) -> None:
    run = govcheck(folder, *command(fmt), "--lang", "en")
    assert run.returncode == 2
    lines = inert_lines(run.stderr)
    assert lines == [text("input.empty", "en", path=EMPTY_SHOWN), ""]


def test_a_config_key_with_a_newline_is_one_inert_line(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "f2021-faulty-2023.txt", tmp_path / "r.txt")
    (tmp_path / "govcheck.toml").write_text(
        '"k\\n::stop-commands::TOK\\u001b[1A\\u202e" = 1\n', encoding="utf-8"
    )
    for args in (("lint", "r.txt"), ("config", "--show")):
        run = govcheck(tmp_path, *args, "--lang", "en")
        assert run.returncode == 2
        (line, end) = inert_lines(run.stderr)
        assert end == ""
        assert "k\\n:\\x3astop-commands:\\x3aTOK\\x1b[1A\\u202e" in line
        assert line.endswith("Extra inputs are not permitted")


def test_config_show_is_inert(tmp_path: Path) -> None:
    (tmp_path / "govcheck.toml").write_text(
        "[[waiver]]\npath = 'x.txt'\nrule = 'GC301'\nline = 3\n"
        'reason = "r\\u001b]0;title\\u0007 \\u202e\\u0085 ::stop-commands::T"\n',
        encoding="utf-8",
    )
    run = govcheck(tmp_path, "config", "--show", "--lang", "en")
    assert run.returncode == 0, run.stderr
    lines = inert_lines(run.stdout)
    (waiver,) = [line for line in lines if "reason = " in line]
    assert "\\u001b]0;title\\u0007 \\u202e\\x85 :\\x3astop-commands:\\x3aT" in waiver
