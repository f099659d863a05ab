"""Kind ``copied_text``: a prose section repeats last year's almost word for word.

GC703: section 一 (总体情况) or 五 (存在的主要问题及改进情况) copied from the
previous year's report is the 照搬照抄 that the format notices warn against:
last year's problems cannot all still be this year's, and their fixes
cannot all still be "下一步".

The measure is *containment* of character n-grams: the share of this year's
distinct n-character pieces (shingles, n = 5 by default) that also occur in
last year's section. Before shingling, the text keeps letters and digits
only (punctuation and spacing say nothing) and every run of digits becomes
one ``#``, so a copy whose year and counts were updated still counts as a
copy. Containment rather than Jaccard similarity, because the question is
how much of *this* year's text is old: a short section lifted from a long
one is a copy even though the two differ in length.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from govcheck.engine.base import Context, Hit, Outcome, RuleBase
from govcheck.i18n import Text, both
from govcheck.kinds.previous import previous_report
from govcheck.kinds.section_scope import known_section_ids, section_body
from govcheck.model import PREFACE, Document, Section

_DIGITS = re.compile(r"\d+")
_DIGIT_MARK = "#"


class Spec(RuleBase):
    kind: Literal["copied_text"]
    sections: tuple[str, ...] = Field(min_length=1)
    threshold: float = Field(default=0.8, gt=0, le=1)
    n: int = Field(default=5, ge=2, le=20)
    # Shorter sections (无。, a single stock sentence) are not compared: two
    # identical one-liners say nothing about copying.
    min_chars: int = Field(default=50, ge=1)

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"number", "title", "share", "threshold", "n", "previous_path", "previous_line"}
    )

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for section in value:
            if section == PREFACE or section not in known_section_ids():
                raise ValueError(f"unknown section id {section!r}")
        return value


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit at each section heading whose text is mostly last year's."""
    previous = previous_report(doc, ctx)
    if isinstance(previous, Outcome):
        return previous
    hits: list[Hit] = []
    compared = False
    for section_id in spec.sections:
        section, old = doc.section(section_id), previous.section(section_id)
        if section is None or old is None:
            continue  # a missing heading is GC101's finding, not this rule's
        compared = True
        mine = comparable_text(doc, section_id)
        if len(mine) < max(spec.min_chars, spec.n):
            continue
        share = containment(mine, comparable_text(previous, section_id), spec.n)
        if share > spec.threshold:
            hits.append(_hit(spec, section, old, share, previous.path))
    return Outcome.of(hits, None if compared else both("crossyear.no_sections"))


def comparable_text(doc: Document, section_id: str) -> str:
    """The section's letters and digits, each run of digits as one ``#``."""
    text = "".join(t.norm for t in section_body(doc, section_id))
    return _DIGITS.sub(_DIGIT_MARK, "".join(ch for ch in text if ch.isalnum()))


def shingles(text: str, n: int) -> frozenset[str]:
    """The distinct n-character pieces of ``text`` (the whole text when shorter)."""
    if len(text) <= n:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


def containment(mine: str, theirs: str, n: int) -> Fraction:
    """The share of ``mine``'s shingles that also occur in ``theirs`` (0 for empty text).

    A fraction, not a float, so that the comparison with the threshold and
    the percentage in the message are exact.
    """
    own = shingles(mine, n)
    if not own:
        return Fraction(0)
    return Fraction(len(own & shingles(theirs, n)), len(own))


def _hit(spec: Spec, section: Section, old: Section, share: Fraction, path: str) -> Hit:
    return Hit(
        line=section.line,
        anchor=f"section:{section.spec.id}",
        values={
            "number": section.spec.number,
            "title": Text(section.spec.title, section.spec.title_en),
            "share": _percent(share),
            "threshold": _percent(spec.threshold),
            "n": spec.n,
            "previous_path": path,
            "previous_line": old.line,
        },
    )


def _percent(value: Fraction | float) -> str:
    """A share as a percentage with one decimal, rounded down (never overstated)."""
    exact = Fraction(str(value)) if isinstance(value, float) else value
    tenths = int(exact * 1000)
    return f"{tenths // 10}.{tenths % 10}%"
