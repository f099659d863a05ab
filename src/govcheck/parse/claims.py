"""Finding number-bearing claims in prose, and the sentence each one stands in.

Rules that compare the prose with the tables (GC502–GC505) need three things
from the text: where a claim is (the line its number is printed on), what
number it states, and what else its sentence says, so that a claim about a
different scope (another organ, another year, a subset such as 当面申请) can
be left alone rather than reported.

Numbers are written in ASCII digits, full-width digits (folded by NFKC in
:func:`~govcheck.parse.normalize.norm`) or Chinese numerals (三十二件). A rule
pattern writes ``{NUM}`` or ``{PCT}`` where a number stands; this module
expands them, so the number grammar lives in one place and in no pack.

A PDF export wraps sentences across lines (不予公开答复 2 / 件), so adjacent
prose lines are joined into one :class:`Passage` and every match is mapped
back to the line it starts on.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any, TypeVar, cast

from govcheck.engine.regex_safety import TOO_DEEP, check_pattern
from govcheck.model import Token
from govcheck.parse.numbers import chinese_to_int
from govcheck.templates import vocabulary

# No count in a report has more digits; a longer run is not read as a number
# (Python refuses to convert more than 4,300 digits, and messages print counts).
MAX_COUNT_DIGITS = 18
# Placeholders a rule pattern may use for a count and for a percentage.
NUM = "{NUM}"
PCT = "{PCT}"

_T = TypeVar("_T")
# Compiled claim patterns kept: a pure function of a pattern string. Bounded,
# because user packs (read again by a server for every request) bring new
# patterns; the built-in packs hold about 60.
_PATTERN_MEMO = 1024


@cache
def _numeral_class() -> str:
    """The characters of Chinese numerals, as a regex class body (from common.toml)."""
    numerals = vocabulary().numerals
    # Prose is matched after NFKC, so a numeral that NFKC folds to an ASCII
    # letter (the full-width letter O some clerks type for the zero sign) is
    # left out: it would match inside Latin words.
    chars = {*numerals["digits"], *numerals["multipliers"]}
    kept = {c for c in chars if unicodedata.normalize("NFKC", c) == c}
    return "".join(re.escape(c) for c in sorted(kept))


@cache
def number_pattern() -> str:
    """A whole count: ASCII digits (with optional thousands commas) or a Chinese numeral.

    The look-arounds keep a count from starting inside a longer number or a
    Chinese numeral (二十件 is 20, never 十).
    """
    cn = _numeral_class()
    return rf"(?<![0-9.{cn}])(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+|[{cn}]+)(?![0-9]|\.[0-9])"


@cache
def percent_pattern() -> str:
    """A printed percentage's number, e.g. ``51.85`` (the ``%`` is the pattern's)."""
    return r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?"


def expand(pattern: str) -> str:
    """Replace ``{NUM}`` and ``{PCT}`` by the number grammar (plain text substitution)."""
    return pattern.replace(NUM, number_pattern()).replace(PCT, percent_pattern())


@lru_cache(maxsize=_PATTERN_MEMO)
def compile_claim(pattern: str, group: str | None) -> re.Pattern[str]:
    """Validate a pack pattern: compile it expanded, requiring the named group the kind reads.

    Raises ValueError (a load-time error in the pack) when the regex is invalid,
    lacks the group, or could backtrack catastrophically once expanded. This
    runs when a pack is validated; linting uses :func:`claim_regex`.
    """
    try:
        regex = claim_regex(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    except RecursionError as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {TOO_DEEP}") from exc
    check_pattern(regex.pattern)
    if group is not None and group not in regex.groupindex:
        raise ValueError(f"pattern {pattern!r} needs a named group (?P<{group}>…)")
    return regex


@lru_cache(maxsize=_PATTERN_MEMO)
def claim_regex(pattern: str) -> re.Pattern[str]:
    """A pattern of a validated pack, compiled with ``{NUM}``/``{PCT}`` expanded.

    Its safety and groups were checked by :func:`compile_claim` when the pack
    was validated (possibly in an earlier run, see the rule cache), so a lint
    only compiles it, and only once a text may match it.
    """
    return re.compile(expand(pattern))


def read_count(text: str) -> int | None:
    """The value of a count as matched by ``{NUM}``: ``1,499`` → 1499, ``三十二`` → 32.

    A run of several Chinese digits without 十/百/千 (一二, 二〇) is how years
    are written, or a vague 一两 ("one or two"), never a count: None.
    """
    digits = text.replace(",", "")
    if len(digits) > MAX_COUNT_DIGITS:
        return None  # an identifier or a garbled line, not a count (and too long for int())
    if digits.isascii():
        return int(digits) if digits.isdigit() else None
    multipliers = vocabulary().numerals["multipliers"]
    if len(digits) > 1 and not any(ch in multipliers for ch in digits):
        return None
    return chinese_to_int(digits)


def read_percent(text: str) -> Decimal | None:
    """The value of a percentage as matched by ``{PCT}``, keeping its printed precision."""
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass(frozen=True, slots=True)
class Passage:
    """Adjacent prose units joined into one text, with where each unit starts.

    ``offsets`` are positions in :attr:`text`; ``lines`` and ``columns`` are
    the source position of the unit starting there.
    """

    text: str
    offsets: tuple[int, ...]
    lines: tuple[int, ...]
    columns: tuple[int, ...]

    def _index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.offsets, offset) - 1, 0)

    def line_at(self, offset: int) -> int:
        """The source line that holds the character at ``offset``."""
        return self.lines[self._index(offset)]

    def column_at(self, offset: int) -> int:
        """The source column of the unit that holds the character at ``offset``."""
        return self.columns[self._index(offset)]


def passages(tokens: Sequence[Token], lines: Sequence[str] = ()) -> tuple[Passage, ...]:
    """Join runs of adjacent prose units into passages.

    A line-wrapped sentence becomes whole again (the next line, no blank line
    between), and so does a flattened line that the loader cut into several
    units (the next unit starts where this one ends, give or take spaces;
    ``lines`` is the source, to see what lies between). Units separated by a
    blank line, a heading or a table cell stay apart, because headings and
    cells are not prose and leave a gap. Joining across a sentence end is
    harmless: sentences are delimited by their punctuation, not by lines.
    """
    out: list[Passage] = []
    run: list[Token] = []
    for token in tokens:
        if run and not _continues(run[-1], token, lines):
            out.append(_join(run))
            run = []
        run.append(token)
    if run:
        out.append(_join(run))
    return tuple(out)


def _column(token: Token) -> int:
    return int(getattr(token, "column", 1))


def _continues(before: Token, token: Token, lines: Sequence[str]) -> bool:
    """Whether ``token`` carries on ``before``'s text."""
    if token.line == before.line + 1:
        return _column(token) == 1
    if token.line != before.line or not 0 < token.line <= len(lines):
        return False
    end = _column(before) - 1 + len(before.raw)
    gap = lines[token.line - 1][end : _column(token) - 1]
    return end <= _column(token) - 1 and not gap.strip()


def _join(run: Sequence[Token]) -> Passage:
    offsets, position = [], 0
    for token in run:
        offsets.append(position)
        position += len(token.norm)
    return Passage(
        text="".join(t.norm for t in run),
        offsets=tuple(offsets),
        lines=tuple(t.line for t in run),
        columns=tuple(_column(t) for t in run),
    )


class Spans:
    """Where some patterns match in one sentence, found in one left-to-right pass each.

    Claims in one sentence ask the same questions of different stretches of
    it (is there an exclusion word in my clause, a year before me?).
    Searching each stretch afresh made a long sentence of many claims cost
    the square of its length; here the sentence is searched once and each
    question is a binary search. The matches are those of ``finditer`` over
    the sentence: for the literal words and fixed-length patterns of the
    packs, a stretch holds a match exactly when one of these lies within it.
    """

    __slots__ = ("_first_end", "_sorted_ends", "ends", "groups", "starts")

    def __init__(self, regexes: Sequence[re.Pattern[str]], text: str, start: int, end: int) -> None:
        piece = text[start:end]
        found = [m for regex in regexes for m in regex.finditer(piece)]
        found.sort(key=lambda m: (m.start(), m.end()))
        # Named groups, not the matches: a match keeps the sentence's copy alive.
        self.groups = [m.groupdict() for m in found]
        self.starts = [start + m.start() for m in found]
        self.ends = [start + m.end() for m in found]
        self._sorted_ends = sorted(self.ends)
        # The least end among the matches from each one on: "a match lies in
        # [a, b]" is "the least end of the matches starting at a or later is <= b".
        first_end = list(self.ends)
        for index in range(len(first_end) - 2, -1, -1):
            first_end[index] = min(first_end[index], first_end[index + 1])
        self._first_end = first_end

    def within(self, start: int, end: int) -> bool:
        """Whether a match lies in ``text[start:end]``."""
        index = bisect.bisect_left(self.starts, start)
        return index < len(self._first_end) and self._first_end[index] <= end

    def last_end(self, before: int, default: int) -> int:
        """The end of the last match that ends by ``before`` (``default`` if none)."""
        index = bisect.bisect_right(self._sorted_ends, before)
        return self._sorted_ends[index - 1] if index else default


class Sentence:
    """One sentence of a passage, and what has been worked out about it.

    Every claim in the sentence shares this object, so a pattern is searched
    in a sentence once (:meth:`spans`), and a verdict on the whole sentence
    is reached once (:meth:`memo`), however many claims the sentence holds.
    """

    __slots__ = ("_known", "end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._known: dict[Hashable, Any] = {}

    def spans(self, *regexes: re.Pattern[str]) -> Spans:
        """The matches of ``regexes`` in the sentence, found on first use."""
        return self.memo(regexes, lambda: Spans(regexes, self.text, self.start, self.end))

    def memo(self, key: Hashable, derive: Callable[[], _T]) -> _T:
        """``derive()``, computed once per sentence and ``key``."""
        if key not in self._known:
            self._known[key] = derive()
        return cast(_T, self._known[key])


@dataclass(frozen=True, slots=True)
class Mention:
    """One match of a claim pattern, with the sentence and clause around it."""

    passage: Passage
    match: re.Match[str]
    group: str | None
    sentence_start: int
    sentence_end: int
    clause_start: int
    quote_start: int
    # Shared by the mentions of one sentence (not part of a mention's value).
    context: Sentence = field(compare=False, repr=False)

    @property
    def text(self) -> str:
        """The matched claim as it reads in the normalised prose."""
        return self.match.group(0)

    @property
    def quote(self) -> str:
        """The claim as a message quotes it: the match, from the clause of its number.

        A pattern may start well before its number (复议3件,其中结果维持2件);
        the quote keeps only the clause that states the number (结果维持2件).
        """
        return self.passage.text[self.quote_start : self.match.end()]

    @property
    def number(self) -> str | None:
        """The printed number, or None for a claim without one."""
        if self.group is None:
            return None
        return self.match.group(self.group)

    @property
    def offset(self) -> int:
        """Where the claim's evidence is: its number if it has one, else its start."""
        if self.group is not None:
            return self.match.start(self.group)
        return self.match.start()

    @property
    def line(self) -> int:
        """The source line of :attr:`offset`."""
        return self.passage.line_at(self.offset)

    @property
    def column(self) -> int:
        """The source column of the unit holding :attr:`offset` (1 for a whole line)."""
        return self.passage.column_at(self.offset)

    @property
    def sentence_before(self) -> str:
        """The sentence up to the claim (not including it)."""
        return self.passage.text[self.sentence_start : self.match.start()]

    @property
    def sentence(self) -> str:
        """The whole sentence the claim stands in."""
        return self.passage.text[self.sentence_start : self.sentence_end]

    @property
    def clause(self) -> str:
        """The clause up to and including the claim."""
        return self.passage.text[self.clause_start : self.match.end()]

    def near(self, window: int) -> str:
        """Up to ``window`` characters before the claim, and the claim."""
        return self.passage.text[max(self.match.start() - window, 0) : self.match.end()]


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Compiled sentence and clause delimiters (given by the pack, in normalised form)."""

    sentence: re.Pattern[str]
    clause: re.Pattern[str]

    def find(
        self, passage: Passage, regex: re.Pattern[str], group: str | None
    ) -> Iterator[Mention]:
        """Every match of ``regex`` in ``passage``, not just the first.

        The delimiters of the passage are found once (:class:`_Marks`), so
        placing a claim in its sentence and clause is a binary search, not a
        scan from the start of the passage.
        """
        marks = _marks(self, passage.text)
        for match in regex.finditer(passage.text):
            start = marks.sentence_start(match.start())
            end = marks.sentence_end(match.end())
            number = match.start(group) if group is not None else match.start()
            yield Mention(
                passage=passage,
                match=match,
                group=group,
                sentence_start=start,
                sentence_end=end,
                clause_start=max(start, marks.clause_start(match.start())),
                quote_start=max(match.start(), marks.clause_start(number)),
                context=marks.sentence(start, end),
            )


class _Marks:
    """Where one passage's sentence and clause delimiters are: one pass over its text.

    A delimiter is a match of the delimiter pattern in the whole passage
    (the packs' are single characters, 。 or ,). The sentences handed out
    are shared by every claim and every pattern that falls in them.
    """

    __slots__ = ("_clause_ends", "_sentence_ends", "_sentence_starts", "_sentences", "_text")

    def __init__(self, bounds: Boundaries, text: str) -> None:
        self._text = text
        sentences = [(m.start(), m.end()) for m in bounds.sentence.finditer(text)]
        self._sentence_starts = [s for s, _ in sentences]
        self._sentence_ends = [e for _, e in sentences]
        self._clause_ends = [m.end() for m in bounds.clause.finditer(text)]
        self._sentences: dict[tuple[int, int], Sentence] = {}

    def sentence_start(self, before: int) -> int:
        """Just after the last sentence delimiter that ends by ``before`` (0 if none)."""
        return _last(self._sentence_ends, before)

    def clause_start(self, before: int) -> int:
        """Just after the last clause or sentence delimiter that ends by ``before``."""
        return _last(self._clause_ends, before)

    def sentence_end(self, after: int) -> int:
        """The end of the first sentence delimiter starting at ``after`` or later."""
        index = bisect.bisect_left(self._sentence_starts, after)
        if index < len(self._sentence_ends):
            return self._sentence_ends[index]
        return len(self._text)

    def sentence(self, start: int, end: int) -> Sentence:
        """The one :class:`Sentence` object for ``text[start:end]``."""
        found = self._sentences.get((start, end))
        if found is None:
            found = self._sentences[start, end] = Sentence(self._text, start, end)
        return found


def _last(ends: list[int], before: int) -> int:
    index = bisect.bisect_right(ends, before)
    return ends[index - 1] if index else 0


# A few passages' delimiters are kept: one rule asks about the same passage
# for each of its patterns, and the rules of one kind read the same prose.
@lru_cache(maxsize=32)
def _marks(bounds: Boundaries, text: str) -> _Marks:
    return _Marks(bounds, text)
