"""Kind ``parts_count``: the preface's "N 个部分" agrees with the headings found.

Many prefaces announce the report's structure (本报告由……等六个部分组成,
共分五部分). When the number differs from the section headings actually
found, either the preface was copied from an older report or a section was
dropped or merged (a real 2020 report announces 五 parts over six headings).
The claims are the rule file's regexes, each with a ``count`` group holding
an Arabic or Chinese numeral; they are searched in the listed parts of the
report only (the preface, and section 一 where some organs put it).
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, compile_patterns
from govcheck.model import Document
from govcheck.parse.numbers import chinese_to_int

# A count outside this range is not a number of report parts.
_MIN_PARTS, _MAX_PARTS = 1, 20
_MAX_COUNT_CHARS = 3
# A claim is quoted up to this many characters, keeping its end (…六个部分组成).
_MAX_CLAIM = 24


class Spec(RuleBase):
    kind: Literal["parts_count"]
    patterns: tuple[str, ...] = Field(min_length=1)
    sections: tuple[str, ...] = ("preface",)

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"announced", "found", "claim"})

    @field_validator("patterns")
    @classmethod
    def _valid_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in compile_patterns(value):
            if "count" not in re.compile(pattern).groupindex:
                raise ValueError(f"pattern {pattern!r} has no (?P<count>...) group")
        return value


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per line whose announced number of parts differs from the headings found."""
    regexes = [re.compile(p) for p in spec.patterns]
    found = len(doc.sections)
    hits = []
    for token in doc.prose_in(*spec.sections):
        claim = _claim(regexes, token.norm)
        if claim is None or claim[0] == found:
            continue
        values = {"announced": claim[0], "found": found, "claim": claim[1]}
        related = tuple(s.line for s in doc.sections)
        hits.append(Hit(line=token.line, values=values, related=related, anchor="preface"))
    return Outcome.of(hits)


def _claim(regexes: list[re.Pattern[str]], text: str) -> tuple[int, str] | None:
    """The first announced count in ``text`` with the words that say it, if any."""
    for regex in regexes:
        for match in regex.finditer(text):
            written = match.group("count")
            # At most 二十 parts: a longer run is no count (and may be too long for int()).
            count = chinese_to_int(written) if len(written) <= _MAX_COUNT_CHARS else None
            if count is not None and _MIN_PARTS <= count <= _MAX_PARTS:
                return count, _shorten(match.group(0))
    return None


def _shorten(claim: str) -> str:
    """The end of a long claim: the list of parts before the count is not needed."""
    return claim if len(claim) <= _MAX_CLAIM else "..." + claim[-(_MAX_CLAIM - 3) :]
