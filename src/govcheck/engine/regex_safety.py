"""Refusing rule-pack regexes that can backtrack catastrophically, before they ever run.

Python's ``re`` engine backtracks. A pattern such as ``(a+)+$`` tries every
way of splitting a run of ``a`` between the inner and the outer quantifier
before it gives up, so one line of 30 ``a`` followed by ``b`` takes minutes.
A rule pack is data that a user may write, and govcheck runs unattended in
CI, so such a pattern is refused when its pack loads (a ``ValueError`` that
the pack loader turns into a :class:`~govcheck.errors.RuleFileError` naming
file, line and key), never discovered as a hang.

The check is static and *conservative*: it may refuse a harmless pattern, but
it never accepts one of the two shapes that make backtracking exponential:

1. **Nested quantifiers.** A part repeated more than once (``*``, ``+``,
   ``{2,}``, ``{1,5}``…) that contains a variable-length quantifier:
   ``(a+)+``, ``(\\w+\\s?)*``, ``(\\d{1,3})+``. A fixed count inside is fine
   (``(?:,[0-9]{3})+``), and so is an inner part that cannot be backtracked
   into: a possessive quantifier (``a++``), an atomic group (``(?>…)``) or a
   look-around.
2. **Ambiguous alternatives under a repeat.** ``(a|a)+``, ``(a|aa)+``,
   ``(ab|a|b)*``: the repeated alternatives can spell the same text in two
   ways, which is as exponential as nesting. This is decided exactly with the
   Sardinas–Patterson test on the alternatives' character sequences, where two
   positions agree when their character sets may share a character; the
   alternatives of the built-in packs (``(?:共计|共|合计)*``) are unambiguous.

Polynomial backtracking (``\\d+\\d+x``) is not refused: it needs adjacent
unbounded quantifiers over the same characters, and report units are lines
or sentences, so it stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

# The standard library's regex parser (typeshed knows it only as the
# deprecated alias sre_parse); its tree is what re.compile itself works from.
PARSER: Any = import_module("re._parser")
# A repeated part is listed as at most this many alternative character
# sequences of at most this many characters in all; a bigger one cannot be
# proved safe in bounded time and is refused.
_MAX_ALTERNATIVES = 64
_MAX_TOTAL = 1024
# A character class is compared character by character up to this size.
_MAX_ENUMERATION = 1 << 16
REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_CATEGORIES: dict[str, re.Pattern[str]] = {
    "CATEGORY_DIGIT": re.compile(r"\d"),
    "CATEGORY_NOT_DIGIT": re.compile(r"\D"),
    "CATEGORY_SPACE": re.compile(r"\s"),
    "CATEGORY_NOT_SPACE": re.compile(r"\S"),
    "CATEGORY_WORD": re.compile(r"\w"),
    "CATEGORY_NOT_WORD": re.compile(r"\W"),
}

NESTED = (
    "a repeated group contains another variable-length quantifier, so the engine can "
    "try exponentially many ways to split the text (e.g. (a+)+); write the repetition "
    "once (a+), or make the inner part possessive (a++) or atomic ((?>a+))"
)
AMBIGUOUS = (
    "a repeated group has alternatives that can match the same text in more than one "
    "way (e.g. (a|aa)+), so the engine can try exponentially many combinations; make "
    "the alternatives exclusive or the group atomic ((?>…))"
)
TOO_COMPLEX = (
    "a repeated group is too complex to prove free of catastrophic backtracking; "
    "simplify it or make it atomic ((?>…))"
)
TOO_DEEP = "groups are nested too deeply to check; simplify the pattern"


class UnsafePatternError(ValueError):
    """A regex that could hang govcheck; the message says why and how to rewrite it."""


def check_pattern(pattern: str) -> None:
    """Raise :class:`UnsafePatternError` if ``pattern`` can backtrack exponentially.

    ``pattern`` must already compile (callers report syntax errors first).
    """
    try:
        _check(pattern)
    except RecursionError:
        raise UnsafePatternError(f"regular expression {pattern!r}: {TOO_DEEP}") from None


def _check(pattern: str) -> None:
    parsed = PARSER.parse(pattern)
    fold = bool(parsed.state.flags & re.IGNORECASE) or _has_inline_ignorecase(parsed)
    ascii_only = bool(parsed.state.flags & re.ASCII)
    for op, arg in nodes(parsed):
        if op in REPEATS and _max(arg) > 1:
            body = arg[2]
            if _has_variable_repeat(body):
                raise UnsafePatternError(f"regular expression {pattern!r}: {NESTED}")
            if _has_alternation(body):
                _check_unambiguous(pattern, body, _CharSets(fold=fold, ascii_only=ascii_only))


def _max(arg: Any) -> int:
    maximum: int = arg[1]
    return maximum


def nodes(sub: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Every (opcode name, argument) in a parsed pattern, depth first."""
    for op, arg in sub:
        yield str(op), arg
        for child in _children(str(op), arg):
            yield from nodes(child)


def _children(op: str, arg: Any) -> list[Any]:
    """The sub-patterns directly under one node."""
    if op in REPEATS:
        return [arg[2]]
    if op == "SUBPATTERN":
        return [arg[3]]
    if op in ("ATOMIC_GROUP",):
        return [arg]
    if op in ("ASSERT", "ASSERT_NOT"):
        return [arg[1]]
    if op == "BRANCH":
        return list(arg[1])
    if op == "GROUPREF_EXISTS":
        return [a for a in arg[1:] if a is not None]
    return []


def _has_inline_ignorecase(parsed: Any) -> bool:
    return any(op == "SUBPATTERN" and bool(arg[1] & re.IGNORECASE) for op, arg in nodes(parsed))


def _backtrackable(sub: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    """Nodes the enclosing repeat can backtrack into: not inside atomic parts or look-arounds."""
    for raw_op, arg in sub:
        op = str(raw_op)
        yield op, arg
        if op in ("ATOMIC_GROUP", "POSSESSIVE_REPEAT", "ASSERT", "ASSERT_NOT"):
            continue
        for child in _children(op, arg):
            yield from _backtrackable(child)


def _has_variable_repeat(body: Any) -> bool:
    """Whether a backtrackable quantifier with a choice of counts or a back-reference is inside."""
    for op, arg in _backtrackable(body):
        if op in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] != arg[1]:
            return True
        if op == "GROUPREF":
            return True
    return False


def _has_alternation(body: Any) -> bool:
    return any(op in ("BRANCH", "GROUPREF_EXISTS") for op, _ in _backtrackable(body))


# --- ambiguity of repeated alternatives ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Chars:
    """The characters one position of a sequence may hold."""

    literals: frozenset[int] = frozenset()
    ranges: tuple[tuple[int, int], ...] = ()
    categories: tuple[str, ...] = ()
    negated: bool = False
    anything: bool = False

    def finite_size(self) -> int | None:
        """How many characters the set lists, or None for a set defined by exclusion."""
        if self.negated or self.anything or self.categories:
            return None
        return len(self.literals) + sum(hi - lo + 1 for lo, hi in self.ranges)

    def members(self) -> Iterator[int]:
        """The listed characters (only for a finite set)."""
        yield from self.literals
        for lo, hi in self.ranges:
            yield from range(lo, hi + 1)


class _CharSets:
    """Membership and overlap of :class:`_Chars`, honouring IGNORECASE and ASCII.

    Every answer errs towards "may overlap": a wrong "yes" only refuses a
    harmless pattern, a wrong "no" could let a catastrophic one through.
    """

    def __init__(self, *, fold: bool, ascii_only: bool) -> None:
        self._fold = fold
        self._ascii_only = ascii_only
        self._known: dict[tuple[_Chars, _Chars], bool] = {}

    def overlap(self, a: _Chars, b: _Chars) -> bool:
        """Whether some character may be in both."""
        key = (a, b)
        if key not in self._known:
            self._known[key] = self._known[(b, a)] = self._overlap(a, b)
        return self._known[key]

    def _overlap(self, a: _Chars, b: _Chars) -> bool:
        sized = [(n, x, y) for x, y in ((a, b), (b, a)) if (n := x.finite_size()) is not None]
        if not sized:
            return True
        size, small, other = min(sized, key=lambda s: s[0])
        if size > _MAX_ENUMERATION:
            return True
        return any(self._may_contain(other, code) for code in small.members())

    def _may_contain(self, chars: _Chars, code: int) -> bool:
        return any(self._may_contain_exactly(chars, c) for c in self._variants(code))

    def _variants(self, code: int) -> set[int]:
        if not self._fold:
            return {code}
        ch = chr(code)
        return {code} | {ord(c) for c in (ch.lower(), ch.upper()) if len(c) == 1}

    def _may_contain_exactly(self, chars: _Chars, code: int) -> bool:
        if chars.anything:
            return True  # "." (with or without DOTALL)
        listed = code in chars.literals or any(lo <= code <= hi for lo, hi in chars.ranges)
        if listed:
            return not chars.negated
        unsure = False
        for category in chars.categories:
            regex = _CATEGORIES.get(category)
            if regex is None or self._ascii_only:
                unsure = True  # re.ASCII narrows \d, \w, \s and widens their negations
            elif regex.match(chr(code)):
                return not chars.negated
        return unsure or chars.negated


_Word = tuple[_Chars, ...]


class _OpaqueError(Exception):
    """A part whose text cannot be listed as character sequences."""


def _check_unambiguous(pattern: str, body: Any, sets: _CharSets) -> None:
    try:
        words = [w for w in _sequences(body) if w]
    except _OpaqueError:
        raise UnsafePatternError(f"regular expression {pattern!r}: {TOO_COMPLEX}") from None
    if _ambiguous(words, sets.overlap):
        raise UnsafePatternError(f"regular expression {pattern!r}: {AMBIGUOUS}")


def _sequences(sub: Iterable[Any]) -> list[_Word]:
    """Every character sequence ``sub`` can match (zero-width parts dropped)."""
    words: list[_Word] = [()]
    for raw_op, arg in sub:
        words = _product(words, _options(str(raw_op), arg))
    return words


def _product(heads: list[_Word], tails: list[_Word]) -> list[_Word]:
    """Every head followed by every tail, within the listing bounds."""
    words = [h + t for h in heads for t in tails]
    if len(words) > _MAX_ALTERNATIVES or sum(len(w) for w in words) > _MAX_TOTAL:
        raise _OpaqueError
    return words


def _options(op: str, arg: Any) -> list[_Word]:
    """The sequences one node can match."""
    if op == "LITERAL":
        return [(_Chars(literals=frozenset({arg})),)]
    if op == "NOT_LITERAL":
        return [(_Chars(literals=frozenset({arg}), negated=True),)]
    if op == "ANY":
        return [(_Chars(anything=True),)]
    if op == "IN":
        return [(_class(arg),)]
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return [()]
    if op == "SUBPATTERN":
        return _sequences(arg[3])
    if op == "BRANCH":
        return _union(_sequences(alternative) for alternative in arg[1])
    if op == "GROUPREF_EXISTS":
        return _union(_sequences(part) if part is not None else [()] for part in arg[1:])
    if op in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] == arg[1]:
        once = _sequences(arg[2])
        words: list[_Word] = [()]
        for _ in range(arg[0]):
            words = _product(words, once)
        return words
    # Variable repeats that cannot be backtracked into, atomic groups, back-references.
    raise _OpaqueError


def _union(parts: Iterable[list[_Word]]) -> list[_Word]:
    """The words of all ``parts``, within the listing bounds."""
    words = [w for part in parts for w in part]
    if len(words) > _MAX_ALTERNATIVES or sum(len(w) for w in words) > _MAX_TOTAL:
        raise _OpaqueError
    return words


def _class(items: Iterable[Any]) -> _Chars:
    literals: set[int] = set()
    ranges: list[tuple[int, int]] = []
    categories: list[str] = []
    negated = False
    for raw_op, arg in items:
        op = str(raw_op)
        if op == "NEGATE":
            negated = True
        elif op == "LITERAL":
            literals.add(arg)
        elif op == "RANGE":
            ranges.append((arg[0], arg[1]))
        elif op == "CATEGORY":
            categories.append(str(arg))
        else:  # anything unforeseen: may hold every character
            return _Chars(anything=True)
    return _Chars(frozenset(literals), tuple(ranges), tuple(categories), negated)


def _ambiguous(words: list[_Word], overlap: Callable[[_Chars, _Chars], bool]) -> bool:
    """Sardinas–Patterson: can a concatenation of ``words`` be split in two ways?

    A dangling suffix is what is left of one word when another word (or a
    dangling suffix) is a prefix of it; the code is ambiguous exactly when some
    dangling suffix is itself a word. Suffixes are kept as (word, offset), so
    the search is finite.
    """

    def prefix_of(a: _Word, b: _Word) -> bool:
        return len(a) <= len(b) and all(overlap(x, y) for x, y in zip(a, b, strict=False))

    frontier: set[tuple[int, int]] = set()
    for i, u in enumerate(words):
        for j, v in enumerate(words):
            if i != j and prefix_of(u, v):
                if len(u) == len(v):
                    return True
                frontier.add((j, len(u)))
    seen = set(frontier)
    while frontier:
        found: set[tuple[int, int]] = set()
        for j, offset in frontier:
            rest = words[j][offset:]
            for k, word in enumerate(words):
                if prefix_of(word, rest):
                    if len(word) == len(rest):
                        return True
                    found.add((j, offset + len(word)))
                elif prefix_of(rest, word):
                    found.add((k, len(rest)))
        frontier = found - seen
        seen |= frontier
    return False


__all__ = [
    "AMBIGUOUS",
    "NESTED",
    "TOO_COMPLEX",
    "TOO_DEEP",
    "UnsafePatternError",
    "check_pattern",
]
