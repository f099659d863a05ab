"""Prose rules read a blank 总计 as the applicant columns (prose_claims.resolve)."""

from __future__ import annotations

from govcheck.kinds.prose_claims import RowTotal, render_sum, resolve, total
from tests.kinds.cell_report import table

TOTALS = (RowTotal(total="tot", over=("@applicants",)),)


def test_a_blank_total_is_read_as_its_parts() -> None:
    t3 = table("F2021", "t3", {("open", "tot"): "", ("open", "np"): "5", ("open", "biz"): "3"})
    cells = resolve(t3, ["open.tot"], TOTALS)
    assert cells is not None
    assert [c.column for c in cells] == ["np", "biz", "sci", "npo", "law", "oth"]
    assert total(cells) == 8
    # Never a blank shown as 0: the parts are named with their own values.
    shown = "“予以公开/自然人” 5 + “予以公开/商业企业” 3（其余各项为 0） = 8"
    assert render_sum(t3, cells).zh == shown


def test_without_the_mapping_or_with_a_blank_part_the_total_is_unknown() -> None:
    t3 = table("F2021", "t3", {("open", "tot"): "", ("open", "np"): "5"})
    assert resolve(t3, ["open.tot"]) is None
    blank_part = table("F2021", "t3", {("open", "tot"): "", ("open", "np"): ""})
    assert resolve(blank_part, ["open.tot"], TOTALS) is None


def test_a_filled_total_is_read_as_itself() -> None:
    t3 = table("F2021", "t3", {("open", "tot"): "9", ("open", "np"): "5"})
    cells = resolve(t3, ["open.tot"], TOTALS)
    assert cells is not None
    assert [(c.column, total([c])) for c in cells] == [("tot", 9)]
