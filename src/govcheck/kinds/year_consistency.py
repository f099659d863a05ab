"""Kind ``year_consistency``: the title year, the statistical period and the prose agree.

A report re-used from last year often keeps a stale year somewhere: the
统计期限 still says 2020, or the overview still opens "2020年，我街道……" in
the 2021 report. Prose legitimately names other years, though: 上年结转,
comparisons with last year, 下一步 plans for next year, "2019年以来". So the
check is deliberately narrow:

- the statistical period, when it names one year, must name the title year;
- in the sections listed in ``sections``, a sentence that one of
  ``own_year_patterns`` matches (the sentence *opens* with a year and the
  organ as subject: "2020年，我街道……", or "现将2020年……报告如下") must
  use the title year, unless one of ``exclude_patterns`` (plans, comparisons,
  spans of years) occurs in the same sentence.

Each line is reported once. False alarms are worse than misses here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from govcheck.engine.base import Context, Hit, Localized, Outcome, compile_patterns
from govcheck.i18n import Text
from govcheck.kinds.dating import (
    NotedSpec,
    check_period_patterns,
    note,
    number,
    prose_paragraphs,
    prose_periods,
)
from govcheck.kinds.literals import Texts, compiled, needs, search_any
from govcheck.model import Document, Paragraph, Token
from govcheck.parse.paragraphs import paragraphs
from govcheck.templates import all_templates

_NOTES = {"no_year": frozenset[str]()}
# Prose sentences quoted in findings are cut to this many characters.
_EXCERPT = 30


class WhereLabels(BaseModel):
    """How the two places a year can come from are named in findings."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    period: Localized
    prose: Localized


class Spec(NotedSpec):
    kind: Literal["year_consistency"]
    period_patterns: tuple[str, ...] = Field(min_length=1)
    own_year_patterns: tuple[str, ...] = Field(min_length=1)
    exclude_patterns: tuple[str, ...] = ()
    sentence_breaks: str
    sections: tuple[str, ...] = Field(min_length=1)
    labels: WhereLabels

    NOTES: ClassVar[Mapping[str, frozenset[str]]] = _NOTES
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"where", "excerpt", "year", "report_year"})

    @field_validator("period_patterns")
    @classmethod
    def _valid_period(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_period_patterns(value)

    @field_validator("own_year_patterns")
    @classmethod
    def _valid_own_year(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in compile_patterns(value):
            if "year" not in re.compile(pattern).groupindex:
                raise ValueError(f"pattern {pattern!r} lacks the group (?P<year>…)")
        return value

    @field_validator("exclude_patterns")
    @classmethod
    def _valid_exclude(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return compile_patterns(value)

    @field_validator("sentence_breaks")
    @classmethod
    def _valid_breaks(cls, value: str) -> str:
        compile_patterns((value,))
        return value

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = {"preface"} | {s.id for t in all_templates() for s in t.section}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown section ids {unknown}; known: {sorted(known)}")
        return value


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """Fail at each period or opening sentence that names a year other than the title's."""
    if doc.year is None or doc.year_source == "opening":
        # A year read from a sentence that opens with it is what this rule
        # checks such sentences against: it would check them against themselves.
        return Outcome.not_assessable(note(spec.notes, "no_year"))
    hits: dict[int, Hit] = {}
    for hit in (*_period_hits(spec, doc, doc.year), *_prose_hits(spec, doc, doc.year)):
        hits.setdefault(hit.line, hit)
    return Outcome.of(sorted(hits.values(), key=lambda h: h.line))


def _period_hits(spec: Spec, doc: Document, year: int) -> Iterator[Hit]:
    for period in prose_periods(doc, spec.period_patterns):
        if period.year is not None and period.year != year:
            where = spec.labels.period.text()
            yield _hit(doc, period.line, where, period.excerpt, period.year, year)


def _prose_hits(spec: Spec, doc: Document, year: int) -> Iterator[Hit]:
    found = _stale(spec, prose_paragraphs(doc, *spec.sections), year)
    for line, sentence, stale in found:
        short = sentence if len(sentence) <= _EXCERPT else sentence[:_EXCERPT] + "…"
        yield _hit(doc, line, spec.labels.prose.text(), short, stale, year)


def stale_years(spec: Spec, tokens: tuple[Token, ...], year: int) -> Iterator[tuple[int, str, int]]:
    """Sentences that report the organ's work under a year other than ``year``.

    Yields (line, sentence, the year it names). Sentences with a plan or a
    comparison (``exclude_patterns``) are skipped whatever year they name.
    """
    return _stale(spec, paragraphs(tokens), year)


def _stale(spec: Spec, found: Sequence[Paragraph], year: int) -> Iterator[tuple[int, str, int]]:
    """:func:`stale_years` over paragraphs. A paragraph that no own-year pattern can
    match (it lacks their literal text) is not split into sentences at all."""
    breaks = compiled(spec.sentence_breaks)
    texts = Texts([p.text for p in found])
    own_year = ((p, needs(p)) for p in spec.own_year_patterns)
    for index, live in texts.candidates(own_year):
        regexes = [compiled(p) for p in live]
        for line, sentence in found[index].sentences(breaks):
            named = _named_year(regexes, sentence)
            if named is None or named == year:
                continue
            if not search_any(spec.exclude_patterns, sentence):
                yield line, sentence, named


def _named_year(regexes: list[re.Pattern[str]], sentence: str) -> int | None:
    for regex in regexes:
        match = regex.search(sentence)
        if match:
            return number(match["year"])
    return None


def _hit(doc: Document, line: int, where: Text, excerpt: str, found: int, year: int) -> Hit:
    values = {"where": where, "excerpt": excerpt, "year": found, "report_year": year}
    related = (doc.title_line,) if doc.title_line else ()
    return Hit(line=line, values=values, related=related, anchor="year")
