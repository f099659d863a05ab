"""Encoding detection, line endings and bad input for plain text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from govcheck.errors import InputError
from govcheck.load import decode, read_source

SAMPLE = "示例镇人民政府2020年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
    ],
)
def test_encodings_are_detected_without_being_told(data: bytes, encoding: str) -> None:
    source = decode(data, "r.txt")
    assert source.encoding == encoding
    assert source.lines == tuple(SAMPLE.splitlines())


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_lines(newline: str) -> None:
    source = decode(SAMPLE.replace("\n", newline).encode("utf-8"), "r.txt")
    assert source.lines == (
        "示例镇人民政府2020年政府信息公开工作年度报告",
        "一、总体情况",
        "（一）主动公开",
    )


def test_text_is_kept_exactly_as_written() -> None:
    raw = "（一）予以公开　 １２\u3000"
    assert decode(raw.encode("utf-8"), "r.txt").lines == (raw,)


def test_only_cr_and_lf_split_lines() -> None:
    # \x0c and \u2028 are line breaks to str.splitlines but not to editors.
    source = decode("第一行\x0c仍是第一行\u2028\n第二行".encode(), "r.txt")
    assert len(source.lines) == 2


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "input.empty"),
        (b"  \n\t\r\n", "input.empty"),
        (b"\x00\x01\x02binary\x00", "input.binary"),
        (bytes(range(0x80, 0x100)) * 4, "input.undecodable"),
        (b"\x1b\x02\x03\x04\x05\x06\x07\x08" * 10, "input.binary"),
    ],
)
def test_bad_bytes_raise_one_input_error(data: bytes, key: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data, "bad.txt")
    assert info.value.key == key
    assert info.value.values["path"] == "bad.txt"


def test_missing_and_directory_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        read_source(tmp_path / "nope.txt")
    assert missing.value.key == "input.missing"
    with pytest.raises(InputError) as directory:
        read_source(tmp_path)
    assert directory.value.key == "input.directory"
