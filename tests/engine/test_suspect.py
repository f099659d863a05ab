"""The suspect-cell search on small grids: unique one-cell, then two-cell, corrections only."""

from __future__ import annotations

import time
from decimal import Decimal

from govcheck.engine.packs import builtin_rules
from govcheck.engine.suspect import Correction, Identity, Slot, suspect
from govcheck.kinds import sum_identity
from govcheck.load import decode
from govcheck.parse import parse
from tests.conftest import EXAMPLES

ROWS = ("r1", "r2", "tot")
COLS = ("c1", "c2", "tot")


def grid(*rows: tuple[int | None, ...]) -> dict[Slot, Decimal | None]:
    """Values of a 3×3 grid whose last row and column are totals."""
    return {
        (r, c): None if v is None else Decimal(v)
        for r, row in zip(ROWS, rows, strict=True)
        for c, v in zip(COLS, row, strict=True)
    }


def row_totals() -> list[Identity]:
    return [Identity(((r, "tot"),), ((r, "c1"), (r, "c2"))) for r in ROWS]


def column_totals() -> list[Identity]:
    return [Identity((("tot", c),), (("r1", c), ("r2", c))) for c in COLS]


CLEAN = ((1, 2, 3), (4, 5, 9), (5, 7, 12))


def changed(correction: Correction | None) -> list[tuple[Slot, int]]:
    assert correction is not None
    return [(slot, int(value)) for slot, value in correction.values]


def test_a_clean_grid_has_no_suspect() -> None:
    assert suspect(grid(*CLEAN), row_totals() + column_totals()) is None


def test_a_part_that_breaks_its_row_and_its_column_is_the_suspect() -> None:
    values = grid((2, 2, 3), (4, 5, 9), (5, 7, 12))
    found = suspect(values, row_totals() + column_totals())
    assert changed(found) == [(("r1", "c1"), 1)]
    assert found is not None and len(found.mends) == 2


def test_the_grand_total_is_the_suspect_of_both_totals() -> None:
    values = grid((1, 2, 3), (4, 5, 9), (5, 7, 13))
    assert changed(suspect(values, row_totals() + column_totals())) == [(("tot", "tot"), 12)]


def test_one_failing_identity_with_no_other_constraint_has_no_unique_suspect() -> None:
    """Any of the row's three cells could be the typo: the finding stays as it was."""
    values = grid((2, 2, 3), (4, 5, 9), (5, 7, 12))
    assert suspect(values, row_totals()) is None


def test_an_unknown_cell_leaves_its_identities_unknown_but_is_never_suspected() -> None:
    """r2/c2 is blank: column c2 and row r2 are unknown, so only r1/c2 can mend row r1."""
    values = grid((1, 3, 3), (4, None, 9), (5, 7, 12))
    assert changed(suspect(values, row_totals() + column_totals())) == [(("r1", "c2"), 2)]
    # r2/tot is 10: column tot fails; r2/tot's row is unknown (the blank), so it does not hold it.
    values = grid((1, 2, 3), (4, None, 10), (5, 7, 12))
    assert changed(suspect(values, row_totals() + column_totals())) == [(("r2", "tot"), 9)]


def test_a_count_is_never_corrected_below_zero() -> None:
    """a = b + c fails (1 ≠ 0 + 2) and a is held: b would go to -1, so c → 1 is the one suspect."""
    a, b, c, e = ("a", "x"), ("b", "x"), ("c", "x"), ("e", "x")
    values: dict[Slot, Decimal | None] = {
        a: Decimal(1),
        b: Decimal(0),
        c: Decimal(2),
        e: Decimal(1),
    }
    assert changed(suspect(values, [Identity((a,), (b, c)), Identity((a,), (e,))])) == [(c, 1)]


def test_two_typos_in_one_row_are_found_together() -> None:
    values = grid((2, 3, 3), (4, 5, 9), (5, 7, 12))
    found = suspect(values, row_totals() + column_totals())
    assert changed(found) == [(("r1", "c1"), 1), (("r1", "c2"), 2)]
    assert found is not None and len(found.mends) == 3


def test_two_typos_on_a_diagonal_are_ambiguous() -> None:
    """r1/c1 and r2/c2 both +1 is explained as well by r1/c2 and r2/c1 both -1."""
    values = grid((2, 2, 3), (4, 6, 9), (5, 7, 12))
    assert suspect(values, row_totals() + column_totals()) is None


def test_a_pair_whose_values_no_identity_fixes_is_no_explanation() -> None:
    """0 = 1 + 1: a is held, b and c cannot go below 0 alone; b + c = 0 fixes neither value."""
    a, b, c, e = ("a", "x"), ("b", "x"), ("c", "x"), ("e", "x")
    values: dict[Slot, Decimal | None] = {
        a: Decimal(0),
        b: Decimal(1),
        c: Decimal(1),
        e: Decimal(0),
    }
    assert suspect(values, [Identity((a,), (b, c)), Identity((a,), (e,))]) is None


def test_the_search_is_bounded_on_a_table_wrong_in_many_places() -> None:
    """Table 3 of an example (39 identities, 175 cells) with six identities broken: no pair
    mends them all, and every pair through the first failure is tried, in well under a second
    (measured ~0.04 s); a seventh failure stops the search before it starts."""
    text = (EXAMPLES / "f2021-department-2023.txt").read_text(encoding="utf-8")
    table = parse(decode(text.encode("utf-8"), "r.txt")).tables["t3"]
    values = {slot: cell.number for slot, cell in table.cells.items()}
    identities = [
        Identity(lhs, rhs)
        for rule in builtin_rules()
        if isinstance(rule, sum_identity.Spec) and rule.table == "t3"
        for _, lhs, rhs in sum_identity.instances(rule, table.spec)
    ]
    for slot in (("open", "np"), ("partial", "biz"), ("carry_out", "law")):
        values[slot] = (values[slot] or Decimal(0)) + 1
    assert sum(1 for i in identities if i.gap(values)) == 6
    started = time.perf_counter()
    assert suspect(values, identities) is None
    assert time.perf_counter() - started < 1.0
    values[("deny1", "oth")] = (values[("deny1", "oth")] or Decimal(0)) + 1
    assert sum(1 for i in identities if i.gap(values)) == 8
    assert suspect(values, identities) is None
