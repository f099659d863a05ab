"""Kind ``format_mismatch``: the tables' format version does not fit the report year.

Reports on 2019 and 2020 use the trial format of 2019 (F2019), reports on
2021 and later the revised format of 2021 (F2021). The parser picks the
format from the markers in the tables; this kind compares it with the title
year. A mismatch is only reported when the tables show at least
``min_markers`` distinct markers of the format they use: a format chosen on a
single marker (one short line naming 行政规范性文件) is too weak to accuse a
report of using the wrong version, so that case is *not assessable*.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase
from govcheck.i18n import Text, both
from govcheck.kinds.fingerprints import distinct_markers, first_line, summary
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Document
from govcheck.templates import all_templates


class Spec(RuleBase):
    kind: Literal["format_mismatch"]
    min_markers: int = Field(default=2, ge=1)
    legacy: Localized
    unassessed: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"year", "used", "required", "markers"})

    @field_validator("legacy", "unassessed")
    @classmethod
    def _no_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset())


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at the first marker line of the format used when it does not cover the year."""
    if doc.template is None:
        return Outcome.not_assessable(both("note.no_format"))
    if doc.year is None:
        return Outcome.not_assessable(fill(spec.unassessed))
    if doc.template.covers_year(doc.year):
        return Outcome.of([])
    found = distinct_markers(doc, doc.template.id)
    if len(found) < spec.min_markers:
        return Outcome.not_assessable(fill(spec.unassessed))
    values = {
        "year": doc.year,
        "used": doc.template.template.source,
        "required": _required(spec, doc.year),
        "markers": summary(found),
    }
    related = (doc.title_line,) if doc.title_line else ()
    return Outcome.of(
        [Hit(line=first_line(found), values=values, related=related, anchor="template")]
    )


def _required(spec: Spec, year: int) -> Text:
    """The format due for ``year``: its source, or the rule file's pre-2019 wording."""
    due = next((t for t in all_templates() if t.covers_year(year)), None)
    if due is None:
        return fill(spec.legacy)
    return Text(due.template.source, due.template.source)
