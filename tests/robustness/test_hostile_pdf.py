"""Hostile PDFs through the command line: one line, exit 2, bounded time and memory.

Each file is written here byte by byte: small files that describe a great
deal of work (a stream that inflates to 1 GiB, 20,000 pages, 400,000 glyphs
or paths on a page, 24 MiB of drawing instructions). Unbounded, PDFium took
5.5 s and 2 GB for the first and 28 s and 1.6 GB for the last, in single C
calls that no time budget interrupts. Each must now be refused with the one
catalogued line naming the cap it passed, within seconds and a few hundred
MiB (peak memory is the child process's own VmHWM, see
:func:`tests.robustness.test_bad_inputs.run_measured`). Files that were
hostile to pdfminer's tokenizer (a million tokens, deep nesting) cost PDFium
milliseconds: they are read, and refused as having no text. A file under
every cap that is merely slow is stopped by the per-file time budget
(``--timeout``), and the run goes on with the other files.
"""

from __future__ import annotations

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
    MAX_DRAWING,
    MAX_GLYPHS,
    MAX_PAGES,
    MAX_PATHS,
    MAX_STREAM,
)
from govcheck.timebudget import time_budget
from tests.conftest import EXAMPLES, run_cli
from tests.robustness.test_bad_inputs import run_measured

pytestmark = [
    pytest.mark.skipif(find_spec("pypdfium2") is None, reason="no pypdfium2"),
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


def lzw_codes(codes: list[tuple[int, int]]) -> bytes:
    """LZW codes ``(code, bits)`` packed most significant bit first, as PDF writes them."""
    out = bytearray()
    buffer = bits = 0
    for code, width in codes:
        buffer = (buffer << width) | code
        bits += width
        while bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)
    if bits:
        out.append((buffer << (8 - bits)) & 0xFF)
    return bytes(out)


def lzw_zeros(mib: int, early: bool = True) -> bytes:
    """LZWDecode data for at least ``mib`` MiB of zeros: ~1,300 times smaller.

    ``early``: codes widen one code early (the default; /EarlyChange 0 is late).

    For zeros the encoder emits 0, then 258, 259, ... (each one zero longer)
    until the table is full (4,095 entries), then a clear code, and again.
    """
    codes: list[tuple[int, int]] = []
    total = 0
    while total < mib * MIB:
        codes.append((256, codes[-1][1] if codes else 9))  # clear the table
        width, table = 9, 258
        for code in (0, *range(258, 4094)):
            codes.append((code, width))
            total += 1 if code == 0 else code - 256
            table += 1
            if table + early > (1 << width) and width < 12:
                width += 1
    return lzw_codes([*codes, (257, 12)])


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


def hidden_bomb(how: str) -> bytes:
    """The 1 GiB stream bomb, hidden from a naive scan: a comment before "stream",
    or its filter list in another object."""
    data = deflated_zeros(1024)
    if how == "comment":
        head = b"<< /Length %d /Filter /FlateDecode >> %% a comment\n" % len(data)
        return write_pdf([b"4 0 R"], [head + b"stream\n" + data + b"\nendstream"])
    head = b"<< /Length %d /Filter 5 0 R >>" % len(data)
    return write_pdf([b"4 0 R"], [head + b"\nstream\n" + data + b"\nendstream", b"[/FlateDecode]"])


def document_bomb(mib: int = 60) -> bytes:
    """Three embedded fonts of ``mib`` MiB each: by default under the stream cap, 180 MiB in all.

    Fonts that the page never uses: PDFium would not inflate them, but a
    reader of the same file could, and the scan counts every stream.
    """
    files = [stream(deflated_zeros(mib), b"/FlateDecode") for _ in range(3)]
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


def drawing_streams(count: int, size: int) -> bytes:
    """One page drawing ``count`` content streams of ``size`` bytes of moves each."""
    moves = b"0 0 m\n" * (size // 6)
    refs = b"[" + b" ".join(b"%d 0 R" % (4 + i) for i in range(count)) + b"]"
    return write_pdf([refs], [stream(zlib.compress(moves), b"/FlateDecode")] * count)


def labelled_image(mib: int) -> bytes:
    """A page whose content stream calls itself an image: the dictionary lies, /Contents rules."""
    data = zlib.compress(b"0 0 m\n" * (mib * MIB // 6))
    head = b"<< /Length %d /Subtype /Image /Filter /FlateDecode >>" % len(data)
    return write_pdf([b"4 0 R"], [head + b"\nstream\n" + data + b"\nendstream"])


def form_drawn(times: int, glyphs: int) -> bytes:
    """A page drawing one form of ``glyphs`` text objects ``times`` times (PDFium parses
    it each time: 200 x 40,000 ran over 100 s in one call, unbounded)."""
    body = zlib.compress(b"BT /F1 1 Tf 10 830 Td\n" + b"(x) Tj 1 0 Td\n" * glyphs + b"ET")
    form = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Length %d /Filter /FlateDecode >>" % len(body)
    )
    objects = [form + b"\nstream\n" + body + b"\nendstream", stream(b"/X1 Do\n" * times)]
    return write_pdf([b"5 0 R"], objects, b"/F1 3 0 R >> /XObject << /X1 4 0 R")


def nested_forms(fan_out: int) -> bytes:
    """A page drawing form A ``fan_out`` times; A draws form B (100 glyphs) ``fan_out`` times."""

    def form(body: bytes, resources: bytes) -> bytes:
        head = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << "
        return head + resources + b" >> /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"

    inner = form(
        b"BT /F1 1 Tf 10 830 Td\n" + b"(x) Tj 1 0 Td\n" * 100 + b"ET", b"/Font << /F1 3 0 R >>"
    )
    outer = form(b"/B Do\n" * fan_out, b"/XObject << /B 4 0 R >>")
    content = stream(b"/A Do\n" * fan_out)
    return write_pdf([b"6 0 R"], [inner, outer, content], b"/F1 3 0 R >> /XObject << /A 5 0 R")


def token_pages(pages: int) -> bytes:
    """``pages`` pages sharing one content stream of 150,000 tokens (moves, 300 KB)."""
    return write_pdf([b"4 0 R"] * pages, [stream(b"0 0 m\n" * 50_000)])


HOSTILE = {
    "stream-bomb": (stream_bomb, "input.pdf_stream_bomb", {"limit": MAX_STREAM}),
    "run-length-bomb": (run_length_bomb, "input.pdf_stream_bomb", {"limit": MAX_STREAM}),
    "lzw-bomb": (
        lambda: one_page_pdf(lzw_zeros(80), b"/LZWDecode"),
        "input.pdf_stream_bomb",
        {"limit": MAX_STREAM},
    ),
    "bomb-after-a-comment": (
        lambda: hidden_bomb("comment"),
        "input.pdf_stream_bomb",
        {"limit": MAX_STREAM},
    ),
    "bomb-with-indirect-filters": (
        lambda: hidden_bomb("indirect"),
        "input.pdf_stream_bomb",
        {"limit": MAX_STREAM},
    ),
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
        "input.pdf_drawing_too_large",
        {"limit": MAX_CONTENT},
    ),
    "24-MiB-of-Tj": (  # 2 M text objects: 28 s and 1.6 GB in one PDFium call, unbounded
        lambda: one_page_pdf(
            zlib.compress(b"BT /F1 1 Tf 10 830 Td\n" + b"(x) Tj 1 0 Td\n" * (2 * MIB) + b"ET"),
            b"/FlateDecode",
        ),
        "input.pdf_drawing_too_large",
        {"limit": MAX_CONTENT},
    ),
    "5-streams-of-1.9-MiB": (
        lambda: drawing_streams(5, MAX_CONTENT - 100 * 1024),
        "input.pdf_drawing_too_large",
        {"limit": MAX_DRAWING},
    ),
    "content-labelled-image": (
        lambda: labelled_image(4),
        "input.pdf_drawing_too_large",
        {"limit": MAX_CONTENT},
    ),
    "form-drawn-200-times": (
        lambda: form_drawn(200, 40_000),
        "input.pdf_drawing_too_large",
        {"limit": MAX_DRAWING},
    ),
    "forms-drawing-forms": (
        lambda: nested_forms(1000),
        "input.pdf_drawing_too_large",
        {"limit": MAX_DRAWING},
    ),
    "1050000-tokens": (lambda: token_pages(7), "input.pdf_no_text", {}),
    "1000000-nested-arrays": (
        lambda: one_page_pdf(b"[" * 1_000_000),
        "input.pdf_no_text",
        {},
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


def scanned(data: bytes) -> pdfcaps.Budget:
    """The budget after the pre-scan of ``data``."""
    with pdfcaps.bounded("t.pdf") as budget:
        pdfcaps.scan(data)
    return budget


@pytest.mark.parametrize(
    ("filters", "data", "size"),
    [
        (b"/FlateDecode", zlib.compress(bytes(range(256)) * 100), 25_600),
        (b"/LZWDecode", bytes.fromhex("800b6050220c0c8501"), 10),  # PDF 32000-1, 7.4.4.2
        (b"/RunLengthDecode", b"\x02abc\xfdz\x00q\x80", 8),  # abc, zzzz, q
        (b"[/ASCIIHexDecode /FlateDecode]", zlib.compress(bytes(5000)).hex().encode(), 5000),
        (b"", b"0 0 m 9 9 l S", 13),
    ],
)
def test_the_scan_counts_what_each_filter_decodes_to(
    filters: bytes, data: bytes, size: int
) -> None:
    budget = scanned(one_page_pdf(data, filters))
    assert budget.inflated == size
    assert budget.drawing == size  # the page's content stream


@pytest.mark.parametrize("length", [b"/Length 3000", b"/Length 5 0 R"])
def test_a_false_endstream_inside_the_data_does_not_shorten_the_stream(length: bytes) -> None:
    """PDFium reads /Length bytes when "endstream" follows them: so does the scan."""
    moves = b"0 0 m\n" * 100 + b"endstream\n" + b"0 0 m\n" * 400  # 3,010 bytes
    head = b"<< " + length + b" >>\nstream\n"
    data = write_pdf([b"4 0 R"], [head + moves[:3000] + b"\nendstream", b"3000"])
    assert scanned(data).drawing >= 3000


def test_the_lzw_count_follows_table_resets_and_code_widths() -> None:
    """One full table of zeros and a reset: 1 + (2 + ... + 3,837) bytes, without building them."""
    assert pdfcaps._lzw_size(lzw_zeros(1), pdfcaps.Budget()) == 7_363_203
    late = lzw_zeros(1, early=False)
    assert pdfcaps._lzw_size(late, pdfcaps.Budget(), early=False) == 7_363_203
    assert pdfcaps._lzw_size(late, pdfcaps.Budget()) != 7_363_203  # the width matters


def test_a_damaged_stream_counts_what_inflates_before_the_damage() -> None:
    packed = zlib.compress(bytes(range(256)) * 100)
    assert scanned(one_page_pdf(packed[:-10], b"/FlateDecode")).inflated < 25_600
    assert scanned(one_page_pdf(packed[:-10], b"/FlateDecode")).inflated > 20_000


def test_fonts_count_as_inflated_bytes_but_not_as_drawing() -> None:
    """The document bomb's fonts, scaled down: 3 x 1 MiB inflated, only the page draws."""
    budget = scanned(document_bomb(1))
    assert budget.inflated == 3 * MIB + len(b"BT /F1 10 Tf 50 800 Td (text) Tj ET")
    assert budget.drawing == len(b"BT /F1 10 Tf 50 800 Td (text) Tj ET")


@pytest.mark.parametrize("encrypt", [b"/Encrypt 9 0 R", b"/Encrypt << /Filter /Standard >>"])
def test_an_encrypted_file_is_refused_before_pdfium_opens_it(encrypt: bytes) -> None:
    """Even with an empty user password: its streams cannot be measured before decryption."""
    data = one_page_pdf(b"BT /F1 10 Tf 50 800 Td (text) Tj ET").replace(
        b"/Root 1 0 R", b"/Root 1 0 R " + encrypt
    )
    with pytest.raises(InputError) as caught, pdfcaps.bounded("t.pdf"):
        pdfcaps.scan(data)
    assert caught.value.key == "input.pdf_encrypted"


def test_forms_drawn_a_few_times_are_read() -> None:
    """Ten draws of a form that draws a small form ten times: charged, and far under the cap."""
    budget = scanned(nested_forms(10))
    assert budget.drawing < MAX_DRAWING


def test_a_cap_is_not_swallowed_by_a_handler_of_exceptions() -> None:
    """PDF code catches Exception in places; a cap is a BaseException and gets through."""
    with pytest.raises(InputError) as caught, pdfcaps.bounded("t.pdf") as budget:
        try:
            budget.charge(MAX_STREAM + 1, MAX_STREAM + 1)
        except Exception:
            pytest.fail("the cap was caught as an Exception")
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
