"""Cell values: numbers with units and separators, placeholders, blanks and non-values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govcheck.model import CellKind
from govcheck.parse.numbers import CellValue, chinese_to_int, parse_cell


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("0", Decimal(0), ""),
        ("85个", Decimal(85), "个"),
        ("933989元", Decimal(933989), "元"),
        ("3.25万元", Decimal("3.25"), "万元"),
        ("26.55", Decimal("26.55"), ""),
        ("1,234", Decimal(1234), ""),
        ("1，234", Decimal(1234), ""),  # full-width comma between digits
        ("１２", Decimal(12), ""),  # full-width digits
        ("１２件", Decimal(12), "件"),
        ("  7  ", Decimal(7), ""),
        ("12 人次", Decimal(12), "人次"),
        ("-3", Decimal(-3), ""),
        ("\u22123", Decimal(-3), ""),  # the true minus sign of word processors
        ("+2", Decimal(2), ""),
    ],
)
def test_numbers_keep_value_and_unit(raw: str, value: Decimal, unit: str) -> None:
    assert parse_cell(raw) == CellValue(CellKind.NUMBER, value, unit)


def test_values_are_decimals_never_floats() -> None:
    cell = parse_cell("0.1")
    assert cell is not None and isinstance(cell.value, Decimal)
    assert cell.value == Decimal("0.1")


@pytest.mark.parametrize(
    "raw", ["—", "——", "-", "--", "/", "无", "不适用", " 不适用 ", "N/A", "－"]
)
def test_placeholders_have_no_value(raw: str) -> None:
    assert parse_cell(raw) == CellValue(CellKind.PLACEHOLDER)


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty_text_is_a_blank_cell(raw: str) -> None:
    assert parse_cell(raw) == CellValue(CellKind.BLANK)


@pytest.mark.parametrize(
    "raw", ["不详", "规章", "（一）予以公开", "1,23", "12元整", "共3件。", "1.属于国家秘密", "3-5"]
)
def test_anything_else_is_not_a_value(raw: str) -> None:
    assert parse_cell(raw) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三十二", 32),
        ("二〇二一", 2021),
        ("一百零五", 105),
        ("十", 10),
        ("2021", 2021),
        ("甲", None),
    ],
)
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert chinese_to_int(text) == value


def test_absurdly_long_numerals_are_not_numbers() -> None:
    from govcheck.parse.numbers import chinese_to_int

    assert chinese_to_int("9" * 5000) is None
    assert chinese_to_int("一" * 5000) is None
    assert chinese_to_int("二〇二一") == 2021
