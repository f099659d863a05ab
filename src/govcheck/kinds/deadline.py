"""Kind ``deadline``: the report was published by the Art. 49 deadline for its issuer's level.

The deadlines and their severities are data (the rule's ``deadlines``): a
level may have several, the latest one passed decides (a township: warning
after 1月31日, error after 3月31日). The date is --published-on if given,
else the signing date; the level is --issuer-level if given, else inferred
from the issuer name (govcheck.parse.issuer).

A name may allow several levels (淮安市人民政府: a 设区的市 or a 县级市), or
none at all (a 管委会). Then the rule only says what holds for every level
the name allows: on time for all of them → pass; late for all of them → fail,
with the most lenient severity and deadline among them; late for some only →
not assessable, asking for --issuer-level. With an unknown level that means:
nothing is reported up to 1月31日, and after 3月31日 (the latest deadline of
any level) the report is late whatever the organ is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from govcheck.engine.base import Context, Hit, Outcome
from govcheck.findings import Severity
from govcheck.i18n import Text
from govcheck.kinds.dating import Dated, DateLabels, NotedSpec, note, publication
from govcheck.model import Document, IssuerLevel
from govcheck.parse.issuer import Issuer, describe_levels, infer_issuer, with_option

_NOTES = {
    "undated": frozenset[str](),
    "no_year": frozenset[str](),
    "uncertain": frozenset({"label", "date", "late", "on_time", "level_source"}),
}
# Any year that is not a leap year, to check that a month/day exists every year.
_COMMON_YEAR = 2001


class Deadline(BaseModel):
    """After ``month``/``day`` of the year after the report year, ``levels`` are late."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    levels: frozenset[IssuerLevel] = Field(min_length=1)
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    severity: Severity

    @model_validator(mode="after")
    def _real_day(self) -> Deadline:
        dt.date(_COMMON_YEAR, self.month, self.day)  # raises ValueError for 2月30日
        return self

    def due(self, year: int) -> dt.date:
        """The deadline in ``year``."""
        return dt.date(year, self.month, self.day)


class Spec(NotedSpec):
    kind: Literal["deadline"]
    labels: DateLabels
    deadlines: tuple[Deadline, ...] = Field(min_length=1)

    NOTES: ClassVar[Mapping[str, frozenset[str]]] = _NOTES
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"label", "date", "level", "level_source", "due", "due_year", "due_month", "due_day"}
    )

    @field_validator("deadlines")
    @classmethod
    def _every_level(cls, value: tuple[Deadline, ...]) -> tuple[Deadline, ...]:
        """Every level needs a deadline, or an unknown level could never be late."""
        missing = set(IssuerLevel) - {level for d in value for level in d.levels}
        if missing:
            raise ValueError(f"no deadline for {sorted(m.value for m in missing)}")
        return value


@dataclass(frozen=True, slots=True)
class _Late:
    """How late a date is for one level: the severity and the deadline it passed."""

    severity: Severity
    due: dt.date


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail when the date is after the deadline of every level the issuer may have."""
    if doc.year is None:
        return Outcome.not_assessable(note(spec.notes, "no_year"))
    dated = publication(doc, ctx, spec.labels)
    if dated is None:
        return Outcome.not_assessable(note(spec.notes, "undated"))
    issuer = with_option(infer_issuer(doc.issuer), ctx.issuer_level)
    verdicts = {lv: lateness(spec.deadlines, lv, dated.date, doc.year + 1) for lv in issuer.levels}
    late = {level: v for level, v in verdicts.items() if v is not None}
    if not late:
        return Outcome.of([])
    if len(late) < len(verdicts):
        return Outcome.not_assessable(_uncertain(spec, dated, issuer, frozenset(late)))
    lenient = min(late.values(), key=lambda v: (v.severity.rank, -v.due.toordinal()))
    return Outcome.of([_hit(dated, issuer, lenient, doc)])


def lateness(
    deadlines: tuple[Deadline, ...], level: IssuerLevel, date: dt.date, year: int
) -> _Late | None:
    """The most severe deadline of ``level`` that ``date`` is after, in ``year``; None if none."""
    passed = [
        _Late(d.severity, d.due(year))
        for d in deadlines
        if level in d.levels and date > d.due(year)
    ]
    return max(passed, key=lambda v: (v.severity.rank, v.due), default=None)


def _uncertain(spec: Spec, dated: Dated, issuer: Issuer, late: frozenset[IssuerLevel]) -> Text:
    on_time = issuer.levels - late
    return note(
        spec.notes,
        "uncertain",
        label=dated.label,
        date=dated.shown,
        late=describe_levels(late, issuer.locality),
        on_time=describe_levels(on_time, issuer.locality),
        level_source=issuer.source,
    )


def _hit(dated: Dated, issuer: Issuer, late: _Late, doc: Document) -> Hit:
    values = {
        "label": dated.label,
        "date": dated.shown,
        "level": issuer.describe(),
        "level_source": issuer.source,
        "due": late.due.isoformat(),
        "due_year": late.due.year,
        "due_month": late.due.month,
        "due_day": late.due.day,
    }
    related = (doc.title_line,) if doc.title_line and doc.title_line != dated.line else ()
    return Hit(
        line=dated.line, values=values, related=related, anchor=dated.anchor, severity=late.severity
    )
