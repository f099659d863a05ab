"""The non-negative reading of blank cells in identities (govcheck.kinds.blanks)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govcheck.kinds.blanks import Reading, Total, blank_totals, judge, side, stated_totals_missing
from tests.kinds.cell_report import table

D = Decimal
ROW_TOTALS = (Total(table="t3", each="row", total="tot", over=("@applicants",)),)


@pytest.mark.parametrize(
    ("left", "left_blanks", "right", "right_blanks", "expected"),
    [
        # No blanks: a plain comparison.
        (5, 0, 5, 0, Reading.HOLDS),
        (5, 0, 6, 0, Reading.FAILS),
        # total 5, parts 2 + 3 + blank: the blank can only be 0, and the identity holds.
        (5, 0, 5, 1, Reading.HOLDS),
        # total 5, parts 2 + 4 + blank: already 6 > 5, no blank can mend it.
        (5, 0, 6, 1, Reading.FAILS),
        # total 5, parts 2 + blank: the blank may be 3; the identity needs it.
        (5, 0, 2, 1, Reading.OPEN),
        # A blank total over parts 2 + 3: needs the total (the blank-total case).
        (0, 1, 5, 0, Reading.OPEN),
        # A blank total over parts all 0: it can only be 0.
        (0, 1, 0, 0, Reading.HOLDS),
        # Blanks on the left, left already larger: fails whatever they hold.
        (7, 2, 5, 0, Reading.FAILS),
        # Blanks on both sides: any difference can be made up.
        (5, 1, 0, 1, Reading.OPEN),
        (0, 1, 0, 1, Reading.OPEN),
    ],
)
def test_judge(
    left: int, left_blanks: int, right: int, right_blanks: int, expected: Reading
) -> None:
    assert judge(D(left), left_blanks, D(right), right_blanks) is expected


def test_side_sums_filled_cells_and_lists_blanks_text_is_unknown() -> None:
    t3 = table("F2021", "t3", {("new", "np"): "4", ("new", "biz"): "", ("new", "sci"): "—"})
    cells = [t3.cell("new", c) for c in ("np", "biz", "sci", "npo")]
    read = side(cells)
    assert read is not None
    assert read.known == 4
    assert [(c.row, c.column) for c in read.empty] == [("new", "biz"), ("new", "sci")]
    assert side([*cells, None]) is None
    texted = table("F2021", "t3", {("new", "np"): "不详"})
    assert side([texted.cell("new", "np")]) is None


def test_blank_totals_with_their_filled_parts() -> None:
    t3 = table(
        "F2021",
        "t3",
        {("open", "tot"): "", ("open", "np"): "5", ("open", "biz"): "3", ("partial", "tot"): ""},
    )
    found = blank_totals(t3, ROW_TOTALS)
    assert [(b.cell.row, b.parts) for b in found] == [("open", 8), ("partial", 0)]
    # One hides a figure, so the blank-total finding owns both.
    assert [b.cell.row for b in stated_totals_missing(t3, ROW_TOTALS)] == ["open", "partial"]


def test_blank_totals_over_zero_parts_are_owned_by_nobody() -> None:
    t3 = table("F2021", "t3", {("open", "tot"): "", ("partial", "tot"): ""})
    assert len(blank_totals(t3, ROW_TOTALS)) == 2
    assert stated_totals_missing(t3, ROW_TOTALS) == ()


def test_a_blank_total_over_all_blank_parts_is_not_a_blank_total() -> None:
    blanks = {("open", c): "" for c in ("np", "biz", "sci", "npo", "law", "oth", "tot")}
    assert blank_totals(table("F2021", "t3", blanks), ROW_TOTALS) == ()
