"""Number-bearing claims in prose: numbers, passages and sentence context."""

from __future__ import annotations

import re

import pytest

from govcheck.model import Token
from govcheck.parse.claims import (
    Boundaries,
    compile_claim,
    expand,
    passages,
    read_count,
    read_percent,
)
from govcheck.parse.normalize import norm


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("16", 16),
        ("1,499", 1499),
        ("十六", 16),
        ("三十二", 32),
        ("一百零五", 105),
        ("两", 2),
        ("〇", 0),
        ("一二", None),  # a year's digits, or a vague 一两: not a count
    ],
)
def test_read_count(text: str, value: int | None) -> None:
    assert read_count(text) == value


def test_read_percent_keeps_precision() -> None:
    percent = read_percent("53.30")
    assert percent is not None
    assert percent.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("prose", "numbers"),
    [
        ("收到申请十六件，上年结转2件", ["十六", "2"]),
        ("二十件", ["二十"]),  # never 十 inside 二十
        ("结转至2026年6件", ["6"]),  # never a number inside a year
        ("收到申请 1,499 件", ["1,499"]),
        ("收到申请１６件", ["16"]),  # full-width digits, after NFKC
        ("共3.5件", []),
    ],
)
def test_number_grammar(prose: str, numbers: list[str]) -> None:
    regex = re.compile(expand("(?P<n>{NUM})件"))
    assert [m.group("n") for m in regex.finditer(norm(prose))] == numbers


def test_compile_claim_requires_group() -> None:
    with pytest.raises(ValueError, match="named group"):
        compile_claim("收到申请{NUM}件", "n")
    with pytest.raises(ValueError, match="invalid regular expression"):
        compile_claim("收到(申请", None)


def tokens(*lines: tuple[int, str]) -> list[Token]:
    return [Token(n, raw, norm(raw)) for n, raw in lines]


def test_adjacent_lines_join_and_map_back() -> None:
    [first, second] = passages(tokens((5, "不予公开答复 2"), (6, "件。"), (8, "另起一段。")))
    assert first.text == "不予公开答复2件。"
    assert (first.line_at(0), first.line_at(6), first.line_at(7)) == (5, 5, 6)
    assert second.lines == (8,)


def test_sentence_and_clause_around_a_claim() -> None:
    [passage] = passages(tokens((3, "2022年，本局共收到申请16件，上年结转2件；办结15件。")))
    bounds = Boundaries(re.compile("[。;]"), re.compile("[。;,]"))
    regex = compile_claim("上年结转(?P<n>{NUM})件", "n")
    [mention] = bounds.find(passage, regex, "n")
    assert mention.number == "2"
    assert mention.sentence_before == "2022年,本局共收到申请16件,"
    assert mention.clause == "上年结转2件"
    assert mention.sentence == "2022年,本局共收到申请16件,上年结转2件;"
    assert mention.quote == "上年结转2件"
    assert mention.line == 3


def test_units_cut_from_one_flattened_line_join_again() -> None:
    line = "全区收到政府信息公开申请7 5件，涉及自然人72件。"
    cut = [(1, "全区收到政府信息公开申请"), (13, "7"), (15, "5件，涉及"), (20, "自然人72件。")]
    units = [Token(10, raw, norm(raw), column) for column, raw in cut]
    [passage] = passages(units, [""] * 9 + [line])
    assert passage.text == norm(line)
    assert (passage.line_at(13), passage.column_at(13)) == (10, 15)


def test_units_with_something_between_stay_apart() -> None:
    line = "收到申请<td>16</td>件"
    units = [Token(1, "收到申请", "收到申请", 1), Token(1, "16", "16", 10)]
    assert len(passages(units, [line])) == 2
