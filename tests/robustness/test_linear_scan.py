"""Prose scanning is linear in the input: ten times the text costs ten times the work.

A single line of ``收到政府信息公开申请16件，办结15件，`` repeated 2,000 times
took 16 s and 4,000 times 60 s (a 1 MB line ran past 600 s): every claim
rescanned its passage from the start, and its sentence was searched for
exclusion words once per claim. Each hostile input here is generated at n
and 10n and must cost about 10 times as much, never 100 times:

- a deterministic count of the characters the prose-claim scanners hand to
  the regex engine (the work itself, independent of the machine's load);
- the same for the clause quotes of ``pattern_prohibited``;
- the peak memory of the flattened-page check on a long line;
- and the installed CLI, timed by its CPU time (not wall time, which a
  loaded machine stretches), with the findings it must give.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tracemalloc
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from govcheck.engine.base import Context
from govcheck.kinds import literals, pattern_prohibited, prose_claims, prose_count
from govcheck.kinds.prose_claims import find_claims
from govcheck.load import flat
from govcheck.parse import claims
from govcheck.parse.claims import Boundaries
from tests.conftest import EXAMPLES
from tests.kinds.prose_report import document, report, rule

# The line: every claim agrees with tables 3 of prose_report and of
# examples/f2021-department-2022.txt (新收 16, 总计 15).
HOSTILE = "收到政府信息公开申请16件，办结15件，"
# The same with a count that no reading of the table gives: one GC502 each.
WRONG = "收到政府信息公开申请17件，办结15件，"
EXAMPLE = EXAMPLES / "f2021-department-2022.txt"
N = 250


class Counting:
    """A compiled pattern that adds the length of every text it scans to ``total``."""

    def __init__(self, regex: re.Pattern[str], total: list[int]) -> None:
        self.regex, self.total = regex, total

    def _count(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> None:
        self.total[0] += max(min(endpos, len(text)) - pos, 0)

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        self._count(text, *bounds)
        return self.regex.finditer(text, *bounds)

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        self._count(text, *bounds)
        return self.regex.search(text, *bounds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.regex, name)


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Route every regex of the prose-claim scanners through :class:`Counting`."""
    total = [0]
    made: dict[str, Counting] = {}
    merge = literals._alternation

    def counting(pattern: str) -> Counting:
        if pattern not in made:
            made[pattern] = Counting(re.compile(pattern), total)
        return made[pattern]

    def alternation(patterns: tuple[str, ...]) -> Counting | None:
        merged = merge(patterns)  # None where search_any searches one by one
        return None if merged is None else counting(merged.pattern)

    def boundaries(sentence: str, clause: str) -> Boundaries:
        return Boundaries(counting(sentence), counting(f"(?:{clause})|(?:{sentence})"))  # type: ignore[arg-type]

    for module in (literals, prose_claims, prose_count):
        monkeypatch.setattr(module, "compiled", counting)
    monkeypatch.setattr(literals, "_alternation", alternation)
    monkeypatch.setattr(prose_claims, "claim_regex", lambda p: counting(claims.expand(p)))
    monkeypatch.setattr(prose_claims, "_compiled_all", lambda ps: tuple(map(counting, ps)))
    monkeypatch.setattr(prose_claims, "_boundaries", boundaries)
    claims._marks.cache_clear()
    return total


def claims_in(line: str, rule_id: str, field: str) -> list[Any]:
    """(claim, mention) of ``rule_id``'s ``field`` claims in a report with ``line`` as its prose."""
    spec: Any = rule(rule_id)  # a prose_count rule: its claims are ``spec.<field>``
    found = find_claims(document(report([line])), spec.sections, spec.scope, getattr(spec, field))
    return list(found)


def work(total: list[int], run: Callable[[], object]) -> int:
    """The characters scanned while ``run`` runs."""
    claims._marks.cache_clear()
    before = total[0]
    run()
    return total[0] - before


# --- the deterministic count: characters handed to the regex engine ------------------------


def test_finding_claims_scans_ten_times_the_text_for_ten_times_the_line(
    scanned: list[int],
) -> None:
    def count(repeats: int) -> None:
        assert len(claims_in(HOSTILE * repeats, "GC502", "count")) == 2 * repeats

    small = work(scanned, lambda: count(N))
    large = work(scanned, lambda: count(10 * N))
    # Linear: 10x, give or take what the ends of the line change. The
    # quadratic scanner read ~100x more at 10n (each claim, its whole sentence).
    assert small > len(HOSTILE) * N
    assert large <= 11 * small, (small, large)


def test_every_claim_of_the_line_is_found_and_checked(scanned: list[int]) -> None:
    found = claims_in(HOSTILE * 10 * N, "GC502", "count")
    # 收到…16件 and 办结15件 of every repetition, each in place, none excluded.
    assert len(found) == 2 * 10 * N
    mentions = sorted((m for _, m in found), key=lambda m: m.offset)
    assert [m.number for m in mentions[:4]] == ["16", "15", "16", "15"]
    assert mentions[-1].offset == len(HOSTILE) * 10 * N - len("15件,")
    assert mentions[-1].sentence_start == 0


@pytest.mark.parametrize(
    ("prefix", "reason"),
    [("区政府本级", "skip_sentence"), ("2021年,", "other_year")],
)
def test_one_exclusion_word_still_excludes_every_claim_of_the_sentence(
    prefix: str, reason: str, scanned: list[int]
) -> None:
    """The sentence's verdict is reached once and shared by all its claims."""
    assert claims_in(prefix + HOSTILE * N, "GC502", "count") == [], reason
    # In a sentence of its own after the line, the excluded claim stays excluded
    # and the line's claims are checked again.
    found = claims_in(HOSTILE * N + "。" + prefix + "收到政府信息公开申请16件。", "GC502", "count")
    assert len(found) == 2 * N


def test_zero_claims_read_their_groups_in_linear_work(scanned: list[int]) -> None:
    """GC503's 均获维持 claims look back through the sentence for 复议/诉讼 (cells_for)."""
    line = "行政复议和行政诉讼均获维持，"

    def zeros(count: int) -> None:
        found = claims_in(line * count, "GC503", "zero")
        assert len(found) == count
        cells = {claim.cells_for(mention) for claim, mention in found}
        assert cells == {("rv.fix", "rv.other", "rv.pending", *LITIGATION)}

    small = work(scanned, lambda: zeros(N))
    large = work(scanned, lambda: zeros(10 * N))
    assert large <= 11 * small, (small, large)


LITIGATION = ("ld.fix", "ld.other", "ld.pending", "lr.fix", "lr.other", "lr.pending")


def test_quoting_many_matches_in_one_clause_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """``XX县`` repeated: every GC604 quote found its clause by walking it, char by char."""
    calls = [0]
    is_break = pattern_prohibited._is_break

    def counted(char: str) -> bool:
        calls[0] += 1
        return is_break(char)

    monkeypatch.setattr(pattern_prohibited, "_is_break", counted)
    spec = rule("GC604")
    assert isinstance(spec, pattern_prohibited.Spec)
    quotes = []
    for count in (N, 10 * N):
        outcome = pattern_prohibited.evaluate(spec, document(report(["XX县" * count])), Context())
        assert len(outcome.hits) == count
        quotes.append(outcome.hits[count // 2].values["context"])
    assert calls[0] <= 2 * 2  # each distinct character (X, 县) of the line, once per run
    # The clause is the whole line: 40 characters centred on the match, cut on both sides.
    middle = "…" + "县" + "XX县" * 13 + "…"
    assert quotes == [middle, middle]


def test_the_flat_page_check_of_a_long_line_does_not_list_its_characters() -> None:
    """A long line is normalised to look for headings; lists of it cost ~150 bytes a character."""
    line = "一" * 2_000_000
    tracemalloc.start()
    try:
        assert not flat._is_flat(line)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * sys.getsizeof(line), peak
    assert flat._folded("一　1，２ ") == flat._normalise("一　1，２ ")[0] == "一1,2"


def test_a_flattened_page_keeps_its_offsets_packed() -> None:
    """A page that is flat is cut at offsets per character: not a list of int objects."""
    page = "一、总体情况" + "1" * 2_000_000 + "二、主动公开政府信息情况"
    tracemalloc.start()
    try:
        assert flat._is_flat(page)
        units = flat._split_line(page, 1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 6 * sys.getsizeof(page), peak
    assert [(u.text[:6], u.column) for u in units] == [
        ("一、总体情况", 1),
        ("111111", 7),
        ("二、主动公开", 2_000_007),
    ]
    assert flat._normalise("1 ２　3")[1] == array("q", [0, 2, 4])


# --- the installed CLI: results and CPU time at n and 10n ----------------------------------

GOVCHECK = Path(sys.executable).with_name("govcheck")
# n for the CLI: the 10n case takes one to two CPU seconds.
CLI_N = 2_500
# Way below quadratic (100x) and well above linear (10x) plus measuring noise.
MAX_RATIO = 30


def hostile_report(tmp_path: Path, name: str, line: str) -> Path:
    """examples/f2021-department-2022.txt with ``line`` after its preface (line 8)."""
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    lines.insert(7, line)
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def lint(path: Path) -> tuple[int, list[dict[str, Any]], float]:
    """Exit code, findings and CPU seconds of ``govcheck lint path --format json``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(
        [str(GOVCHECK), "lint", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, json.loads(run.stdout)["files"][0]["findings"], seconds


def best(path: Path, runs: int) -> tuple[int, list[dict[str, Any]], float]:
    """:func:`lint` ``runs`` times: the result, and the least CPU time."""
    results = [lint(path) for _ in range(runs)]
    return results[0][0], results[0][1], min(r[2] for r in results)


@pytest.mark.parametrize(
    ("unit", "wrapped"),
    [(HOSTILE, False), ("2022年，本局全年共收到政府信息公开申请16件，办结15件。", True)],
    ids=["one-line", "wrapped-lines"],
)
def test_ten_times_the_hostile_text_costs_about_ten_times_the_time(
    unit: str, wrapped: bool, tmp_path: Path
) -> None:
    """One line of n claims, or n wrapped lines (one paragraph): both linear."""
    join = "\n" if wrapped else ""
    base = best(hostile_report(tmp_path, "base.txt", "本局全年共收到政府信息公开申请16件。"), 3)
    small = best(hostile_report(tmp_path, "n.txt", join.join([unit] * CLI_N)), 3)
    large = best(hostile_report(tmp_path, "10n.txt", join.join([unit] * 10 * CLI_N)), 2)
    for code, findings, _ in (base, small, large):
        assert (code, findings) == (0, [])
    ratio = (large[2] - base[2]) / max(small[2] - base[2], 0.02)
    assert ratio < MAX_RATIO, (base[2], small[2], large[2])


def test_a_wrong_count_repeated_gives_one_finding_per_claim(tmp_path: Path) -> None:
    code, findings, _ = lint(hostile_report(tmp_path, "wrong.txt", WRONG * CLI_N))
    assert code == 1
    assert len(findings) == CLI_N
    assert {(f["rule"], f["line"], f["column"]) for f in findings} == {("GC502", 8, 1)}
    assert findings[0]["message"].startswith("正文“收到政府信息公开申请17件”与表三不符")
