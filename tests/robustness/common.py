"""What the robustness tests share: the reports they start from, and one verdict.

The verdict is the contract of issue 6: whatever bytes arrive, govcheck gives
either a result or one :class:`~govcheck.errors.InputError`, never another
exception. Every property test ends in :func:`lint_or_refuse`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings

from govcheck.api import Options, lint_source
from govcheck.errors import InputError
from govcheck.findings import FileResult
from govcheck.load import load_bytes
from tests.conftest import EXAMPLES, SEED

# Reports whose every cell the mutation tests change, and whose lines the
# property tests shuffle. The seed lives in ../shared and is used when present.
EXAMPLE_NAMES = (
    "f2019-township-2020.txt",
    "f2021-department-2022.txt",
    "f2021-department-2023.txt",
)
# The display names that pick each loader (the ending is the hint).
FORM_NAMES = ("r.txt", "r.md", "r.html", "r.docx", "r.pdf")
# Every output format of ``govcheck lint``.
OUTPUT_FORMATS = ("rich", "line", "json", "jsonl", "sarif", "github", "junit", "html", "csv")

# Long fuzzing is opt-in: GOVCHECK_FUZZ_EXAMPLES=20000 python -m pytest tests/robustness -k property
_FUZZ = int(os.environ.get("GOVCHECK_FUZZ_EXAMPLES", "0"))


def property_settings(examples: int) -> settings:
    """Settings for a property test: ``examples`` fixed examples in CI, random ones when fuzzing.

    In CI the examples are derandomized (the same every run, so a failure
    always reproduces) and nothing is stored; no deadline, because a slow
    shared runner is not a failure.
    """
    slow = [HealthCheck.too_slow, HealthCheck.data_too_large]
    if _FUZZ:
        return settings(
            max_examples=_FUZZ, deadline=None, derandomize=False, suppress_health_check=slow
        )
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=slow,
    )


def report_paths() -> list[Path]:
    """The example reports, and the seed when ../shared is present."""
    paths = [EXAMPLES / name for name in EXAMPLE_NAMES]
    return [SEED, *paths] if SEED.is_file() else paths


@cache
def report_lines() -> tuple[tuple[str, ...], ...]:
    """The lines of every report of :func:`report_paths`."""
    return tuple(tuple(p.read_text(encoding="utf-8").split("\n")) for p in report_paths())


def lint_or_refuse(data: bytes, name: str) -> FileResult | InputError:
    """Load, parse and lint ``data`` shown as ``name``: a result, or the one error allowed."""
    try:
        source = load_bytes(data, name)
    except InputError as exc:
        assert exc.values.get("path") == name, exc.values
        return exc
    result = lint_source(source, Options())
    assert result.path == name
    assert all(f.line >= 1 for f in result.findings)
    return result
