"""Kind ``carry_over`` (GC701): this year's 上年结转 = last year's 结转下年度, per column."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from govcheck.engine.base import Context
from govcheck.engine.packs import load_pack_text
from govcheck.errors import RuleFileError
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.carry_over import Spec, evaluate
from tests.kinds.cell_report import COMMON
from tests.kinds.crossyear_report import after, report, unreadable

MESSAGE = {"zh": "{column}{value}{previous_value}", "en": "{column} {value} {previous_value}"}


def spec() -> Spec:
    return Spec.model_validate(
        {
            **COMMON,
            "kind": "carry_over",
            "message": MESSAGE,
            "table": "t3",
            "row": "carry_in",
            "previous_row": "carry_out",
        }
    )


def test_equal_rows_pass() -> None:
    now = report("F2021", 2022, "t3", {("carry_in", "np"): "2", ("carry_in", "tot"): "2"})
    before = report("F2021", 2021, "t3", {("carry_out", "np"): "2", ("carry_out", "tot"): "2"})
    assert evaluate(spec(), now, after(before)).status is RuleStatus.PASS


def test_each_differing_column_is_a_hit_at_this_years_cell() -> None:
    now = report("F2021", 2022, "t3", {("carry_in", "np"): "1", ("carry_in", "tot"): "1"})
    before = report("F2021", 2021, "t3", {("carry_out", "np"): "3", ("carry_out", "tot"): "3"})
    outcome = evaluate(spec(), now, after(before))
    assert outcome.status is RuleStatus.FAIL
    assert [h.anchor for h in outcome.hits] == ["t3.carry_in.np", "t3.carry_in.tot"]
    first = outcome.hits[0]
    assert first.line == now.tables["t3"].cells[("carry_in", "np")].line
    assert first.values["column"] == Text("自然人", "natural persons")
    assert (first.values["value"], first.values["previous_value"]) == ("1", "3")
    assert first.values["previous_line"] == before.tables["t3"].cells[("carry_out", "np")].line
    assert (first.values["previous_path"], first.values["diff"]) == ("t.txt", Decimal(2))


def test_a_2020_report_in_the_f2019_format_compares_with_a_2021_one() -> None:
    now = report("F2021", 2021, "t3", {("carry_in", "biz"): "1"})
    before = report("F2019", 2020, "t3")
    outcome = evaluate(spec(), now, after(before))
    assert [h.anchor for h in outcome.hits] == ["t3.carry_in.biz"]


def test_without_a_previous_report_the_rule_does_not_apply() -> None:
    now = report("F2021", 2022, "t3")
    assert evaluate(spec(), now, Context()).status is RuleStatus.NOT_APPLICABLE


def test_a_previous_report_that_is_not_the_year_before_is_not_compared() -> None:
    now = report("F2021", 2023, "t3", {("carry_in", "np"): "5"})
    outcome = evaluate(spec(), now, after(report("F2021", 2021, "t3")))
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    assert outcome.note is not None and "2021" in outcome.note.en


def test_an_unrecognised_previous_report_is_not_assessable() -> None:
    before = replace(report("F2021", 2021, "t3"), recognised=False)
    outcome = evaluate(spec(), report("F2021", 2022, "t3"), after(before))
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


@pytest.mark.parametrize("which", ["this", "previous"])
def test_an_unreadable_table_on_either_side_is_not_assessable(which: str) -> None:
    now, before = report("F2021", 2022, "t3"), report("F2021", 2021, "t3")
    if which == "this":
        now = unreadable(now, "t3")
    else:
        before = unreadable(before, "t3")
    outcome = evaluate(spec(), now, after(before))
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
    assert outcome.note is not None
    assert ("Previous" in outcome.note.en) is (which == "previous")


def test_a_text_cell_leaves_its_column_unassessed_but_others_are_checked() -> None:
    now = report("F2021", 2022, "t3", {("carry_in", "np"): "见附件", ("carry_in", "tot"): "4"})
    outcome = evaluate(spec(), now, after(report("F2021", 2021, "t3")))
    assert [h.anchor for h in outcome.hits] == ["t3.carry_in.tot"]
    assert outcome.note is not None


def test_a_row_key_unknown_to_the_template_fails_when_the_pack_loads() -> None:
    pack = """
[pack]
id = "x"
description = "x"
[[rule]]
id = "GC799"
name = "x"
kind = "carry_over"
severity = "error"
table = "t3"
row = "carry_in"
previous_row = "carried_out"
summary = { zh = "x", en = "x" }
message = { zh = "x", en = "x" }
rationale = { zh = "x", en = "x" }
"""
    with pytest.raises(RuleFileError):
        load_pack_text(pack, "x.toml")
