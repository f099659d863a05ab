"""Reading run-together digits by the table's own identities.

Crawled pages lose the boundaries between a row's cells: ``801000081`` is
seven counts of table 3 (80, 1, 0, 0, 0, 0, 81), and table 4 may arrive as a
single run of fifteen. Most such runs have many splits. The format itself
prints identities that every correct table satisfies (row totals, the column
balance, the results total, table 4's group totals), so a run can be read
when *exactly one* assignment of all the runs of a table satisfies every
identity that the runs take part in. Zero or several assignments are
reported as what they are; the reader never picks one.

The identities are the template's (:meth:`TableSpec.identities`). One used
to choose the reading is no longer independent evidence: a caller must
record :attr:`Reading.used` so that no rule reports it as checked.

The search is a depth-first walk over the cells of the runs in order. An
identity is tested as soon as its last cell is assigned, so a wrong prefix is
dropped early, and the walk stops at the second solution or after
:data:`MAX_STEPS` steps; its cost is bounded whatever the input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from govcheck.templates import Identity, Slot

# Upper bound on cells tried in one search: far above what a real table needs
# (tens of thousands), and small enough to answer in well under a second.
MAX_STEPS = 200_000
# No count in tables 3 and 4 comes near ten million; a longer cell is not tried.
MAX_DIGITS = 7


class Verdict(StrEnum):
    """How the runs of one table were read."""

    UNIQUE = "unique"  # exactly one assignment satisfies the identities
    NONE = "none"  # no assignment does: the page is wrong or the runs are not counts
    AMBIGUOUS = "ambiguous"  # several do: the identities cannot tell them apart
    TOO_MANY = "too-many"  # the search was stopped at MAX_STEPS


@dataclass(frozen=True, slots=True)
class Run:
    """Digits as seen, and the cells they fill; a space in the text is always a cell boundary."""

    text: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """One cell's digits, with their offset in the run's text."""

    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Reading:
    """The outcome: for UNIQUE, every run's parts (run order), and the identities used."""

    verdict: Verdict
    parts: tuple[tuple[Part, ...], ...] = ()
    used: tuple[Identity, ...] = ()

    @property
    def used_names(self) -> tuple[str, ...]:
        """The printed identities that decided the reading, each named once."""
        return tuple(sorted({identity.name for identity in self.used}))


@dataclass(frozen=True, slots=True)
class _Digits:
    """A run without its spaces: the digits, each digit's offset, and forced cuts."""

    digits: str
    offsets: tuple[int, ...]
    cuts: frozenset[int]  # digit indices before which a space stood

    @classmethod
    def of(cls, text: str) -> _Digits:
        digits: list[str] = []
        offsets: list[int] = []
        cuts: set[int] = set()
        for index, ch in enumerate(text):
            if ch.isspace():
                if digits:
                    cuts.add(len(digits))
            else:
                digits.append(ch)
                offsets.append(index)
        return cls("".join(digits), tuple(offsets), frozenset(cuts))

    def next_cut(self, start: int) -> int:
        """The first forced boundary after ``start`` (or the end)."""
        return min((c for c in self.cuts if c > start), default=len(self.digits))


def is_run(text: str) -> bool:
    """Whether ``text`` is digits, possibly with spaces: something :func:`solve` can read."""
    stripped = text.strip()
    return bool(stripped) and all(ch.isdigit() or ch.isspace() for ch in stripped)


def solve(
    runs: Sequence[Run], known: Mapping[Slot, int], identities: Sequence[Identity]
) -> Reading:
    """Read ``runs`` by ``identities``, given the cells already ``known``.

    Identities that touch a cell neither known nor in a run cannot be tested
    and are left out; so are identities with no cell in a run (they say
    nothing about the split, and stay for the rules to check).
    """
    order = [slot for run in runs for slot in run.slots]
    position = {slot: i for i, slot in enumerate(order)}
    usable = [
        ident
        for ident in identities
        if any(s in position for s in (*ident.lhs, *ident.rhs))
        and all(s in position or s in known for s in (*ident.lhs, *ident.rhs))
    ]
    due: list[list[Identity]] = [[] for _ in order]
    for ident in usable:
        due[max(position[s] for s in (*ident.lhs, *ident.rhs) if s in position)].append(ident)
    search = _Search(tuple(_Digits.of(r.text) for r in runs), runs, known, due)
    solutions = search.first_two()
    if search.steps > MAX_STEPS:
        return Reading(Verdict.TOO_MANY)
    if not solutions:
        return Reading(Verdict.NONE)
    if len(solutions) > 1:
        return Reading(Verdict.AMBIGUOUS)
    return Reading(Verdict.UNIQUE, solutions[0], tuple(usable))


class _Search:
    """The depth-first walk; ``values`` holds the cells assigned so far."""

    def __init__(
        self,
        digits: tuple[_Digits, ...],
        runs: Sequence[Run],
        known: Mapping[Slot, int],
        due: list[list[Identity]],
    ) -> None:
        self.digits = digits
        self.runs = runs
        self.values: dict[Slot, int] = dict(known)
        self.due = due
        self.steps = 0
        self.first = [sum(len(r.slots) for r in runs[:i]) for i in range(len(runs))]

    def first_two(self) -> list[tuple[tuple[Part, ...], ...]]:
        found: list[tuple[tuple[Part, ...], ...]] = []
        for solution in self._walk(0, 0, 0, []):
            found.append(solution)
            if len(found) == 2:
                break
        return found

    def _walk(
        self, run: int, cell: int, start: int, spans: list[list[tuple[int, int]]]
    ) -> Iterator[tuple[tuple[Part, ...], ...]]:
        """Assign cell ``cell`` of run ``run`` from digit ``start`` on."""
        if run == len(self.runs):
            yield self._parts(spans)
            return
        if cell == 0:
            spans = [*spans, []]
        slots = self.runs[run].slots
        digits = self.digits[run]
        left = len(slots) - cell - 1  # cells after this one in the run
        for end in self._ends(digits, start, left):
            self.steps += 1
            if self.steps > MAX_STEPS:
                return
            slot = slots[cell]
            self.values[slot] = int(digits.digits[start:end])
            if self._holds(run, cell):
                spans[-1].append((start, end))
                if left:
                    yield from self._walk(run, cell + 1, end, spans)
                else:
                    yield from self._walk(run + 1, 0, 0, spans)
                spans[-1].pop()
            del self.values[slot]

    def _ends(self, digits: _Digits, start: int, left: int) -> range:
        """Where this cell may end: within the next forced cut, leaving a digit per later cell."""
        total = len(digits.digits)
        if start >= total or total - start > (left + 1) * MAX_DIGITS:
            return range(0)
        if digits.digits[start] == "0":
            # A count never starts with 0 unless it is 0.
            last = start + 1
            return range(last, last + 1) if left or last == total else range(0)
        if left == 0:
            # The last cell takes the rest, if no space falls inside it.
            whole = digits.next_cut(start) == total and total - start <= MAX_DIGITS
            return range(total, total + 1) if whole else range(0)
        last = min(digits.next_cut(start), total - left, start + MAX_DIGITS)
        return range(start + 1, last + 1)

    def _holds(self, run: int, cell: int) -> bool:
        index = self.first[run] + cell
        values = self.values
        return all(
            sum(values[s] for s in ident.lhs) == sum(values[s] for s in ident.rhs)
            for ident in self.due[index]
        )

    def _parts(self, spans: list[list[tuple[int, int]]]) -> tuple[tuple[Part, ...], ...]:
        out: list[tuple[Part, ...]] = []
        for digits, run_spans in zip(self.digits, spans, strict=True):
            out.append(tuple(Part(digits.digits[a:b], digits.offsets[a]) for a, b in run_spans))
        return tuple(out)
