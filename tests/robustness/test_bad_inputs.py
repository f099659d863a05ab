"""The bad-input matrix, through the command line: one clear line, exit 2, bounded cost.

Each hostile or broken input must end in one line on stderr that names the
file, says what is wrong and what to do (exactly the catalogued message), and
exit code 2; or, where that is the documented behaviour, be read and linted
(a GBK page that declares UTF-8 is read as GBK; markup that is not a report
is GC001). None may take unbounded time or memory, or print a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from govcheck.i18n import text
from govcheck.load.docx import MAX_UNPACKED
from govcheck.load.text import MAX_BYTES
from govcheck.paths import Inputs, expand_inputs
from tests.conftest import EXAMPLES, run_cli
from tests.forms.render_docx import package
from tests.forms.render_html import render_html
from tests.load.test_docx import MIB, zeros_zip
from tests.load.test_pdf import PAGE_1, make_pdf

REPORT = EXAMPLES / "f2021-department-2022.txt"


def one_line(result: Result, path: Path | str) -> str:
    """The single stderr line of a refused input; exit code 2, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}: "), lines[0]
    return lines[0]


def refused(path: Path, key: str, **values: object) -> None:
    """``govcheck lint path`` prints exactly the catalogued message ``key``, in both languages."""
    for lang in ("en", "zh"):
        result = run_cli("lint", str(path), "--lang", lang)
        if lang == "en":
            line = one_line(result, path)
        else:
            assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
            line = result.stderr.strip()
        assert line == text(key, lang, path=str(path), **values)


# --- empty, binary, badly encoded ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "key", "values"),
    [
        ("empty.txt", b"", "input.empty", {}),
        ("blank.txt", " \t\r\n\u3000\n".encode(), "input.empty", {}),
        ("blank.html", b"<html><body>  </body></html>", "input.html_no_text", {}),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "input.binary", {}),
        ("control.txt", bytes(range(1, 9)) * 50, "input.binary", {}),
        ("undecodable.txt", "政府信息".encode() + b"\xff\xfe\xfd\x80" * 3,
         "input.undecodable", {"encoding": "UTF-8/GB18030"}),
    ],
)  # fmt: skip
def test_unreadable_content_is_one_line(
    name: str, data: bytes, key: str, values: dict[str, object], tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    refused(path, key, **values)


@pytest.mark.parametrize("cut", [1, 2])
@pytest.mark.parametrize("form", ["txt", "html"])
def test_utf8_cut_inside_a_character_is_reported_as_cut_off(
    cut: int, form: str, tmp_path: Path
) -> None:
    """Regression: it was read as GB18030 mojibake, or called undecodable."""
    report = REPORT.read_text(encoding="utf-8")
    data = report.encode("utf-8") if form == "txt" else render_html(report)
    data = data.rstrip(b"\n")
    data = data[: data.rindex("。".encode()) + 3 - cut]  # cut inside the last 。
    path = tmp_path / f"cut.{form}"
    path.write_bytes(data)
    refused(path, "input.truncated")


def test_a_gbk_page_declaring_utf8_is_read_as_gbk(tmp_path: Path) -> None:
    """Documented behaviour: a wrong declaration is overruled, never turned into mojibake."""
    page = render_html(REPORT.read_text(encoding="utf-8"))
    assert b'charset="utf-8"' in page.lower() or b"charset=utf-8" in page.lower()
    gbk = tmp_path / "gbk.html"
    gbk.write_bytes(page.decode("utf-8").encode("gbk"))
    utf8 = tmp_path / "utf8.html"
    utf8.write_bytes(page)
    as_gbk, as_utf8 = (run_cli("lint", str(p), "--format", "json") for p in (gbk, utf8))
    assert as_gbk.exit_code == as_utf8.exit_code == 0, as_gbk.stderr
    records = [json.loads(r.stdout)["files"][0] for r in (as_gbk, as_utf8)]
    for record in records:
        del record["path"]
    assert records[0] == records[1]
    assert records[0]["year"] == 2022


def test_garbage_behind_a_utf8_declaration_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "garbage.html"
    path.write_bytes(b'<html><head><meta charset="utf-8"></head><body>' + b"\xff\x80" * 50)
    refused(path, "input.undecodable", encoding="UTF-8/GB18030")


def test_text_that_is_not_a_report_is_gc001(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("会议纪要\n今天讨论了食堂菜单。\n", encoding="utf-8")
    result = run_cli("lint", str(path), "--format", "json")
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]] == ["GC001"]


# --- size ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 200 * MIB, 64 * 1024 * MIB])
def test_a_huge_file_is_refused_before_it_is_read(size: int, tmp_path: Path) -> None:
    """A sparse file: it costs no disk, and reading it would cost its size in memory."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(size)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = run_cli("lint", str(path), "--lang", "en")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 8 * MIB
    assert one_line(result, path) == text(
        "input.too_large", "en", path=str(path), size=size, limit=MAX_BYTES
    )


def test_a_device_is_refused_before_it_is_read() -> None:
    """Regression: /dev/zero has no size; it was read up to the limit, now it is not read."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    result = run_cli("lint", "/dev/zero", "--lang", "en")
    assert one_line(result, "/dev/zero") == text("input.not_regular", "en", path="/dev/zero")


# --- folders and paths ---------------------------------------------------------------------

MANY = 20_000


def test_a_folder_of_20000_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    # A title alone: a sign of a report, so the walk lints each file (and GC001
    # fails it) rather than skipping it as no report (issue 16).
    title = "示例县自然资源局2022年政府信息公开工作年度报告\n正文\n".encode()
    for i in range(MANY):
        (folder / f"{i:05d}.txt").write_bytes(title)
    started = time.perf_counter()
    result = run_cli("lint", str(folder), "--format", "jsonl", "--select", "GC001", "--jobs", "1")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == MANY
    assert [r["path"] for r in records] == sorted(str(folder / f"{i:05d}.txt") for i in range(MANY))
    assert elapsed < 60, f"{MANY} files took {elapsed:.1f} s"


def test_symbolic_link_loops_neither_hang_nor_pass_silently(tmp_path: Path) -> None:
    """The walk does not follow links; a link that loops is reported, not skipped.

    ``up`` leads out of the folder: it is noted (not read) before the errors.
    """
    folder = tmp_path / "loops"
    folder.mkdir()
    (folder / "report.txt").write_bytes(REPORT.read_bytes())
    (folder / "self").symlink_to(folder, target_is_directory=True)
    (folder / "up").symlink_to(tmp_path, target_is_directory=True)
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    result = run_cli("lint", str(folder), "--format", "jsonl", "--lang", "en")
    assert result.exit_code == 2
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [
        str(folder / "report.txt")
    ]
    note, *errors = result.stderr.splitlines()
    assert note == text("input.link_outside", "en", path=str(folder / "up"), root=str(folder))
    assert [e.split(":")[0] for e in errors] == [str(folder / "a.txt"), str(folder / "b.txt")]
    reason = os.strerror(errno.ELOOP)
    assert all(reason in e for e in errors), errors
    line = one_line(run_cli("lint", str(folder / "a.txt"), "--lang", "en"), folder / "a.txt")
    assert reason in line


def test_pipes_in_a_folder_are_skipped_not_waited_for(tmp_path: Path) -> None:
    """Regression: a FIFO named like a report made the walk wait for a writer forever."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    (tmp_path / "report.txt").write_bytes(REPORT.read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")
    script = Path(sys.executable).with_name("govcheck")
    run = subprocess.run(
        [str(script), "lint", str(tmp_path), "--format", "jsonl"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert [json.loads(line)["path"] for line in run.stdout.splitlines()] == [
        str(tmp_path / "report.txt")
    ]


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("permission bits do not deny reads to root (or off POSIX); see the next test")
    path = tmp_path / "secret.txt"
    path.write_bytes(REPORT.read_bytes())
    path.chmod(0)
    try:
        line = one_line(run_cli("lint", str(path), "--lang", "en"), path)
    finally:
        path.chmod(0o600)
    assert line == text("input.unreadable", "en", path=str(path), reason=os.strerror(13))


def test_a_read_denied_by_the_system_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusal simulated, so that it is tested where the suite runs as root."""
    path = tmp_path / "secret.txt"
    path.write_bytes(REPORT.read_bytes())
    real_open = os.open

    def deny(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    line = one_line(run_cli("lint", str(path), "--lang", "en"), path)
    assert line == text("input.unreadable", "en", path=str(path), reason=os.strerror(errno.EACCES))


def test_a_file_deleted_after_the_folder_was_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between expanding the arguments and reading: the other files are still linted."""
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(REPORT.read_bytes())

    def expand_then_delete(*args: Any, **kwargs: Any) -> Inputs:
        inputs = expand_inputs(*args, **kwargs)
        (tmp_path / "b.txt").unlink()
        return inputs

    monkeypatch.setattr("govcheck.run.expand_inputs", expand_then_delete)
    result = run_cli("lint", str(tmp_path), "--format", "jsonl", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [text("input.missing", "en", path=str(tmp_path / "b.txt"))]
    assert len(result.stdout.splitlines()) == 2


def test_a_file_deleted_between_its_check_and_its_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gone.txt"
    path.write_bytes(REPORT.read_bytes())
    real_open = os.open

    def delete_then_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == path:
            path.unlink()
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", delete_then_open)
    line = one_line(run_cli("lint", str(path), "--lang", "en"), path)
    assert line == text("input.missing", "en", path=str(path))


# --- hostile documents ---------------------------------------------------------------------


def test_a_zip_bomb_docx_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(zeros_zip("word/document.xml", 200 * MIB))
    assert path.stat().st_size < MIB
    started = time.perf_counter()
    refused(path, "input.docx_bomb", limit=MAX_UNPACKED)
    assert time.perf_counter() - started < 10


EXTERNAL = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


def test_a_docx_with_an_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.docx"
    path.write_bytes(package(('<?xml version="1.0"?>' + EXTERNAL + BODY).encode()))
    refused(path, "input.docx_dtd", part="word/document.xml")


def test_an_html_page_with_an_external_entity_never_resolves_it(tmp_path: Path) -> None:
    path = tmp_path / "xxe.html"
    path.write_text(f"{EXTERNAL}<html><body><p>&x;</p></body></html>", encoding="utf-8")
    result = run_cli("lint", str(path), "--format", "json")
    assert result.exit_code == 1  # read, and GC001: not a report
    assert "root:" not in result.stdout


# Runs the CLI in a child process and records the child's own peak resident
# memory: VmHWM, the high-water mark of its address space. Not ru_maxrss,
# which Linux carries over an exec from the forked copy of the parent, so it
# reported the test runner's size (332 MiB late in a full run) as the child's.
MEASURED = """
import sys
record = sys.argv.pop(1)
from govcheck.cli import app
try:
    app(prog_name="govcheck")
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(record, "w") as handle:
        handle.write(peak)
"""


def run_measured(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """``govcheck *args`` in a fresh process: its result and its peak memory in bytes."""
    record = tmp_path / "maxrss"
    run = subprocess.run(
        [sys.executable, "-c", MEASURED, str(record), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return run, int(record.read_text()) * 1024  # VmHWM is in KiB


@pytest.mark.skipif(sys.platform != "linux", reason="VmHWM is read from Linux's /proc")
@pytest.mark.parametrize("closed", [True, False])
def test_200000_nested_tags_finish_in_bounded_time_and_memory(closed: bool, tmp_path: Path) -> None:
    """1.2 MB of markup: the element stack is capped and nothing recurses."""
    depth = 200_000
    markup = "<html><body>" + "<div>" * depth + "深处的文字" + ("</div>" * depth if closed else "")
    path = tmp_path / "deep.html"
    path.write_text(markup, encoding="utf-8")
    run, peak = run_measured(tmp_path, "lint", str(path), "--format", "json")
    assert "Traceback" not in run.stderr
    assert run.returncode == 1, run.stderr
    assert [f["rule"] for f in json.loads(run.stdout)["files"][0]["findings"]] == ["GC001"]
    assert peak < 256 * MIB, f"peak memory {peak / MIB:.0f} MiB"


ENCRYPT = (
    b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
    + b"> /P -4 >> /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] "
)  # fmt: skip


def test_an_encrypted_pdf_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf([PAGE_1], ENCRYPT))
    refused(path, "input.pdf_encrypted")


@pytest.mark.parametrize("damage", ["truncated", "no-xref", "garbage"])
def test_a_corrupt_pdf_is_one_line(damage: str, tmp_path: Path) -> None:
    pdf = make_pdf([PAGE_1])
    data = {
        "truncated": pdf[:400],
        "no-xref": pdf[: pdf.index(b"xref")],
        "garbage": b"%PDF-1.7\n" + bytes(range(256)) * 16,
    }[damage]
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    line = one_line(run_cli("lint", str(path), "--lang", "en"), path)
    assert line.startswith(f"{path}: the PDF is damaged or incomplete"), line
