"""Hostile PDFs through the command line: one line, exit 2, bounded time and memory.

Each file is written here byte by byte: small files that describe a great
deal of work (a stream that inflates to 1 GiB, 20,000 pages, 400,000 glyphs
or paths on a page). Unbounded, the first peaked at 2.1 GB and the glyphs
took 197 s. Each must now be refused with the one catalogued line naming the
cap it passed, within seconds and a few hundred MiB (peak memory is the child
process's own VmHWM, see :func:`tests.robustness.test_bad_inputs.run_measured`).
A file under every cap that is merely slow is stopped by the per-file time
budget (``--timeout``), and the run goes on with the other files.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import time
import zlib
from importlib.util import find_spec
from pathlib import Path

import pytest

from govcheck.errors import InputError
from govcheck.i18n import text
from govcheck.load import pdfcaps
from govcheck.load.pdfcaps import (
    MAX_CONTENT,
    MAX_DOCUMENT,
    MAX_GLYPHS,
    MAX_NESTING,
    MAX_PAGES,
    MAX_PATHS,
    MAX_STREAM,
    MAX_TOKENS,
)
from govcheck.timebudget import time_budget
from tests.conftest import EXAMPLES, run_cli
from tests.robustness.test_bad_inputs import run_measured

pytestmark = [
    pytest.mark.skipif(find_spec("pdfplumber") is None, reason="no pdfplumber"),
    pytest.mark.skipif(sys.platform != "linux", reason="VmHWM is read from Linux's /proc"),
]

MIB = 1024 * 1024
# What any refusal may cost at most: far below the 2.1 GB and 197 s measured unbounded.
MAX_SECONDS = 20.0
MAX_PEAK = 400 * MIB


# --- writing PDFs --------------------------------------------------------------------------


def write_pdf(contents: list[bytes], objects: list[bytes], fonts: bytes = b"/F1 3 0 R") -> bytes:
    """A PDF whose page *i* draws ``contents[i]`` (a Contents value, e.g. ``b"4 0 R"``).

    ``objects`` (streams, fonts) are numbered from 4 on; pages follow them.
    Object 3 is Helvetica; ``fonts`` is every page's font resource dictionary.
    """
    first_page = 4 + len(objects)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(len(contents)))
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(contents),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *objects,
    ]
    bodies += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << " + fonts + b" >> >> /Contents " + content + b" >>"
        for content in contents
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(bodies) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data: bytes, filters: bytes = b"") -> bytes:
    """A stream object: ``data`` as stored, with ``/Filter filters`` if given."""
    head = b"<< /Length %d" % len(data) + (b" /Filter " + filters if filters else b"") + b" >>"
    return head + b"\nstream\n" + data + b"\nendstream"


def deflated_zeros(mib: int) -> bytes:
    """A zlib stream of ``mib`` MiB of zero bytes, ~1,000 times smaller, written in ms.

    After a full flush the compressor forgets its history, so every further
    MiB of zeros compresses to the same bytes: compressed once, repeated,
    and closed with the Adler-32 of the whole (for n zeros: a = 1, b = n).
    """
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]
    adler = ((mib * MIB) % 65521) << 16 | 1
    return first + again * (mib - 1) + end + adler.to_bytes(4, "big")


def run_length_zeros(mib: int) -> bytes:
    """RunLengthDecode data for ``mib`` MiB of zeros: 128 zeros per two bytes."""
    return b"\x81\x00" * (mib * MIB // 128) + b"\x80"


def glyph_page(glyphs: int) -> bytes:
    """A content stream drawing ``glyphs`` characters: lines of 100 at 1 pt."""
    line = b"(" + b"x" * 100 + b") Tj 0 -1 Td\n"
    return b"BT /F1 1 Tf 10 830 Td\n" + line * (glyphs // 100) + b"ET\n"


def path_page(paths: int) -> bytes:
    """A content stream stroking ``paths`` separate short lines (14 bytes each)."""
    return b"".join(b"%d 0 m %d 9 l S\n" % (i % 10, i % 10) for i in range(paths))


def one_page_pdf(content: bytes, filters: bytes = b"") -> bytes:
    """One page drawing the stream ``content`` (stored through ``filters``)."""
    return write_pdf([b"4 0 R"], [stream(content, filters)])


# --- the hostile inputs --------------------------------------------------------------------


def stream_bomb() -> bytes:
    """1 GiB of zeros in one Flate content stream: a 1 MB file."""
    return one_page_pdf(deflated_zeros(1024), b"/FlateDecode")


def run_length_bomb() -> bytes:
    """128 MiB of zeros in one RunLength content stream: a 2 MB file."""
    return one_page_pdf(run_length_zeros(128), b"/RunLengthDecode")


def document_bomb() -> bytes:
    """Three embedded fonts of 60 MiB each: every stream under the stream cap, 180 MiB in all.

    Fonts, because pdfminer inflates a CID font's FontFile2 as soon as the
    page's resources are read, without parsing it.
    """
    files = [stream(deflated_zeros(60), b"/FlateDecode") for _ in range(3)]
    fonts = [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Bomb /Encoding /Identity-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Bomb "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /Bomb /Flags 4 "
        b"/FontFile2 %d 0 R >> >>] >>" % (4 + i)
        for i in range(3)
    ]
    content = stream(b"BT /F1 10 Tf 50 800 Td (text) Tj ET")
    resources = b" ".join(b"/B%d %d 0 R" % (i, 7 + i) for i in range(3))
    return write_pdf([b"10 0 R"], [*files, *fonts, content], b"/F1 3 0 R " + resources)


def many_pages(count: int, line: bytes = b"page") -> bytes:
    """``count`` pages sharing one content stream that writes ``line``."""
    content = b"BT /F1 10 Tf 50 800 Td (" + line + b") Tj ET\n"
    return write_pdf([b"4 0 R"] * count, [stream(content)])


def slow_pdf() -> bytes:
    """Under every cap, yet slow: 1,900 pages of 100 glyphs took 16 s (3 s without the glyphs)."""
    return many_pages(MAX_PAGES - 100, b"x" * 100)


def token_pages(pages: int) -> bytes:
    """``pages`` pages sharing one content stream of 150,000 tokens (moves, 300 KB)."""
    return write_pdf([b"4 0 R"] * pages, [stream(b"0 0 m\n" * 50_000)])


HOSTILE = {
    "stream-bomb": (stream_bomb, "input.pdf_stream_bomb", {"limit": MAX_STREAM}),
    "run-length-bomb": (run_length_bomb, "input.pdf_stream_bomb", {"limit": MAX_STREAM}),
    "document-bomb": (document_bomb, "input.pdf_document_bomb", {"limit": MAX_DOCUMENT}),
    "20000-pages": (lambda: many_pages(20_000), "input.pdf_too_many_pages", {"limit": MAX_PAGES}),
    "400000-glyphs": (
        lambda: one_page_pdf(glyph_page(400_000)),
        "input.pdf_too_many_glyphs",
        {"page": 1, "limit": MAX_GLYPHS},
    ),
    "100000-paths": (
        lambda: one_page_pdf(path_page(100_000)),
        "input.pdf_too_many_paths",
        {"page": 1, "limit": MAX_PATHS},
    ),
    "4-MiB-content": (
        lambda: one_page_pdf(zlib.compress(bytes(4 * MIB)), b"/FlateDecode"),
        "input.pdf_content_too_large",
        {"page": 1, "limit": MAX_CONTENT},
    ),
    "1050000-tokens": (
        lambda: token_pages(7),
        "input.pdf_too_many_tokens",
        {"limit": MAX_TOKENS},
    ),
    "1000000-nested-arrays": (
        lambda: one_page_pdf(b"[" * 1_000_000),
        "input.pdf_too_deep",
        {"limit": MAX_NESTING},
    ),
}


# --- through the command line --------------------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_pdf_is_one_line_in_bounded_time_and_memory(name: str, tmp_path: Path) -> None:
    build, key, values = HOSTILE[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build())
    assert path.stat().st_size < 4 * MIB
    started = time.perf_counter()
    run, peak = run_measured(tmp_path, "lint", str(path), "--lang", "en")
    seconds = time.perf_counter() - started
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [text(key, "en", path=str(path), **values)]
    assert seconds < MAX_SECONDS, f"{name}: {seconds:.1f} s"
    assert peak < MAX_PEAK, f"{name}: peak memory {peak / MIB:.0f} MiB"


@pytest.mark.parametrize("name", ["stream-bomb", "20000-pages", "1000000-nested-arrays"])
def test_the_refusal_is_in_chinese_by_default(name: str, tmp_path: Path) -> None:
    build, key, values = HOSTILE[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build())
    result = run_cli("lint", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [text(key, "zh", path=str(path), **values)]


def test_a_slow_pdf_under_the_caps_is_stopped_by_the_time_budget(tmp_path: Path) -> None:
    """A file under every cap that takes seconds (:func:`slow_pdf`) is stopped at 1 s.

    The run goes on: the report after it is linted and printed, and the exit
    code is 2, as for any unreadable file.
    """
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(slow_pdf())
    report = EXAMPLES / "f2021-department-2022.txt"
    started = time.perf_counter()
    run, _ = run_measured(
        tmp_path, "lint", str(slow), str(report), "--timeout", "1", "--lang", "en", "-f", "json"
    )
    seconds = time.perf_counter() - started
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [text("input.timeout", "en", path=str(slow), seconds="1")]
    assert [f["path"] for f in json.loads(run.stdout)["files"]] == [str(report)]
    assert seconds < 1 + 8, f"{seconds:.1f} s"


def test_the_budget_holds_in_the_worker_pool_too(tmp_path: Path) -> None:
    """With ``--jobs 2`` and eight files the files are linted in worker processes."""
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(slow_pdf())
    report = (EXAMPLES / "f2021-department-2022.txt").read_bytes()
    copies = [tmp_path / f"r{i}.txt" for i in range(7)]
    for copy in copies:
        copy.write_bytes(report)
    args = ["--timeout", "1", "--lang", "en", "-f", "json", "-j", "2"]
    run, _ = run_measured(tmp_path, "lint", str(slow), *map(str, copies), *args)
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert run.stderr.splitlines() == [text("input.timeout", "en", path=str(slow), seconds="1")]
    assert [f["path"] for f in json.loads(run.stdout)["files"]] == [str(c) for c in copies]


# --- units ---------------------------------------------------------------------------------


def damaged(data: bytes) -> bytes:
    """``data`` deflated with a wrong checksum: what pdfminer's corrupted-stream path reads."""
    packed = bytearray(zlib.compress(data))
    packed[-1] ^= 0xFF
    return bytes(packed)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("decompress_corrupted", damaged(bytes(range(256)) * 100)),
        ("lzwdecode", bytes.fromhex("800b6050220c0c8501")),  # PDF 32000-1, 7.4.4.2 example
        ("rldecode", b"\x02abc\xfdz\x00q\x80"),
    ],
)
def test_the_bounded_decoders_give_what_pdfminer_gives(name: str, data: bytes) -> None:
    from pdfminer import pdftypes

    with pdfcaps.bounded("t.pdf"):
        bounded = getattr(pdftypes, name)(data)
    assert getattr(pdftypes, name) is not pdfcaps._original(name)
    assert bounded == pdfcaps._original(name)(data)
    assert bounded  # the sample decodes to something


def test_the_bounded_inflater_gives_what_zlib_gives() -> None:
    data = zlib.compress(bytes(range(256)) * 5000)
    with pdfcaps.bounded("t.pdf"):
        assert pdfcaps._inflate(data) == zlib.decompress(data)
        with pytest.raises(zlib.error):
            pdfcaps._inflate(data[:-10])


def test_a_damaged_stream_keeps_its_error_when_the_damage_is_early() -> None:
    packed = bytearray(zlib.compress(bytes(range(256)) * 100))
    packed[5] ^= 0xFF
    with pdfcaps.bounded("t.pdf"), pytest.raises(zlib.error):
        pdfcaps._inflate_damaged(bytes(packed))


def test_a_cap_swallowed_by_pdfminer_is_raised_again() -> None:
    """pdfminer catches Exception in places; the budget remembers a refusal anyway."""
    # The suppress is what a careless reader inside pdfminer might do.
    with (
        pytest.raises(InputError) as caught,
        pdfcaps.bounded("t.pdf") as budget,
        contextlib.suppress(BaseException),
    ):
        budget.charge(MAX_STREAM + 1, MAX_STREAM + 1)
    assert caught.value.key == "input.pdf_stream_bomb"
    assert caught.value.values == {"path": "t.pdf", "limit": MAX_STREAM}


def test_the_time_budget_stops_a_busy_loop() -> None:
    started = time.perf_counter()
    with pytest.raises(InputError) as caught, time_budget(0.2, "t.pdf"):
        while True:
            pass
    assert caught.value.key == "input.timeout"
    assert caught.value.values == {"path": "t.pdf", "seconds": "0.2"}
    assert time.perf_counter() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_budget_means_none_and_a_finished_block_disarms_the_timer() -> None:
    with time_budget(0, "t.pdf"):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_budget(5, "t.pdf"):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
