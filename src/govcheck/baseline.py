"""Baselines: accept today's findings, fail only on new ones.

A finding is keyed by path, rule and *semantic* location (``t3.new.np``,
``section:problems``), never by line, and the baseline stores how many
findings share a key. Editing prose above a table moves lines but keeps keys,
so old findings stay old. When a key has more findings than the baseline
allows, the later ones (by position) are new.
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

Key = tuple[str, str, str]


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
        data = json.loads(source.read_text(encoding="utf-8"))
        return Counter(
            {(e["path"], e["rule"], e["location"]): int(e["count"]) for e in data["findings"]}
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GovcheckError("baseline.invalid", path=str(source), detail=str(exc)) from exc


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
