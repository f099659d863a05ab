"""Kind ``date_year``: the signing and publication dates fall in the year after the report year.

A 2022 report is written after 31 December 2022 and published by 31 March
2023 at the latest, so both dates belong to 2023. A date in 2022 is premature
or a leftover of last year's report; a date in 2024 or later names the wrong
year (or is so late that GC203 fails too). Both dates are checked when both
are known: the signing date in the report, and the --published-on date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

from govcheck.engine.base import Context, Hit, Outcome
from govcheck.kinds.dating import Dated, DateLabels, NotedSpec, note, published, signed
from govcheck.model import Document

_NOTES = {"undated": frozenset[str](), "no_year": frozenset[str]()}


class Spec(NotedSpec):
    kind: Literal["date_year"]
    labels: DateLabels

    NOTES: ClassVar[Mapping[str, frozenset[str]]] = _NOTES
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"label", "date", "year", "report_year", "expected_year"}
    )


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at each known date whose year is not the report year + 1."""
    if doc.year is None:
        return Outcome.not_assessable(note(spec.notes, "no_year"))
    dates = [d for d in (signed(doc, spec.labels), published(doc, ctx, spec.labels)) if d]
    if not dates:
        return Outcome.not_assessable(note(spec.notes, "undated"))
    return Outcome.of([_hit(d, doc.year) for d in dates if d.date.year != doc.year + 1])


def _hit(dated: Dated, report_year: int) -> Hit:
    values = {
        "label": dated.label,
        "date": dated.shown,
        "year": dated.date.year,
        "report_year": report_year,
        "expected_year": report_year + 1,
    }
    return Hit(line=dated.line, values=values, anchor=dated.anchor)
