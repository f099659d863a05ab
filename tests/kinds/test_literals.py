"""The literal prefilters of rule patterns, and the per-document memo: never a different finding.

A prefilter may only skip work. Each test states that in one form: a text
that a pattern matches always passes the pattern's literal test, and the
memoised derivations equal what the document computes itself.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcheck.engine.packs import builtin_rules
from govcheck.kinds.literals import Texts, may_match, needs, search_any
from govcheck.parse.claims import expand
from tests.conftest import EXAMPLES, lint_text

# A small alphabet, so that random patterns and texts often meet.
_CHARS = "ab年月X0"
_ATOMS = [*_CHARS, ".", "[ab]", "[^a]", "[0-9]", "\\d", "\\s", "\\w", "[a年]", "^", "$", "\\b"]


@st.composite
def patterns(draw: st.DrawFn, depth: int = 0) -> str:
    """A random regex over the alphabet: sequences, classes, groups, repeats, look-arounds."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 9 if depth < 2 else 4))
        if choice <= 4:
            part = draw(st.sampled_from(_ATOMS))
        elif choice == 5:
            part = "(?:" + draw(patterns(depth + 1)) + ")"
        elif choice == 6:
            part = "(?:" + draw(patterns(depth + 1)) + "|" + draw(patterns(depth + 1)) + ")"
        elif choice == 7:
            part = draw(st.sampled_from(["(?=", "(?!", "(?<=a)", "(?i:"]))
            part = part if part.endswith(")") else part + draw(patterns(depth + 1)) + ")"
        elif choice == 8:
            part = "(" + draw(patterns(depth + 1)) + ")"
        else:
            part = "(?>" + draw(patterns(depth + 1)) + ")"
        quantifier = draw(st.sampled_from(["", "", "?", "*", "+", "{2}", "{0,2}", "{1,3}", "+?"]))
        parts.append(part + quantifier)
    return "".join(parts)


texts = st.text(alphabet=_CHARS + " x", max_size=12)
# Lines, or texts that may hold line breaks themselves (the joined text then
# cannot be split at them).
lines = st.lists(texts, max_size=6) | st.lists(st.text(alphabet="ab\n", max_size=6), max_size=4)


def compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


@given(patterns(), lines)
def test_a_text_with_a_match_passes_the_literal_test(pattern: str, lines: list[str]) -> None:
    if not compiles(pattern):
        return
    required = needs(pattern)
    matching = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    for i in matching:
        assert may_match(required, lines[i]), (pattern, lines[i], required)
    held = Texts(lines).holding(required)
    assert set(matching) <= set(held)
    assert held == sorted(held)
    assert all(may_match(required, lines[i]) for i in held)


@given(st.lists(patterns(), min_size=1, max_size=4), texts)
def test_search_any_is_any_search(found: list[str], text: str) -> None:
    kept = tuple(p for p in found if compiles(p))
    assert search_any(kept, text) == any(re.search(p, text) for p in kept)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("abc", (("abc",),)),
        ("a(?:b|c)d", (("a",), ("d",), ("abd", "acd"))),
        ("[ab]x(?=y)z", (("xz",), ("axz", "bxz"))),
        ("q(?:ab|c)+r", (("q",), ("r",), ("abr", "cr"), ("qab", "qc"))),
        ("(?:xx|yy)+z?", (("xx", "yy"),)),
        ("(?:ab)?c", (("c",),)),
        ("(?i)abc", ()),
        ("[^a]b", (("b",),)),
        ("\\d+", ()),
        ("(a)\\1", (("a",),)),
    ],
)
def test_needs_of_simple_patterns(pattern: str, expected: tuple[tuple[str, ...], ...]) -> None:
    assert needs(pattern) == expected


def test_texts_map_literals_back_to_their_text() -> None:
    texts = Texts(["ab", "", "cab", "b", "a"])
    assert texts.holding((("ab",),)) == [0, 2]
    assert texts.holding((("b",), ("a",))) == [0, 2]
    assert texts.holding((("x", "a"),)) == [0, 2, 4]
    assert texts.holding((("ba",),)) == []  # only across a separator
    broken = Texts(["a\nb", "b", "ab"])
    assert broken.holding((("b",),)) == [0, 1, 2]
    assert broken.holding((("a\nb",),)) == [0]
    assert texts.holding(()) == [0, 1, 2, 3, 4]


def report_lines() -> list[str]:
    return [
        line for path in sorted(EXAMPLES.glob("*.txt")) for line in path.read_text().split("\n")
    ]


def rule_patterns() -> list[str]:
    """Every pattern of the built-in rules that a prefilter guards (claims expanded)."""
    found: list[str] = []
    for rule in builtin_rules():
        found.extend(getattr(rule, "patterns", ()))
        for field in ("count", "zero", "claim"):
            for claim in getattr(rule, field, ()):
                found.extend(expand(p) for p in claim.patterns)
    return found


def test_built_in_patterns_never_fail_the_literal_test_where_they_match() -> None:
    lines = report_lines()
    for pattern in rule_patterns():
        required = needs(pattern)
        regex = re.compile(pattern)
        assert all(may_match(required, line) for line in lines if regex.search(line)), pattern


def test_linting_never_checks_regex_safety(monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in patterns were checked when their packs were validated, not per run."""
    builtin_rules()

    def refuse(pattern: str) -> None:
        raise AssertionError(f"check_pattern({pattern!r}) at lint time")

    monkeypatch.setattr("govcheck.parse.claims.check_pattern", refuse)
    monkeypatch.setattr("govcheck.engine.base.check_pattern", refuse)
    for path in sorted(EXAMPLES.glob("*.txt")):
        assert lint_text(path.read_text()).rules
