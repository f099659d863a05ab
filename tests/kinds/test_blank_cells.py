"""Kinds ``blank_cells`` (GC401) and ``blank_total`` (GC307): blanks grouped by root cause."""

from __future__ import annotations

from typing import Any

from govcheck.engine.base import Context
from govcheck.engine.packs import builtin_rules
from govcheck.findings import RuleStatus
from govcheck.i18n import Text
from govcheck.kinds import blank_cells, blank_total
from tests.kinds.cell_report import table, with_tables

APPLICANTS = ("np", "biz", "sci", "npo", "law", "oth")


def _rule(rule_id: str) -> Any:
    return next(r for r in builtin_rules() if r.id == rule_id)


def _doc(**raws: str) -> Any:
    """F2021 tables 2 to 4, all 0 except ``raws`` ("t3__open__tot" = "")."""
    by_table: dict[str, dict[tuple[str, str], str]] = {"t2": {}, "t3": {}, "t4": {}}
    for key, raw in raws.items():
        table_id, row, column = key.split("__")
        by_table[table_id][(row, column)] = raw
    return with_tables("F2021", *(table("F2021", t, c) for t, c in by_table.items()))


def test_a_blank_column_is_one_finding_naming_its_rows() -> None:
    doc = _doc(t3__open__np="", t3__partial__np="", t3__deny1__np="")
    outcome = blank_cells.evaluate(_rule("GC401"), doc, Context())
    (hit,) = outcome.hits
    assert hit.values["count"] == 3
    assert hit.values["where"] == Text("“自然人”列", ', column "natural persons"')
    assert hit.values["cells"].zh == "予以公开、部分公开、不予公开1.属于国家秘密"
    assert len(hit.related) == 2


def test_a_blank_row_and_scattered_cells() -> None:
    row = _doc(t4__rv__keep="", t4__rv__fix="")
    (hit,) = blank_cells.evaluate(_rule("GC401"), row, Context()).hits
    assert hit.values["where"].zh == "“行政复议”行"
    assert hit.values["cells"].zh == "结果维持、结果纠正"
    scattered = _doc(t3__open__np="", t3__new__biz="")
    (hit,) = blank_cells.evaluate(_rule("GC401"), scattered, Context()).hits
    assert hit.values["where"] == Text("", "")
    assert hit.values["cells"].zh == "新收/商业企业、予以公开/自然人"
    # Blanks in two tables: one finding each.
    both = _doc(t3__open__np="", t4__rv__keep="")
    assert len(blank_cells.evaluate(_rule("GC401"), both, Context()).hits) == 2


def test_a_blank_total_over_filled_parts_belongs_to_gc307_only() -> None:
    # Row 予以公开: total blank, parts 5 + 3; row 部分公开: total blank over zeros.
    doc = _doc(t3__open__tot="", t3__open__np="5", t3__open__biz="3", t3__partial__tot="")
    assert blank_cells.evaluate(_rule("GC401"), doc, Context()).status is RuleStatus.PASS
    outcome = blank_total.evaluate(_rule("GC307"), doc, Context())
    (hit,) = outcome.hits
    assert hit.values["count"] == 2
    assert hit.values["items"].zh == "“予以公开”为空，各项之和为 8"
    assert hit.values["rest"].en == "; 1 more totals are blank over parts that are all 0"


def test_blank_totals_over_zeros_are_blank_cells_not_blank_totals() -> None:
    doc = _doc(t3__open__tot="", t3__partial__tot="")
    assert blank_total.evaluate(_rule("GC307"), doc, Context()).status is RuleStatus.PASS
    (hit,) = blank_cells.evaluate(_rule("GC401"), doc, Context()).hits
    assert hit.values["count"] == 2


def test_gc307_and_gc401_name_the_same_totals() -> None:
    # GC401 leaves out exactly the blank totals GC307 owns: both must list the same ones.
    assert _rule("GC401").totals == _rule("GC307").totals
