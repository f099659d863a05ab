"""Baselines: accept today's findings, fail only on new ones.

A finding is keyed by path, rule and *semantic* location (``t3.new.np``,
``section:problems``), never by line, and the baseline stores how many
findings share a key. Editing prose above a table moves lines but keeps keys,
so old findings stay old. When a key has more findings than the baseline
allows, the later ones (by position) are new.

A baseline is read as untrusted input: a regular file of at most
MAX_BASELINE_BYTES, JSON without NaN/Infinity or fractions, not nested
beyond the shape below, each count a non-negative integer. Anything else is
one line and exit 2, never a traceback.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from govcheck import __version__
from govcheck.errors import GovcheckError
from govcheck.findings import FileResult, Finding
from govcheck.output import write_atomic
from govcheck.safefile import MAX_BASELINE_BYTES, FileRefused, read_small_text

Key = tuple[str, str, str]

# A count above this is not a number of findings in any archive.
MAX_COUNT = 10**9


def _key(path: str, finding: Finding) -> Key:
    return (Path(path).as_posix(), finding.rule, finding.anchor)


def write_baseline(results: Sequence[FileResult], target: Path) -> None:
    """Record the findings of ``results`` in ``target`` (JSON, written atomically)."""
    counts = Counter(_key(r.path, f) for r in results for f in r.findings)
    entries = [
        {"path": path, "rule": rule, "location": anchor, "count": n}
        for (path, rule, anchor), n in sorted(counts.items())
    ]
    body = json.dumps({"govcheck": __version__, "findings": entries}, ensure_ascii=False, indent=2)
    write_atomic(target, body + "\n")


def read_baseline(source: Path) -> Counter[Key]:
    """The counts recorded in a baseline file."""
    try:
        text = read_small_text(source, MAX_BASELINE_BYTES)
    except FileRefused as exc:
        raise GovcheckError(f"baseline.{exc.reason}", path=str(source), **exc.values) from exc
    except (OSError, ValueError) as exc:
        raise GovcheckError("baseline.invalid", path=str(source), detail=str(exc)) from exc
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_no_float)
        return _counts(data)
    except RecursionError as exc:
        detail = "JSON nested too deeply"
        raise GovcheckError("baseline.invalid", path=str(source), detail=detail) from exc
    except ValueError as exc:
        raise GovcheckError("baseline.invalid", path=str(source), detail=str(exc)) from exc


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a count")


def _no_float(text: str) -> object:
    raise ValueError(f"{text[:40]} is not a count (counts are whole numbers)")


def _counts(data: object) -> Counter[Key]:
    """The counts of a parsed baseline, its shape checked (ValueError naming what is wrong)."""
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        raise ValueError('expected an object with a "findings" list')
    counts: Counter[Key] = Counter()
    for index, entry in enumerate(findings):
        key, count = _entry(entry, index)
        counts[key] += count
    return counts


def _entry(entry: object, index: int) -> tuple[Key, int]:
    if not isinstance(entry, dict):
        raise ValueError(f"findings[{index}] is not an object")
    key = (entry.get("path"), entry.get("rule"), entry.get("location"))
    if not all(isinstance(part, str) for part in key):
        raise ValueError(f"findings[{index}] needs path, rule and location as strings")
    count = entry.get("count")
    if type(count) is not int or not 0 <= count <= MAX_COUNT:
        raise ValueError(f"findings[{index}].count must be a whole number from 0 to {MAX_COUNT}")
    return (str(key[0]), str(key[1]), str(key[2])), count


def only_new(results: Sequence[FileResult], baseline: Counter[Key]) -> list[FileResult]:
    """Results with the findings the baseline already accepts removed."""
    remaining = Counter(baseline)
    out = []
    for result in results:
        kept = []
        for finding in result.findings:
            key = _key(result.path, finding)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(finding)
        out.append(replace(result, findings=tuple(kept)))
    return out
