"""Reading run-together digits by the table's identities (parse/runsplit.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govcheck.parse.runsplit import Run, Verdict, is_run, solve
from govcheck.templates import Identity, TableSpec, load_template

T3 = load_template("F2021").table_spec("t3")
T4 = load_template("F2021").table_spec("t4")
assert isinstance(T3, TableSpec) and isinstance(T4, TableSpec)
APPLICANTS = ("np", "biz", "sci", "npo", "law", "oth")
T3_COLUMNS = (*APPLICANTS, "tot")
T4_COLUMNS = ("keep", "fix", "other", "pending", "total")
T4_SLOTS = tuple((row, column) for row in ("rv", "ld", "lr") for column in T4_COLUMNS)


def row_slots(row: str) -> tuple[tuple[str, str], ...]:
    return tuple((row, column) for column in T3_COLUMNS)


def texts(reading_parts: tuple[object, ...]) -> list[list[str]]:
    return [[part.text for part in run] for run in reading_parts]  # type: ignore[attr-defined]


def test_a_row_run_splits_by_its_total() -> None:
    reading = solve([Run("801000081", row_slots("new"))], {}, T3.identities())
    assert reading.verdict is Verdict.UNIQUE
    assert texts(reading.parts) == [["80", "1", "0", "0", "0", "0", "81"]]
    assert [p.offset for p in reading.parts[0]] == [0, 2, 3, 4, 5, 6, 7]
    assert reading.used_names == ("t3-row-total",)


def test_table4_as_one_run_splits_by_its_group_totals() -> None:
    reading = solve([Run("10203120001200000", T4_SLOTS)], {}, T4.identities())
    assert reading.verdict is Verdict.UNIQUE
    assert texts(reading.parts) == [
        ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
    ]
    assert reading.used_names == ("t4-group-total",)


def test_a_space_is_always_a_boundary() -> None:
    # Without the space, 2|30|0|0|0|0|... fails the total; the space only confirms 23|0.
    reading = solve([Run("230 000023", row_slots("new"))], {}, T3.identities())
    assert texts(reading.parts) == [["23", "0", "0", "0", "0", "0", "23"]]
    assert [p.offset for p in reading.parts[0]] == [0, 2, 4, 5, 6, 7, 8]
    # A space inside what would be the only reading makes it impossible.
    assert solve([Run("8 01000081", row_slots("new"))], {}, T3.identities()).verdict is (
        Verdict.NONE
    )


def test_no_reading_and_several_readings_are_reported_not_chosen() -> None:
    ids = T3.identities()
    assert solve([Run("1234567", row_slots("new"))], {}, ids).verdict is Verdict.NONE
    # 1|10|0|0|0|0|11 and 11|0|0|0|0|0|11: both add up.
    ambiguous = solve([Run("110000011", row_slots("new"))], {}, ids)
    assert ambiguous.verdict is Verdict.AMBIGUOUS
    assert ambiguous.parts == ()


def test_a_cell_has_at_most_seven_digits() -> None:
    reading = solve([Run("1" * 8, row_slots("new")[:1])], {}, ())
    assert reading.verdict is Verdict.NONE


def test_counts_never_start_with_zero() -> None:
    # 0|5|0|0|0|0|5 is the only reading; 05 is never a count.
    reading = solve([Run("0500005", row_slots("new"))], {}, T3.identities())
    assert texts(reading.parts) == [["0", "5", "0", "0", "0", "0", "5"]]
    assert solve([Run("0000005", row_slots("new")[:1])], {}, ()).verdict is Verdict.NONE


def test_known_cells_take_part_and_untestable_identities_are_left_out() -> None:
    ids = T3.identities()
    known = {("carry_in", c): 0 for c in T3_COLUMNS}
    # The balance identity also needs total and carry_out, which are unread: left out.
    reading = solve([Run("801000081", row_slots("new"))], known, ids)
    assert reading.used_names == ("t3-row-total",)


def test_column_identities_decide_between_row_readings() -> None:
    ids = T3.identities()
    # Alone, 110000011 is ambiguous; the column balance with known rows decides it.
    known: dict[tuple[str, str], int] = {}
    for column in T3_COLUMNS:
        known[("carry_in", column)] = 0
        known[("carry_out", column)] = 0
    values = {"np": 11, "biz": 0, "sci": 0, "npo": 0, "law": 0, "oth": 0, "tot": 11}
    for column, value in values.items():
        known[("total", column)] = value
    reading = solve([Run("110000011", row_slots("new"))], known, ids)
    assert reading.verdict is Verdict.UNIQUE
    assert texts(reading.parts) == [["11", "0", "0", "0", "0", "0", "11"]]
    assert reading.used_names == ("t3-balance", "t3-row-total")


def test_the_search_is_bounded() -> None:
    # 29 rows with two readings each, then a row with none: 2**29 paths to the
    # dead end. The walk stops at MAX_STEPS instead of trying them all.
    rows = [f"r{i}" for i in range(30)]
    runs = [Run("110000011", row_slots(r)) for r in rows[:-1]]
    runs.append(Run("1234567", row_slots(rows[-1])))
    ids = [Identity("x", ((r, "tot"),), tuple((r, c) for c in APPLICANTS)) for r in rows]
    assert solve(runs, {}, ids).verdict is Verdict.TOO_MANY
    assert solve(runs[-1:], {}, ids).verdict is Verdict.NONE


def test_is_run() -> None:
    assert is_run("801000081")
    assert is_run(" 230 000023 ")
    assert not is_run("")
    assert not is_run("12.5")
    assert not is_run("八")


@st.composite
def table4(draw: st.DrawFn) -> list[int]:
    values: list[int] = []
    for _ in range(3):
        outcomes = draw(st.lists(st.integers(0, 120), min_size=4, max_size=4))
        values.extend([*outcomes, sum(outcomes)])
    return values


@settings(max_examples=100, deadline=None, derandomize=True)
@given(table4())
def test_a_unique_reading_is_always_the_true_one(values: list[int]) -> None:
    run = Run("".join(str(v) for v in values), T4_SLOTS)
    reading = solve([run], {}, T4.identities())
    assert reading.verdict is not Verdict.NONE
    if reading.verdict is Verdict.UNIQUE:
        assert [int(p.text) for p in reading.parts[0]] == values
