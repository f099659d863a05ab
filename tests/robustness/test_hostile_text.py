"""Absurd report text: very long lines and very long numbers end in a result, quickly.

Random fuzzing keeps inputs short, so two failures only showed up on purpose:

- a line of 100,000 Chinese numerals took minutes (the date reader's
  numeral pass was quadratic in the run's length);
- a number of 5,000 digits in a claim, a date or a "报告共分为…个部分"
  sentence ended the run with ValueError (Python converts at most 4,300
  digits between int and str).

Each case is a real report with one hostile line added, linted with every
rule; it must finish in seconds with a result.
"""

from __future__ import annotations

import time

import pytest

from govcheck.api import Options, lint_source
from govcheck.load import load_bytes
from govcheck.parse.claims import read_count
from govcheck.parse.meta import parse_date
from tests.conftest import EXAMPLES

REPORT = (EXAMPLES / "f2021-department-2022.txt").read_text(encoding="utf-8")
LONG = 100_000
DIGITS = "9" * 5000
NUMERALS = "一" * 5000


def lint_with(line: str, *, last: bool = False) -> float:
    """Seconds to lint the report with ``line`` added after its preface (or at its end)."""
    lines = REPORT.split("\n")
    if last:
        lines.append(line)
    else:
        lines.insert(7, line)
    started = time.perf_counter()
    result = lint_source(load_bytes("\n".join(lines).encode("utf-8"), "r.txt"), Options())
    assert result.rules
    return time.perf_counter() - started


UNITS = ["一", "〇", "十", "1", "1,", "年", "。", "、", "X", "×", " ", "收到申请", "1件", "（一）"]


@pytest.mark.parametrize("unit", UNITS)
def test_a_100000_character_line_is_linted_in_seconds(unit: str) -> None:
    assert lint_with(unit * (LONG // len(unit))) < 10
    assert lint_with(unit * (LONG // len(unit)), last=True) < 10


@pytest.mark.parametrize(
    "line",
    [
        f"本年度共收到政府信息公开申请{DIGITS}件。",
        f"本年度共收到政府信息公开申请{NUMERALS}件。",
        f"予以公开{DIGITS}件，占比{DIGITS}.5%。",
        f"本报告共分为{NUMERALS}个部分。",
        f"本报告共分为{DIGITS}个部分。",
        f"{DIGITS}年全年",
        f"{NUMERALS}年一月一日",
        f"{DIGITS}年1月1日",
    ],
    ids=["claim", "claim-numerals", "percent", "parts-numerals", "parts", "year", "date", "date-d"],
)
@pytest.mark.parametrize("last", [False, True])
def test_a_5000_digit_number_is_no_crash(line: str, last: bool) -> None:
    assert lint_with(line, last=last) < 10


def test_the_readers_refuse_what_cannot_be_a_count_or_a_date() -> None:
    assert read_count(DIGITS) is None
    assert read_count("1" * 18) == int("1" * 18)
    assert parse_date(NUMERALS + "年一月一日") is None
    assert parse_date("发布日期：二〇二一年十二月三十一日") is not None


# Row-per-line table text: every cell of a tab or space row becomes a unit.
# With numbers, the line is a row without a label (GC003); without, it is nothing.
ROW_UNITS = {"\t": False, "  ": False, "1\t": True, "0  ": True, "规章  0  ": True}


@pytest.mark.parametrize("unit", sorted(ROW_UNITS))
def test_a_100000_character_table_row_is_read_in_seconds(unit: str) -> None:
    """Inside table 3, where lines are cut into cells: up to 50,000 cells on one line."""
    lines = REPORT.split("\n")
    lines.insert(lines.index("（一）予以公开"), unit * (LONG // len(unit)))
    started = time.perf_counter()
    result = lint_source(load_bytes("\n".join(lines).encode("utf-8"), "r.txt"), Options())
    assert time.perf_counter() - started < 10
    gc003 = [(f.severity, f.message[:4]) for f in result.findings if f.rule == "GC003"]
    assert gc003 == ([("error", "表三有 ")] if ROW_UNITS[unit] else []), unit


def test_a_100000_character_line_of_row_labels_is_read_in_seconds() -> None:
    lines = REPORT.split("\n")
    lines.insert(lines.index("（一）予以公开"), "（一）予以公开\t" * 10_000)
    started = time.perf_counter()
    result = lint_source(load_bytes("\n".join(lines).encode("utf-8"), "r.txt"), Options())
    assert time.perf_counter() - started < 10
    assert [f.severity for f in result.findings if f.rule == "GC003"] == ["error"]
