"""Word files: units in reading order, merged cells, and hostile or broken archives."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from govcheck.errors import InputError
from govcheck.load import load_bytes, read_source
from govcheck.load.docx import MAX_UNPACKED, CellPosition, describe_location, extract, load
from govcheck.model import CellKind
from govcheck.parse import parse
from tests.conftest import EXAMPLES, run_cli
from tests.forms.render_docx import (
    COMMENT_TEXT,
    FOOTER_TEXT,
    HEADER_TEXT,
    Para,
    W,
    WCell,
    WTable,
    build_docx,
    document_xml,
    package,
    report_blocks,
    runs,
)


def texts(data: bytes) -> list[tuple[str, bool]]:
    return [(u.text, u.cell) for u in load(data, "r.docx").units]


# --- reading -------------------------------------------------------------------------------


def test_paragraphs_and_table_cells_in_reading_order() -> None:
    data = build_docx(
        [
            Para("示例镇2022年政府信息公开工作年度报告", style="Title"),
            Para(""),
            Para("一、总体情况", style="Heading1"),
            WTable([[WCell("规章"), WCell("0")], [WCell("行政许可"), WCell("214")]]),
            Para("六、其他需要报告的事项"),
        ]
    )
    source = load(data, "r.docx")
    assert [(u.text, u.cell) for u in source.units] == [
        ("示例镇2022年政府信息公开工作年度报告", False),
        ("一、总体情况", False),
        ("规章", True),
        ("0", True),
        ("行政许可", True),
        ("214", True),
        ("六、其他需要报告的事项", False),
    ]
    assert [u.line for u in source.units] == list(range(1, 8))
    assert source.lines == tuple(u.text for u in source.units)
    assert source.form == "docx"


def test_tabs_breaks_and_cell_paragraphs_read_as_one_line() -> None:
    xml = (
        '<w:r><w:t>本年</w:t><w:tab/><w:t xml:space="preserve">新收 </w:t></w:r>'
        "<w:r><w:br/><w:t>16件</w:t></w:r>"
    )
    data = build_docx([Para(xml=xml), WTable([[WCell("（二）部分公开\n（区分处理的）")]])])
    assert texts(data) == [("本年 新收  16件", False), ("（二）部分公开 （区分处理的）", True)]


def test_deleted_and_hidden_text_is_dropped_inserted_text_kept() -> None:
    xml = (
        runs("收到申请")
        + '<w:del w:id="1" w:author="a"><w:r><w:delText>15</w:delText></w:r></w:del>'
        + '<w:ins w:id="2" w:author="a"><w:r><w:t>16</w:t></w:r></w:ins>'
        + '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'
        + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        + '<w:hyperlink r:id="rId9"><w:r><w:t>件</w:t></w:r></w:hyperlink>'
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>。</w:t></w:r>'
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    assert texts(build_docx([Para(xml=xml)])) == [("收到申请16件。", False)]


def test_headers_footers_and_comments_are_not_read() -> None:
    read = {text for text, _ in texts(build_docx([Para("正文")]))}
    assert read == {"正文"}
    assert not {HEADER_TEXT, FOOTER_TEXT, COMMENT_TEXT} & read


def test_content_controls_are_opened() -> None:
    inner = "<w:p><w:r><w:t>受控段落</w:t></w:r></w:p>"
    body = f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
    doc = document_xml([Para("前")]).replace("<w:body>", f"<w:body>{body}")
    assert texts(package(doc.encode())) == [("受控段落", False), ("前", False)]


def test_grid_span_is_one_unit_and_vmerge_continuations_are_skipped() -> None:
    table = WTable(
        [
            [WCell("注", span=2, merge="restart"), WCell("申请人情况", span=3)],
            [WCell(span=2, merge="continue"), WCell("自然人"), WCell("法人", span=2)],
            [WCell("三、结果", merge="restart"), WCell("（一）予以公开"), WCell("4"), WCell("")],
            [WCell(merge="continue"), WCell("（二）部分公开"), WCell("1"), WCell("0")],
        ]
    )
    result = extract(build_docx([table]), "r.docx")
    assert [(u.text, u.cell) for u in result.source.units] == [
        ("注", True),
        ("申请人情况", True),
        ("自然人", True),
        ("法人", True),
        ("三、结果", True),
        ("（一）予以公开", True),
        ("4", True),
        ("", True),
        ("（二）部分公开", True),
        ("1", True),
        ("0", True),
    ]
    assert result.positions[2] == CellPosition(table=1, row=1, column=3)
    assert result.positions[4] == CellPosition(table=1, row=2, column=4)
    assert result.positions[9] == CellPosition(table=1, row=4, column=2)


def test_grid_before_shifts_the_column() -> None:
    table = WTable([[WCell("a"), WCell("b")], [WCell("c")]], grid_before={1: 1})
    result = extract(build_docx([table]), "r.docx")
    assert result.positions[3] == CellPosition(1, 2, 2)


def test_nested_tables_are_flattened_in_order() -> None:
    inner = WTable([[WCell("内1"), WCell("内2")]])
    table = WTable([[WCell("外", nested=inner), WCell("后")], [WCell(nested=inner), WCell("末")]])
    result = extract(build_docx([Para("前"), table]), "r.docx")
    expected = ["前", "外", "内1", "内2", "后", "内1", "内2", "末"]
    assert [u.text for u in result.source.units] == expected
    assert result.positions[3] == CellPosition(table=2, row=1, column=1)
    assert result.positions[8] == CellPosition(table=1, row=2, column=2)


def test_describe_location_names_table_row_and_column() -> None:
    position = CellPosition(table=3, row=5, column=4)
    assert describe_location(position) == "表3 第5行第4列"
    assert describe_location(position, "en") == "table 3, row 5, column 4"


def test_blank_cell_maps_to_a_blank_cell_of_table_3() -> None:
    blocks = report_blocks((EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8"))
    table = next(
        b for b in blocks if isinstance(b, WTable) and _has(b, "一、本年新收政府信息公开申请数量")
    )
    row = next(r for r in table.rows if r[0].text == "一、本年新收政府信息公开申请数量")
    assert row[2].text == "3"  # 商业企业
    blanked = [WCell(c.text, c.span, c.merge) for c in row]
    blanked[2] = WCell("")
    rows = [blanked if r is row else r for r in table.rows]
    blocks[blocks.index(table)] = WTable(rows)
    doc = parse(load(build_docx(blocks), "r.docx"))
    cell = doc.tables["t3"].cells[("new", "biz")]
    assert cell.kind is CellKind.BLANK
    assert cell.raw == ""
    assert doc.tables["t3"].cells[("new", "np")].value == 9


def _has(table: WTable, text: str) -> bool:
    return any(c.text == text for row in table.rows for c in row)


def test_docx_saved_as_txt_is_still_read_as_word(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(build_docx([Para("一、总体情况"), WTable([[WCell("规章")]])]))
    source = read_source(path)
    assert source.form == "docx"
    assert [u.text for u in source.units] == ["一、总体情况", "规章"]
    assert load_bytes(path.read_bytes(), "other.txt").form == "docx"


# --- refusing --------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MIB = 1024 * 1024


def zeros_zip(
    name: str, size: int, *, prefix: bytes = b"", fill: bytes = b"\0", declared: int | None = None
) -> bytes:
    """A zip whose only member is ``prefix`` and ``size`` bytes of ``fill``, built in a blink.

    Deflate output ended by a full flush never refers back, so one compressed
    MiB repeated is a valid stream of many MiB; nothing is ever held unpacked.
    ``declared`` is the uncompressed size the headers claim (default: the truth).
    """
    mib = fill * MIB

    def deflated(data: bytes) -> bytes:
        squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
        return squeeze.compress(data) + squeeze.flush(zlib.Z_FULL_FLUSH)

    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    stream = deflated(prefix) + deflated(mib) * (size // MIB) + end
    crc = zlib.crc32(prefix)
    for _ in range(size // MIB):
        crc = zlib.crc32(mib, crc)
    raw = name.encode()
    total = len(prefix) + size
    fields = (crc, len(stream), total if declared is None else declared, len(raw))
    local = struct.pack("<4s5H3IHH", b"PK\x03\x04", 20, 0, 8, 0, 0, *fields, 0) + raw
    central = struct.pack(
        "<4s6H3I5HII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, *fields, 0, 0, 0, 0, 0, 0
    )
    central += raw
    end_record = (b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(stream), 0)
    return local + stream + central + struct.pack("<4s4H2IH", *end_record)


# A well-formed start, so that the parser keeps reading (and keeps the text) until stopped.
TEXT_START = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """word/document.xml of 200 MiB of zeros: about 200 KB compressed."""
    return zeros_zip("word/document.xml", 200 * MIB)


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """Patch the declared uncompressed size of ``name`` in both zip headers."""
    patched = bytearray(data)
    local = patched.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", patched, local + 26)[0]
        if patched[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", patched, local + 22, size)
        local = patched.find(b"PK\x03\x04", local + 4)
    central = patched.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", patched, central + 24, size)
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def _encrypted() -> bytes:
    """A docx whose document part has the zip encryption flag set (zipfile cannot write one)."""
    patched = bytearray(build_docx([Para("正文")]))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = patched.find(signature)
        while at >= 0:
            flags = struct.unpack_from("<H", patched, at + offset)[0]
            struct.pack_into("<H", patched, at + offset, flags | 0x1)
            at = patched.find(signature, at + 4)
    return bytes(patched)


BODY = (
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>'
)


def _declared_huge() -> bytes:
    """A small image member that claims to unpack to more than the limit."""
    data = package(document_xml([Para("正文")]).encode(), extra={"word/media/a.png": b"x" * 64})
    return _lie_about_size(data, b"word/media/a.png", MAX_UNPACKED + 1)


def _doctype(encoding: str) -> bytes:
    """The billion-laughs shape, cut to one entity: refused before it is declared."""
    prolog = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE w:document [<!ENTITY a "aa">]>'
    return (prolog + BODY).encode(encoding)


BAD_INPUTS: dict[str, tuple[Callable[[], bytes], str]] = {
    "doctype": (lambda: package(_doctype("UTF-8")), "dtd"),
    "doctype-utf16": (lambda: package(_doctype("UTF-16")), "dtd"),
    "entity-outside-doctype": (lambda: package(b"<!ENTITY a 'aa'>" + BODY.encode()), "dtd"),
    "not-word": (lambda: _zip({"hello.txt": b"hello", "xl/workbook.xml": b"<x/>"}), "not_word"),
    "garbage-after-magic": (lambda: b"PK\x03\x04" + bytes(range(256)) * 8, "corrupt"),
    "truncated": (lambda: build_docx([Para("正文" * 500)])[:-300], "corrupt"),
    "malformed-xml": (lambda: package(b"<w:document><w:body><w:p>"), "corrupt"),
    "encrypted": (_encrypted, "encrypted"),
    "declared-huge": (_declared_huge, "bomb"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_archives_raise_one_input_error(case: str) -> None:
    make, key = BAD_INPUTS[case]
    with pytest.raises(InputError) as info:
        load(make(), "bad.docx")
    assert info.value.key == f"input.docx_{key}"
    assert info.value.values["path"] == "bad.docx"


def test_zip_bomb_is_refused_quickly_in_bounded_memory(bomb: bytes) -> None:
    assert len(bomb) < MIB
    assert_refused_cheaply(bomb)


def test_the_bomb_builder_makes_sound_archives() -> None:
    data = zeros_zip("word/document.xml", 3 * MIB, prefix=b"<a>", fill=b" ")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.read("word/document.xml") == b"<a>" + b" " * 3 * MIB


@pytest.mark.parametrize(
    ("size", "declared"),
    [
        (60 * MIB, None),  # honest and under the size cap: the ratio stops it
        (200 * MIB, 60 * MIB),  # claims 60 MiB: the ratio stops it long before
        (200 * MIB, 2 * MIB),
    ],
)
@pytest.mark.parametrize("fill", [b"a", b" "])
def test_dense_parts_are_refused_while_reading(
    size: int, declared: int | None, fill: bytes
) -> None:
    data = zeros_zip("word/document.xml", size, prefix=TEXT_START, fill=fill, declared=declared)
    assert_refused_cheaply(data)


def test_a_size_claimed_too_small_ends_as_a_damaged_file() -> None:
    data = zeros_zip("word/document.xml", 200 * MIB, prefix=TEXT_START, fill=b"a", declared=1000)
    with pytest.raises(InputError) as info:
        load(data, "bomb.docx")
    assert info.value.key == "input.docx_corrupt"


def assert_refused_cheaply(data: bytes) -> None:
    """Refused as a bomb in well under a second and a few MiB of memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputError) as info:
            load(data, "bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.key == "input.docx_bomb"
    assert time.perf_counter() - started < 2
    assert peak < 8 * MIB


def test_an_empty_body_is_an_empty_report() -> None:
    with pytest.raises(InputError) as info:
        load(build_docx([Para(""), Para("   ")]), "e.docx")
    assert info.value.key == "input.empty"


@pytest.mark.parametrize("case", ["bomb", *sorted(BAD_INPUTS)])
def test_cli_reports_one_line_and_exit_code_2(case: str, tmp_path: Path, bomb: bytes) -> None:
    data = bomb if case == "bomb" else BAD_INPUTS[case][0]()
    path = tmp_path / f"{case}.docx"
    path.write_bytes(data)
    for lang in ("zh", "en"):
        result = run_cli("lint", str(path), "--lang", lang)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert str(path) in lines[0]
        assert "Traceback" not in result.output
