"""Kind ``section_order``: the six sections appear in the format's order.

The sections found are compared with the template's order. The largest set of
headings that already stands in order is kept (when several sets are equally
large, the one keeping the earliest headings), and every other heading is
reported at its own line: moving exactly those headings restores the order,
so a single misplaced section gives a single finding. Missing sections are
GC101's business and are ignored here.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, pairwise
from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome, RuleBase
from govcheck.i18n import Text
from govcheck.model import Document, Section
from govcheck.templates import all_templates


class Spec(RuleBase):
    kind: Literal["section_order"]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"number", "title", "found", "expected"})


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per heading outside the longest in-order run of headings."""
    template = doc.template or all_templates()[-1]
    order = {s.id: index for index, s in enumerate(template.section)}
    sections = list(doc.sections)
    ranks = [order[s.spec.id] for s in sections]
    kept = in_order(ranks)
    if len(kept) == len(sections):
        return Outcome.of([])
    found = _sequence(sections, ranks)
    expected = _sequence(sorted(sections, key=lambda s: order[s.spec.id]), sorted(ranks))
    hits = [
        Hit(
            line=section.line,
            values={
                "number": section.spec.number,
                "title": Text(section.spec.title, section.spec.title_en),
                "found": found,
                "expected": expected,
            },
            anchor=f"section:{section.spec.id}",
        )
        for index, section in enumerate(sections)
        if index not in kept
    ]
    return Outcome.of(hits)


def in_order(ranks: Sequence[int]) -> frozenset[int]:
    """Indexes of the largest increasing subsequence of ``ranks``, earliest first on ties.

    There are at most six sections, so trying every subset from the largest
    down is simple, exact and fast; ``combinations`` yields subsets in
    lexicographic order, which is the tie-break.
    """
    for size in range(len(ranks), 0, -1):
        for subset in combinations(range(len(ranks)), size):
            values = [ranks[i] for i in subset]
            if all(a < b for a, b in pairwise(values)):
                return frozenset(subset)
    return frozenset()


def _sequence(sections: Sequence[Section], ranks: Sequence[int]) -> Text:
    """The headings' numbers in the given order: 一 → 三 → 二 (en: 1 → 3 → 2)."""
    zh = " → ".join(s.spec.number for s in sections)
    en = " → ".join(str(rank + 1) for rank in ranks)
    return Text(zh, en)
