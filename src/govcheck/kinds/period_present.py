"""Kind ``period_present``: the report states its statistical period (统计期限).

The formats do not prescribe the sentence, but most organs write one
("本报告所列数据的统计期限为2022年1月1日至2022年12月31日"), and without it a
reader cannot tell which year the figures cover. A sentence that names the
period in a way the date patterns cannot read (统计期限为上一年度) still
counts as present: only GC206 needs the dates.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome
from govcheck.kinds.dating import PeriodSpec, prose_mentions, prose_periods
from govcheck.model import Document


class Spec(PeriodSpec):
    kind: Literal["period_present"]

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"report_year"})


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at the title (where the preface begins) when no period sentence was found."""
    if prose_periods(doc, spec.period_patterns):
        return Outcome.of([])
    if prose_mentions(doc, spec.cue_patterns) is not None:
        return Outcome.of([])
    year = str(doc.year) if doc.year is not None else "YYYY"
    return Outcome.of(
        [Hit(line=doc.title_line or 1, values={"report_year": year}, anchor="period")]
    )
