"""Which report is each report's "previous year" (``--previous``, ``--pair-years``).

The cross-year rules (GC70x) compare a report with the same organ's report
for the year before. With ``--previous`` the user names that file for a
single report. With ``--pair-years`` govcheck pairs the inputs itself:

- issuer and year come from the report's title (the same pattern the parser
  uses); where the title does not give them, from the file name: first the
  title pattern applied to the name, then the last year-like number in it,
  with the rest of the name (the year masked) standing for the issuer, so
  that ``report-2022.txt`` follows ``report-2021.txt``;
- a report of year Y is paired with the one input of the same issuer and
  year Y-1. When two inputs claim that issuer and year, the pairing would be
  a guess, so the report is left unpaired (its cross-year rules are then
  not applicable) rather than compared with the wrong file.

The result depends only on the inputs' contents and names, never on the
order in which they are found. Finding the titles reads every input once more
before the run (the lint itself still runs in parallel).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govcheck.errors import InputError, UsageError
from govcheck.load import read_source
from govcheck.parse import source_tokens
from govcheck.parse.meta import find_title
from govcheck.parse.normalize import norm
from govcheck.paths import Target
from govcheck.templates import vocabulary

# A year in a file name: four digits from 1900 to 2099, not part of a longer number.
_NAME_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Stands for the year in an issuer key taken from a file name.
_YEAR_MASK = "*"


@dataclass(frozen=True, slots=True)
class Identity:
    """Whose report a file is, and for which year; None where neither source tells."""

    issuer: str | None
    year: int | None


@cache
def _title_re() -> re.Pattern[str]:
    return re.compile(str(vocabulary().title["pattern"]))


def previous_targets(
    targets: Sequence[Target], previous: str | None, pair_years: bool
) -> dict[str, Target]:
    """Each input's previous-year report, keyed by the input's display name."""
    if previous is not None:
        if pair_years:
            raise UsageError("crossyear.previous_with_pairing")
        if len(targets) != 1:
            raise UsageError("crossyear.previous_one_file", count=len(targets))
        return {targets[0].display: Target(previous, Path(previous))}
    return pair_by_year(targets) if pair_years else {}


def pair_by_year(targets: Sequence[Target]) -> dict[str, Target]:
    """Pair every file with the single input of the same issuer for the year before."""
    known: dict[str, tuple[str, int]] = {}
    by_key: defaultdict[tuple[str, int], list[Target]] = defaultdict(list)
    for target in targets:
        if target.path is None:
            continue  # standard input cannot be read twice
        identity = identify(target.path, target.display)
        if identity.issuer is not None and identity.year is not None:
            known[target.display] = (identity.issuer, identity.year)
            by_key[(identity.issuer, identity.year)].append(target)
    pairs: dict[str, Target] = {}
    for display, (issuer, year) in known.items():
        candidates = by_key.get((issuer, year - 1), [])
        if len(candidates) == 1:
            pairs[display] = candidates[0]
    return pairs


def identify(path: Path, display: str) -> Identity:
    """Issuer and year from the report's title, with the file name filling gaps."""
    from_name = identity_from_name(path.name)
    try:
        title = find_title(source_tokens(read_source(path, display)))
    except InputError:
        return from_name  # reported when the file itself is linted
    if title is None:
        return from_name
    issuer = _issuer_key(title.issuer) if title.issuer else None
    return Identity(issuer or from_name.issuer, title.year)


def identity_from_name(name: str) -> Identity:
    """Issuer and year from a file name (its ending dropped)."""
    stem = norm(Path(name).stem)
    match = _title_re().search(stem)
    if match and match.group("issuer").strip():
        return Identity(_issuer_key(match.group("issuer")), int(match.group("year")))
    years = list(_NAME_YEAR.finditer(stem))
    if not years:
        return Identity(None, None)
    last = years[-1]
    masked = stem[: last.start()] + _YEAR_MASK + stem[last.end() :]
    return Identity(masked, int(last.group()))


def _issuer_key(issuer: str) -> str | None:
    """An issuer name as a key: normalised, without spacing."""
    return norm(issuer) or None
