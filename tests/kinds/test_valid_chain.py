"""Kind ``valid_chain`` (GC702): 现行有效(Y) = 现行有效(Y-1) + 本年制发(Y) - 本年废止(Y)."""

from __future__ import annotations

from decimal import Decimal

from govcheck.engine.base import Context
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds.valid_chain import Spec, evaluate
from govcheck.model import Document
from tests.kinds.cell_report import COMMON
from tests.kinds.crossyear_report import after, report, unreadable

MESSAGE = {"zh": "{row}{valid}{expected}", "en": "{row} {valid} {expected}"}


def spec() -> Spec:
    return Spec.model_validate(
        {
            **COMMON,
            "kind": "valid_chain",
            "formats": ["F2021"],
            "message": MESSAGE,
            "table": "t2",
            "rows": ["rules", "normative"],
            "valid": "valid",
            "added": "issued",
            "removed": "repealed",
        }
    )


def normative(year: int, issued: str, repealed: str, valid: str) -> Document:
    """An F2021 report whose 行政规范性文件 row is ``issued repealed valid``."""
    raws = {
        ("normative", "issued"): issued,
        ("normative", "repealed"): repealed,
        ("normative", "valid"): valid,
    }
    return report("F2021", year, "t2", raws)


def test_the_chain_holding_passes() -> None:
    outcome = evaluate(
        spec(), normative(2023, "3", "2", "8"), after(normative(2022, "2", "1", "7"))
    )
    assert outcome.status is RuleStatus.PASS


def test_a_break_is_a_hit_at_this_years_stock_with_the_figures() -> None:
    now, before = normative(2023, "3", "2", "9"), normative(2022, "2", "1", "7")
    outcome = evaluate(spec(), now, after(before))
    (hit,) = outcome.hits
    cells = now.tables["t2"].cells
    assert (hit.line, hit.anchor) == (cells[("normative", "valid")].line, "t2.normative.valid")
    assert hit.related == (
        cells[("normative", "issued")].line,
        cells[("normative", "repealed")].line,
    )
    assert hit.values["row"] == Text("行政规范性文件", "administrative normative documents")
    assert (hit.values["valid"], hit.values["previous_valid"]) == ("9", "7")
    assert (hit.values["added"], hit.values["removed"]) == ("3", "2")
    assert (hit.values["expected"], hit.values["diff"]) == (Decimal(8), Decimal(1))
    assert hit.values["previous_line"] == before.tables["t2"].cells[("normative", "valid")].line


def test_a_previous_report_in_the_f2019_format_has_no_stock_to_start_from() -> None:
    before = report("F2019", 2020, "t2")
    outcome = evaluate(spec(), normative(2021, "1", "0", "5"), after(before))
    assert outcome.status is RuleStatus.NOT_APPLICABLE


def test_without_a_previous_report_the_rule_does_not_apply() -> None:
    assert evaluate(spec(), normative(2023, "0", "0", "0"), Context()).status is (
        RuleStatus.NOT_APPLICABLE
    )


def test_an_unreadable_previous_table_is_not_assessable() -> None:
    before = unreadable(normative(2022, "2", "1", "7"), "t2")
    outcome = evaluate(spec(), normative(2023, "3", "2", "8"), after(before))
    assert outcome.status is RuleStatus.NOT_ASSESSABLE


def test_a_text_cell_leaves_its_row_unassessed() -> None:
    outcome = evaluate(
        spec(), normative(2023, "见附件", "2", "8"), after(normative(2022, "2", "1", "7"))
    )
    assert outcome.status is RuleStatus.NOT_ASSESSABLE
