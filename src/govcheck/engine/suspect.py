"""The suspect cell: the one cell (or two) whose correction makes every failing identity hold.

A typo in table 3 breaks every identity through its cell at once (its row's
total, its column's balance or result sum), and those failures are one root
cause. This module is the pure search behind that finding: given the cells'
values and the instances of the identities, it returns the unique correction
of one cell that satisfies every failing identity and breaks no passing one,
else the unique such correction of two cells, else None. It never guesses:
a blank, placeholder or text cell (value None) is unknown, so it is never a
suspect's value, and an identity through it is neither passing nor failing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

Slot = tuple[str, str]  # (row key, column key)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Identity:
    """One instance of an identity: the cells of ``lhs`` sum to those of ``rhs``."""

    lhs: tuple[Slot, ...]
    rhs: tuple[Slot, ...]

    def sign(self, slot: Slot) -> int:
        """+1 for a left-hand cell, -1 for a right-hand one, 0 for a cell not in it."""
        return (slot in self.lhs) - (slot in self.rhs)

    def gap(self, values: Mapping[Slot, Decimal | None]) -> Decimal | None:
        """sum(lhs) - sum(rhs); None when a cell is unknown."""
        total = _ZERO
        for slot in (*self.lhs, *self.rhs):
            value = values.get(slot)
            if value is None:
                return None
            total += value * self.sign(slot)
        return total


@dataclass(frozen=True, slots=True)
class Correction:
    """The cells to change with their implied values, and the failing identities it mends."""

    values: tuple[tuple[Slot, Decimal], ...]
    mends: tuple[Identity, ...]


# A cell lies in at most this many identities of one table in practice (a
# table-3 cell: its row total, its column's balance and result sum); more
# failures than two cells can carry are not one or two typos, so the search
# stops early instead of trying pairs on a table that is wrong throughout.
_MAX_THROUGH_A_CELL = 3
# A pair whose values the identities do not fix (both cells in one identity only).
_MANY = Correction((), ())


def suspect(
    values: Mapping[Slot, Decimal | None], identities: Sequence[Identity]
) -> Correction | None:
    """The unique one-cell correction, else the unique two-cell one, else None.

    An identity counts as failing or passing only when all its cells are
    known. A corrected value is a count, so it is never negative.
    """
    gaps = [(i, i.gap(values)) for i in identities]
    failing = [(i, g) for i, g in gaps if g is not None and g != _ZERO]
    if not failing or len(failing) > 2 * _MAX_THROUGH_A_CELL:
        return None
    checked = [(i, g) for i, g in gaps if g is not None]
    single = _singles(values, failing, checked)
    if single:
        return single[0] if len(single) == 1 else None
    pairs = _pairs(values, failing, checked)
    return pairs[0] if len(pairs) == 1 else None


Gapped = Sequence[tuple[Identity, Decimal]]


def _singles(
    values: Mapping[Slot, Decimal | None], failing: Gapped, checked: Gapped
) -> list[Correction]:
    """Each cell in every failing identity whose one corrected value mends them all."""
    first = failing[0][0]
    found = []
    for slot in _ordered((*first.lhs, *first.rhs)):
        old = values.get(slot)
        through = [(i, g) for i, g in checked if i.sign(slot)]
        if old is None or len(through) != len(failing) or any(g == _ZERO for _, g in through):
            continue  # not in every failing identity, or in a passing one
        deltas = {-g * i.sign(slot) for i, g in through}
        if len(deltas) == 1 and old + (delta := deltas.pop()) >= _ZERO:
            found.append(Correction(((slot, old + delta),), tuple(i for i, _ in failing)))
    return found


def _pairs(
    values: Mapping[Slot, Decimal | None], failing: Gapped, checked: Gapped
) -> list[Correction]:
    """Each pair of cells of the failing identities whose corrected values mend them all.

    One cell of a pair lies in the first failing identity, so the search is
    bounded by that identity's size times the failing identities' cells.
    """
    first = failing[0][0]
    cells = _ordered(s for i, _ in failing for s in (*i.lhs, *i.rhs))
    firsts = set(first.lhs) | set(first.rhs)
    seen: set[frozenset[Slot]] = set()
    found = []
    for a, b in combinations(cells, 2):
        if (a not in firsts and b not in firsts) or frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        correction = _pair(values, (a, b), failing, checked)
        if correction is _MANY:
            return [correction, correction]  # values not implied: no unique explanation
        if correction is not None:
            found.append(correction)
    return found


def _pair(
    values: Mapping[Slot, Decimal | None], pair: tuple[Slot, Slot], failing: Gapped, checked: Gapped
) -> Correction | None:
    """The one (da, db) that mends every identity through ``a`` or ``b``, if it exists.

    ``_MANY`` when the identities through the pair do not fix its values.
    """
    a, b = pair
    old_a, old_b = values.get(a), values.get(b)
    if old_a is None or old_b is None:
        return None
    if any(not (i.sign(a) or i.sign(b)) for i, _ in failing):
        return None  # a failure neither cell is in
    # Each identity through a or b: sa*da + sb*db = -gap.
    rows = [(i.sign(a), i.sign(b), -g) for i, g in checked if i.sign(a) or i.sign(b)]
    solved = _solve(rows)
    if solved is None or not solved:
        return _MANY if solved == () else None
    da, db = solved
    if da == _ZERO or db == _ZERO or old_a + da < _ZERO or old_b + db < _ZERO:
        return None
    return Correction(((a, old_a + da), (b, old_b + db)), tuple(i for i, _ in failing))


def _solve(rows: Sequence[tuple[int, int, Decimal]]) -> tuple[Decimal, ...] | None:
    """The solution of the equations ``x*da + y*db = c``: (da, db); () when there are
    many (the equations are all one, up to sign); None when there is none.
    """
    for (x1, y1, c1), (x2, y2, c2) in combinations(rows, 2):
        det = x1 * y2 - x2 * y1
        if det:
            da = (c1 * y2 - c2 * y1) / det
            db = (x1 * c2 - x2 * c1) / det
            return (da, db) if all(x * da + y * db == c for x, y, c in rows) else None
    x0, y0, c0 = rows[0]
    # Coefficients are -1, 0 or 1: parallel rows are equal up to sign.
    same = all((x, y, c) in ((x0, y0, c0), (-x0, -y0, -c0)) for x, y, c in rows)
    return () if same else None


def _ordered(slots: Iterable[Slot]) -> list[Slot]:
    """The slots once each, in the order first seen (deterministic candidates)."""
    return list(dict.fromkeys(slots))
