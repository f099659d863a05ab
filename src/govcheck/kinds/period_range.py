"""Kind ``period_range``: the statistical period is 1 January to 31 December of the report year.

Every period statement found is checked (some reports state it twice). The
end date may omit its year (2022年1月1日至12月31日); it then inherits the
start year. A cue such as 统计期限 without readable dates, or no statement at
all (GC205's finding), makes the rule not assessable rather than passing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome
from govcheck.kinds.dating import NotedSpec, Period, PeriodSpec, note, prose_mentions, prose_periods
from govcheck.model import Document

_NOTES = {
    "no_year": frozenset[str](),
    "missing": frozenset[str](),
    "unreadable": frozenset({"line"}),
}


class Spec(PeriodSpec, NotedSpec):
    kind: Literal["period_range"]

    NOTES: ClassVar[Mapping[str, frozenset[str]]] = _NOTES
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"excerpt", "report_year"})


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at each period statement that is not the report year's calendar year."""
    if doc.year is None:
        return Outcome.not_assessable(note(spec.notes, "no_year"))
    periods = prose_periods(doc, spec.period_patterns)
    if not periods:
        cue = prose_mentions(doc, spec.cue_patterns)
        if cue is not None:
            return Outcome.not_assessable(note(spec.notes, "unreadable", line=cue))
        return Outcome.not_assessable(note(spec.notes, "missing"))
    return Outcome.of([_hit(p, doc.year) for p in periods if not p.is_calendar_year(doc.year)])


def _hit(period: Period, year: int) -> Hit:
    return Hit(
        line=period.line,
        values={"excerpt": period.excerpt, "report_year": year},
        anchor="period",
    )
