"""The literal text every match of a regex must contain: a cheap test before the regex runs.

Python's ``re`` engine tries a pattern at every position of a text, so a
rule with several patterns costs microseconds per line even when nothing
matches, which is nearly always (a report rarely holds ``XX县`` or
``20××年``); ``str.find`` is many times faster. So each pattern of a rule
pack is analysed into :data:`Needs`: clauses of literal strings such that
every match contains at least one string of each clause (``[一二]、概述``
needs ``、概述``, and one of ``一、概述``, ``二、概述``). The big kinds do this
when the pack is validated and keep the result with the validated rules,
so a start-up parses no pattern. A text (a line, a passage, a whole
document) that misses a clause cannot hold a match, and the pattern is
neither run on it nor, if no text holds its literals, even compiled.
:class:`Texts` finds the texts holding a literal in one pass over all of
them.

The analysis reads the standard library's parse tree (what ``re.compile``
itself works from, as :mod:`govcheck.engine.regex_safety` does) and is
*conservative*: whatever it does not understand (case folding, negated or
category classes, back-references, optional parts) yields no clause, never
a wrong one. An empty :data:`Needs` lets every text through, so a prefilter
can only skip work, never change a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import product
from typing import Any

from govcheck.engine.regex_safety import PARSER, REPEATS, nodes

_GROUP_REFERENCES = frozenset({"GROUPREF", "GROUPREF_EXISTS"})
# Parts that match no text: the text on either side of them is adjacent.
_ZERO_WIDTH = frozenset({"ASSERT", "ASSERT_NOT", "AT"})
# A repeated part is written out at most this many times in a run.
_MAX_UNROLL = 2
# A clause of more strings than this costs more to test than it saves: dropped.
_MAX_CLAUSE = 48
# Alternatives are combined exactly (one clause per choice of clauses) up to
# this many combinations; beyond, each alternative contributes its best clause.
_MAX_COMBINATIONS = 64

# One string of the clause occurs in every match.
Clause = tuple[str, ...]
# Every clause holds for every match; () holds for any text.
Needs = tuple[Clause, ...]
# Each pattern of a rule with its needs.
Prefilter = tuple[tuple[str, Needs], ...]


@cache
def needs(pattern: str) -> Needs:
    """The clauses of literal text that every match of ``pattern`` contains.

    ``pattern`` is a regex as :func:`re.compile` takes it (no flags). A
    pattern that does not parse, or folds case, needs nothing. Memoised: the
    big kinds keep theirs with the validated rules (no parsing at start-up),
    the others derive them on first use.
    """
    try:
        parsed = PARSER.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    try:
        return _simplify(_sequence(parsed))
    except RecursionError:
        return ()


def prefilter(
    patterns: tuple[str, ...], expand: Callable[[str], str] | None = None, stored: Prefilter = ()
) -> Prefilter:
    """Each pattern with the needs of it (of its expansion, for claim patterns).

    ``stored`` is an earlier result, kept with a validated rule so that no
    start-up parses the patterns again; it is used when it is for ``patterns``.
    """
    if tuple(pattern for pattern, _ in stored) == patterns:
        return stored
    return tuple((p, needs(expand(p) if expand else p)) for p in patterns)


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, memoised without bound or eviction.

    ``re``'s own cache is a Python-level lookup on every call and evicts
    beyond 512 patterns; rule packs hold a fixed, validated set, compiled
    only when a text may match them.
    """
    return re.compile(pattern)


def search_any(patterns: tuple[str, ...], text: str) -> bool:
    """Whether any of ``patterns`` matches somewhere in ``text``.

    The patterns are searched for as one alternation when that means the
    same (see :func:`_alternation`): one scan instead of one per pattern.
    """
    merged = _alternation(patterns)
    if merged is not None:
        return merged.search(text) is not None
    return any(compiled(p).search(text) for p in patterns)


@cache
def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """``(?:p1)|(?:p2)|…``, which matches at a position exactly where one of them does.

    Not when a pattern refers to a group (``\\1``, ``(?(1)…)``): the numbers
    would shift. Nor when the alternation does not compile (a flag that must
    open the pattern, a group name used twice): then each is searched alone.
    """
    if len(patterns) < 2 or any(_refers_to_groups(p) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except (re.error, RecursionError):
        return None


def _refers_to_groups(pattern: str) -> bool:
    try:
        return any(op in _GROUP_REFERENCES for op, _ in nodes(PARSER.parse(pattern)))
    except (re.error, RecursionError, OverflowError):
        return True


def may_match(required: Needs, text: str) -> bool:
    """Whether ``text`` holds a string of every clause (else no match can be in it)."""
    for clause in required:
        for literal in clause:
            if literal in text:
                break
        else:
            return False
    return True


class Texts:
    """Several texts (lines, passages) joined once, to find which hold a pattern's literal text.

    Finding a literal in the joined text and mapping each occurrence back to
    its text visits only the texts that hold it: a pattern whose literal text
    is nowhere costs one ``str.find``, whatever the number of texts.
    """

    __slots__ = ("_found", "_separated", "texts", "whole")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.whole = "\n".join(texts)
        self._found: dict[str, tuple[int, ...]] = {}
        self._separated: bool | None = None

    def candidates(self, patterns: Iterable[tuple[str, Needs]]) -> list[tuple[int, list[str]]]:
        """(index, patterns) of each text that some of ``patterns`` (with their literal
        text) may match: texts in order, and each text's patterns in the order given."""
        found: dict[int, list[str]] = {}
        for pattern, required in patterns:
            for index in self.holding(required):
                found.setdefault(index, []).append(pattern)
        return sorted(found.items())

    def holding(self, required: Needs) -> list[int]:
        """The indices of the texts that hold every clause of ``required``, in order."""
        if not required:
            return list(range(len(self.texts)))
        first, rest = required[0], required[1:]
        if len(first) == 1:
            found: Iterable[int] = self.containing(first[0])
        else:
            found = sorted({i for literal in first for i in self.containing(literal)})
        if not rest:
            return list(found)
        texts = self.texts
        return [i for i in found if may_match(rest, texts[i])]

    def containing(self, literal: str) -> tuple[int, ...]:
        """The indices of the texts that contain ``literal``, in order (memoised:
        rules that read the same texts look for many of the same words)."""
        known = self._found.get(literal)
        if known is None:
            known = self._found[literal] = tuple(self._with(literal))
        return known

    def _with(self, literal: str) -> Iterator[int]:
        """Each occurrence's text is told by counting the line breaks before it, which
        only separate texts if no text holds one itself (else: text by text)."""
        whole = self.whole
        position = whole.find(literal)
        if position < 0:
            return
        if self._separated is None:
            self._separated = whole.count("\n") == len(self.texts) - 1
        if not self._separated:
            yield from (i for i, text in enumerate(self.texts) if literal in text)
            return
        index = counted = 0
        while position >= 0:
            index += whole.count("\n", counted, position)
            counted = position
            end = whole.find("\n", position)
            end = len(whole) if end < 0 else end
            if position + len(literal) <= end:  # inside text ``index``: on to the next one
                yield index
                position = whole.find(literal, end + 1)
            else:  # across a separator: in no text
                position = whole.find(literal, position + 1)


def _sequence(items: Iterable[Any]) -> list[frozenset[str]]:
    """Clauses of a sequence of nodes (see :class:`_Walk`)."""
    walk = _Walk()
    walk.items(items)
    walk.flush()
    return walk.clauses


class _Walk:
    """Clauses of a sequence, combining adjacent fixed parts into longer strings.

    ``[一二三]、概述`` gives the clause ``一、概述 | 二、概述 | 三、概述`` (a match
    contains one of them) and the plain ``、概述``, which is cheaper to look
    for. Zero-width parts (look-arounds, anchors) keep their neighbours
    adjacent; anything of unknown text breaks the run.
    """

    def __init__(self) -> None:
        self.clauses: list[frozenset[str]] = []
        # Adjacent parts of the current run, each a set of alternative strings.
        self.run: list[frozenset[str]] = []

    def items(self, items: Iterable[Any]) -> None:
        for raw_op, arg in items:
            self.node(str(raw_op), arg)

    def node(self, op: str, arg: Any) -> None:
        strings = _strings(op, arg)
        if strings is not None:
            self.run.append(strings)
        elif op in _ZERO_WIDTH:
            pass
        elif op == "SUBPATTERN" and not arg[1] & re.IGNORECASE:
            self.items(arg[3])
        elif op == "ATOMIC_GROUP":
            self.items(arg)
        elif op in REPEATS:
            self.repeat(*arg)
        else:
            self.flush()
            if op == "BRANCH":
                self.clauses.extend(_branch([_simplify(_sequence(alt)) for alt in arg[1]]))

    def repeat(self, minimum: int, maximum: int, body: Any) -> None:
        """A repeated part: its first and last ``minimum`` copies touch its neighbours."""
        unit = _unit(body)
        if unit is None or minimum < 1:
            self.flush()
            if minimum >= 1:
                self.clauses.extend(_sequence(body))
            return
        copies = [unit] * min(minimum, _MAX_UNROLL)
        self.run.extend(copies)
        if minimum != maximum or minimum > _MAX_UNROLL:
            self.flush()
            self.run = list(copies)

    def flush(self) -> None:
        """Clauses of the run: products of adjacent parts, its plain literal stretches
        and its other parts (a text is ruled out fastest by a clause of few strings)."""
        run, self.run = self.run, []
        product: set[str] = {""}
        plain = ""
        for part in run:
            wider = {a + b for a in product for b in part}
            if len(wider) > _MAX_CLAUSE:
                self._emit(product)
                wider = set(part)
            product = wider
            if len(part) == 1:
                plain += next(iter(part))
            else:  # a class alone: fewer strings to look for than its products
                self._emit({plain})
                self._emit(set(part))
                plain = ""
        self._emit(product)
        self._emit({plain})

    def _emit(self, strings: set[str]) -> None:
        if strings and "" not in strings:
            self.clauses.append(frozenset(strings))


def _strings(op: str, arg: Any) -> frozenset[str] | None:
    """The strings one node may match, when they are few and known; else None."""
    if op == "LITERAL":
        return frozenset({chr(arg)})
    if op == "IN":
        return _class(arg) or None
    if op == "SUBPATTERN" and not arg[1] & re.IGNORECASE:
        return _unit(arg[3])
    if op == "BRANCH":
        found: set[str] = set()
        for alternative in arg[1]:
            strings = _unit(alternative)
            if strings is None:
                return None
            found |= strings
        return frozenset(found) if len(found) <= _MAX_CLAUSE else None
    if op in REPEATS and arg[0] == arg[1] <= _MAX_UNROLL:
        unit = _unit(arg[2])
        return None if unit is None else _power(unit, arg[0])
    return None


def _unit(items: Iterable[Any]) -> frozenset[str] | None:
    """The strings a whole sub-pattern may match, when they are few and known; else None."""
    product: frozenset[str] = frozenset({""})
    for raw_op, arg in items:
        op = str(raw_op)
        if op in _ZERO_WIDTH:
            continue
        strings = _strings(op, arg)
        if strings is None or len(product) * len(strings) > _MAX_CLAUSE:
            return None
        product = frozenset(a + b for a in product for b in strings)
    return product


def _power(unit: frozenset[str], times: int) -> frozenset[str] | None:
    """The strings of ``times`` copies of ``unit`` in a row, if few enough."""
    product: frozenset[str] = frozenset({""})
    for _ in range(times):
        if len(product) * len(unit) > _MAX_CLAUSE:
            return None
        product = frozenset(a + b for a in product for b in unit)
    return product


def _class(items: Sequence[Any]) -> frozenset[str]:
    """The characters of a positive class of listed characters and small ranges, else none."""
    chars: set[str] = set()
    for raw_op, arg in items:
        op = str(raw_op)
        if op == "LITERAL":
            chars.add(chr(arg))
        elif op == "RANGE" and arg[1] - arg[0] < _MAX_CLAUSE:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:  # NEGATE, CATEGORY or a wide range: no useful clause
            return frozenset()
        if len(chars) > _MAX_CLAUSE:
            return frozenset()
    return frozenset(chars)


def _branch(alternatives: list[Needs]) -> list[frozenset[str]]:
    """Clauses of an alternation: every match satisfies one alternative's clauses.

    ``(A1 and A2) or (B1)`` is ``(A1 or B1) and (A2 or B1)``: one clause per
    choice of a clause from each alternative, as long as that stays small.
    """
    if not alternatives or any(not alt for alt in alternatives):
        return []
    combinations = 1
    for alt in alternatives:
        combinations *= len(alt)
    if combinations > _MAX_COMBINATIONS:
        alternatives = [alt[:1] for alt in alternatives]  # each one's most selective clause
    return [frozenset().union(*choice) for choice in product(*alternatives)]


def _simplify(clauses: Iterable[frozenset[str]]) -> Needs:
    """Drop what is implied and no cheaper to test, or too costly; most selective first."""
    kept = {_minimal(c) for c in clauses if c and len(c) <= _MAX_CLAUSE}
    implied = {b for a in kept for b in kept if a != b and len(b) >= len(a) and _implies(a, b)}
    return tuple(sorted((tuple(sorted(c)) for c in kept - implied), key=_selectivity))


def _minimal(clause: frozenset[str]) -> frozenset[str]:
    """Without strings that contain another string of the clause (that one suffices)."""
    return frozenset(s for s in clause if not any(t != s and t in s for t in clause))


def _implies(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether a text satisfying clause ``a`` always satisfies ``b``."""
    return all(any(t in s for t in b) for s in a)


def _selectivity(clause: Clause) -> tuple[int, int, Clause]:
    """Fewer and longer strings first: they most often rule a text out."""
    return (len(clause), -min(len(s) for s in clause), clause)
