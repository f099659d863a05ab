"""Kind ``pattern_prohibited``: text that must not appear in a published report.

Used for leftovers of a fill-in template (``XX县``, ``20××年``, ``（此处填写…）``)
and for sentences whose number was never filled in (``共主动公开条``). The
regular expressions live in the pack, so the kind knows nothing about Chinese.

Patterns are matched against each unit's *raw* text (a line, or a piece of a
flattened line): whitespace is evidence
(``主动公开信息  条`` is a gap where a number was meant to go) and the
column of a match is only meaningful in the text the user sees. When several
patterns match overlapping text, one finding is kept, so ``20××年`` is never
reported twice for the ``××`` inside it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import PrivateAttr, field_validator, model_validator

from govcheck.engine.base import Context, Hit, Outcome, RuleBase, compile_patterns
from govcheck.kinds.literals import Prefilter, Texts, compiled, prefilter
from govcheck.kinds.section_scope import known_section_ids
from govcheck.model import Document

# A clause ends at a sentence or clause mark; these are compared after NFKC, which
# folds the full-width comma, semicolon, exclamation and question marks to ASCII.
_CLAUSE_BREAKS = frozenset(",;!?\u3002")
# The quoted context is clipped so that a finding stays on one screen line.
_MAX_CONTEXT = 40
_ELLIPSIS = "\u2026"

Span = tuple[int, int]


class Spec(RuleBase):
    kind: Literal["pattern_prohibited"]
    patterns: tuple[str, ...]
    scope: Literal["prose", "all"] = "prose"
    sections: tuple[str, ...] = ()

    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "context"})
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
        if not value:
            raise ValueError("at least one pattern is required")
        return compile_patterns(value)

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - known_section_ids())
        if unknown:
            raise ValueError(f"unknown section ids: {', '.join(unknown)}")
        return value

    @model_validator(mode="after")
    def _sections_need_prose(self) -> Spec:
        if self.sections and self.scope != "prose":
            raise ValueError('sections can only narrow scope = "prose"')
        return self


def evaluate(spec: Spec, doc: Document, ctx: Context) -> Outcome:
    """One hit per non-overlapping match, at its line and column.

    A token may be a unit inside a line (a flattened page); its column is
    where it starts, so the match's column is counted from there. A pattern
    runs only on units holding its literal text (nearly none): the spans are
    those of running every pattern on every unit.
    """
    units = _units(spec, doc)
    texts = Texts(units.texts)
    hits: list[Hit] = []
    for index, patterns in texts.candidates(spec.prefiltered()):
        place = units.place(index)
        if place is None:
            continue
        line, column = place
        raw = units.texts[index]
        spans = _spans([compiled(p) for p in patterns], raw)
        if not spans:
            continue  # the literal text was there, a match was not: nothing to quote
        clauses = _Clauses(raw)
        for start, end in spans:
            values = {"match": raw[start:end].strip(), "context": clauses.quote(start, end)}
            hits.append(Hit(line=line, column=column + start, values=values))
    return Outcome.of(hits)


@dataclass(frozen=True, slots=True)
class _Units:
    """The raw text of each unit in scope, and where each starts.

    For the whole document the texts are its lines, blank ones included, so
    that nothing is built per line; a blank line is then no unit.
    """

    texts: Sequence[str]
    places: Sequence[tuple[int, int]] | None = None

    def place(self, index: int) -> tuple[int, int] | None:
        """(line, column) of unit ``index``; None for a blank line of the document."""
        if self.places is not None:
            return self.places[index]
        return (index + 1, 1) if self.texts[index].strip() else None


def _units(spec: Spec, doc: Document) -> _Units:
    """The units in scope: every non-blank line, or the prose (of some sections)."""
    if spec.scope == "all":
        return _Units(doc.lines)
    tokens = doc.prose_in(*spec.sections) if spec.sections else doc.prose
    return _Units([t.raw for t in tokens], [(t.line, t.column) for t in tokens])


def _spans(regexes: Iterable[re.Pattern[str]], text: str) -> list[Span]:
    """Matches of all patterns, leftmost-longest first, dropping any that overlap a kept one."""
    found = sorted(
        ((m.start(), m.end()) for r in regexes for m in r.finditer(text) if m.end() > m.start()),
        key=lambda span: (span[0], -span[1]),
    )
    kept: list[Span] = []
    for start, end in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def context(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``, clipped, for quoting in a message.

    Quoting the clause rather than the bare match lets a clerk find the spot:
    ``公开条`` alone says little, ``全年共主动公开条`` says where.
    """
    return _Clauses(text).quote(start, end)


class _Clauses:
    """Where the clauses of one text begin and end, found in one pass.

    A unit holding many matches in one long clause (a hostile line of
    ``XX县`` repeated) would otherwise walk the whole clause for every match,
    the square of the line's length.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        breaking = {char for char in set(text) if _is_break(char)}
        self.breaks = [i for i, char in enumerate(text) if char in breaking]
        self._first: dict[int, int] = {}
        self._last: dict[int, int] = {}

    def quote(self, start: int, end: int) -> str:
        """The clause around ``text[start:end]`` without its outer spaces, clipped."""
        text = self.text
        before = bisect.bisect_left(self.breaks, start)
        left = self.breaks[before - 1] + 1 if before else 0
        after = bisect.bisect_left(self.breaks, end)
        right = self.breaks[after] if after < len(self.breaks) else len(text)
        left = min(start, self._first_non_space(left))
        right = max(end, self._after_last_non_space(right))
        if right - left <= _MAX_CONTEXT:
            return text[left:right]
        # Keep the match in view: centre the window on it.
        begin = max(left, min((start + end - _MAX_CONTEXT) // 2, right - _MAX_CONTEXT))
        stop = begin + _MAX_CONTEXT
        prefix = _ELLIPSIS if begin > left else ""
        suffix = _ELLIPSIS if stop < right else ""
        return f"{prefix}{text[begin:stop]}{suffix}"

    def _first_non_space(self, left: int) -> int:
        """The first position from ``left`` on that is not a space (once per clause)."""
        if left not in self._first:
            text, index = self.text, left
            while index < len(text) and text[index].isspace():
                index += 1
            self._first[left] = index
        return self._first[left]

    def _after_last_non_space(self, right: int) -> int:
        """Just after the last character before ``right`` that is not a space."""
        if right not in self._last:
            text, index = self.text, right
            while index > 0 and text[index - 1].isspace():
                index -= 1
            self._last[right] = index
        return self._last[right]


def _is_break(char: str) -> bool:
    return unicodedata.normalize("NFKC", char) in _CLAUSE_BREAKS
