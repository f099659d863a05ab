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
    checked = [(i, g) for i, g in gaps if g is not None]
    failing = [n for n, (_, g) in enumerate(checked) if g != _ZERO]
    if not failing or len(failing) > 2 * _MAX_THROUGH_A_CELL:
        return None
    search = _Search(values, checked, failing)
    single = search.singles()
    if single:
        return single[0] if len(single) == 1 else None
    pairs = search.pairs()
    return pairs[0] if len(pairs) == 1 else None


class _Search:
    """The checked identities indexed by cell: (identity number, sign, gap) through each."""

    def __init__(
        self,
        values: Mapping[Slot, Decimal | None],
        checked: list[tuple[Identity, Decimal]],
        failing: list[int],
    ) -> None:
        self.values = values
        self.failing = failing
        self.mends = tuple(checked[n][0] for n in failing)
        self.through: dict[Slot, list[tuple[int, int, Decimal]]] = {}
        for n, (identity, gap) in enumerate(checked):
            for slot in (*identity.lhs, *identity.rhs):
                self.through.setdefault(slot, []).append((n, identity.sign(slot), gap))
        first = checked[failing[0]][0]
        self.firsts = _ordered((*first.lhs, *first.rhs))
        self.cells = _ordered(s for n in failing for s in (*checked[n][0].lhs, *checked[n][0].rhs))

    def singles(self) -> list[Correction]:
        """Each cell in every failing identity whose one corrected value mends them all."""
        found = []
        for slot in self.firsts:
            old, through = self.values.get(slot), self.through.get(slot, [])
            if old is None or sorted(n for n, _, _ in through) != self.failing:
                continue  # not in every failing identity, or in a passing one
            deltas = {-gap * sign for _, sign, gap in through}
            if len(deltas) == 1 and old + (delta := deltas.pop()) >= _ZERO:
                found.append(Correction(((slot, old + delta),), self.mends))
        return found

    def pairs(self) -> list[Correction]:
        """Each pair of cells of the failing identities whose corrected values mend them all.

        One cell of a pair lies in the first failing identity, so the search is
        bounded by that identity's size times the failing identities' cells.
        """
        seen: set[frozenset[Slot]] = set()
        found = []
        for a in self.firsts:
            for b in self.cells:
                if a == b or frozenset((a, b)) in seen:
                    continue
                seen.add(frozenset((a, b)))
                correction = self.pair(a, b)
                if correction is _MANY:
                    return [correction, correction]  # values not implied: no unique explanation
                if correction is not None:
                    found.append(correction)
        return found

    def pair(self, a: Slot, b: Slot) -> Correction | None:
        """The one (da, db) that mends every identity through ``a`` or ``b``, if it exists.

        ``_MANY`` when the identities through the pair do not fix its values.
        """
        old_a, old_b = self.values.get(a), self.values.get(b)
        if old_a is None or old_b is None:
            return None
        # Each identity through a or b: sa*da + sb*db = -gap.
        rows: dict[int, tuple[int, int, Decimal]] = {}
        for n, sign, gap in self.through.get(a, []):
            rows[n] = (sign, 0, -gap)
        for n, sign, gap in self.through.get(b, []):
            rows[n] = (rows.get(n, (0, 0, -gap))[0], sign, -gap)
        if any(n not in rows for n in self.failing):
            return None  # a failure neither cell is in
        solved = _solve(list(rows.values()))
        if solved is None or not solved:
            return _MANY if solved == () else None
        da, db = solved
        if da == _ZERO or db == _ZERO or old_a + da < _ZERO or old_b + db < _ZERO:
            return None
        return Correction(((a, old_a + da), (b, old_b + db)), self.mends)


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
