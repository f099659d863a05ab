"""Kind ``outdated_template``: the pre-2019 report layout (2008 Regulations).

Before the 2019 revision, reports followed Art. 32 of the 2008 Regulations:
一、概述, 依申请公开政府信息情况, 政府信息公开的收费及减免情况,
因政府信息公开申请行政复议、提起行政诉讼的情况, and an old-style
政府信息公开情况统计表. For a report on 2019 or later that layout is outdated
(an error). For an older report, or one whose year is unknown, the layout is
not wrong, but it is outside the formats govcheck checks; the finding is then
an *info* saying so, which explains why every other rule is not assessable.

The markers are the rule file's regexes, searched anywhere in every line:
crawled pages flatten a whole report into one line, so the old headings are
not on lines of their own. Several *distinct* markers are required, and each
is a heading or title that the 2019 and 2021 formats never use, so a modern
report cannot trigger the rule. On a file that shows neither the old layout
nor a modern report, the kind has nothing to say: not assessable, like every
rule but GC001.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, RuleBase, compile_patterns
from govcheck.findings import Severity
from govcheck.i18n import both
from govcheck.kinds.literals import Prefilter, Texts, compiled, prefilter
from govcheck.kinds.snippets import check_placeholders, fill
from govcheck.model import Document
from govcheck.parse.normalize import norm
from govcheck.templates import Template, all_templates

# How many markers the message quotes; the others are only counted.
_SHOWN = 3


class Spec(RuleBase):
    kind: Literal["outdated_template"]
    patterns: tuple[str, ...] = Field(min_length=1)
    min_markers: int = Field(default=2, ge=1)
    outdated: Localized
    legacy: Localized

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"found", "count", "verdict"})
    RUNS_ON_ANY: ClassVar[bool] = True
    # Each pattern with the literal text its matches contain: derived when
    # the pack is validated, and kept with the validated rules.
    _prefilter: Prefilter = PrivateAttr(default=())

    def model_post_init(self, context: Any, /) -> None:
        """Analyse the patterns once, with the validation."""
        self._prefilter = prefilter(self.patterns)

    def prefiltered(self) -> Prefilter:
        """Each pattern with the literal text every match contains (see :mod:`.literals`)."""
        return prefilter(self.patterns, stored=self._prefilter)

    @field_validator("patterns")
    @classmethod
    def _valid_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return compile_patterns(value)

    @field_validator("outdated")
    @classmethod
    def _outdated_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset({"year", "required"}))

    @field_validator("legacy")
    @classmethod
    def _legacy_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, frozenset())


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit at the first old-layout marker when enough distinct ones are found."""
    found = _old_markers(spec, doc)
    if len(found) < spec.min_markers:
        if not doc.recognised:  # neither old nor modern: nothing to say about the layout
            return Outcome.not_assessable(both("note.not_a_report"))
        return Outcome.of([])
    lines = sorted({line for line, _, _ in found})
    required = _required(doc.year)
    if required is None:
        verdict, severity = fill(spec.legacy), Severity.INFO
    else:
        verdict = fill(spec.outdated, year=doc.year, required=required.template.source)
        severity = None
    shown = [text for _, _, text in found[:_SHOWN]]
    values = {"found": " / ".join(shown), "count": len(found), "verdict": verdict}
    hit = Hit(
        line=lines[0],
        values=values,
        related=tuple(lines[1:]),
        anchor="template",
        severity=severity,
    )
    return Outcome.of([hit])


def _old_markers(spec: Spec, doc: Document) -> list[tuple[int, int, str]]:
    """Each pattern's first match as (line, offset, text), in reading order.

    A pattern is searched for only in lines holding its literal text; a
    modern report holds none of the old headings, so usually in no line.
    """
    lines = Texts([norm(raw) for raw in doc.lines])
    found: dict[str, tuple[int, int, str]] = {}
    for pattern, required in spec.prefiltered():
        if pattern in found:
            continue
        for index in lines.holding(required):
            match = compiled(pattern).search(lines.texts[index])
            if match:
                found[pattern] = (index + 1, match.start(), match.group(0))
                break
    return sorted(found.values())


def _required(year: int | None) -> Template | None:
    """The format a report on ``year`` must use; None before 2019 or when unknown."""
    if year is None:
        return None
    return next((t for t in all_templates() if t.covers_year(year)), None)
