"""Shared fixtures: example reports, the read-only shared folder, CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from govcheck.api import Options, lint_source
from govcheck.cli import app
from govcheck.findings import FileResult
from govcheck.i18n import Lang
from govcheck.load import decode

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_2e2d9f4e0f781cc7.txt"
SHARED_F2021 = SHARED / "examples" / "f2021-county-market-2023.txt"


@pytest.fixture
def shared() -> Path:
    """The read-only shared folder beside the project; tests skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def lint_text(text: str, lang: Lang = "zh", path: str = "<test>") -> FileResult:
    """Lint an in-memory report through the whole pipeline."""
    return lint_source(decode(text.encode("utf-8"), path), Options(lang=lang))


def ids_at(result: FileResult) -> list[tuple[int, str]]:
    """Findings as (line, rule) pairs: the projection most assertions need."""
    return [(f.line, f.rule) for f in result.findings]


def status(result: FileResult, rule: str) -> str:
    """The status string of ``rule`` in ``result``."""
    return next(r.status.value for r in result.rules if r.id == rule)


def run_cli(*args: str) -> Result:
    """Invoke the CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args))


def edit_lines(text: str, edits: dict[int, tuple[str, str | None]]) -> str:
    """Replace whole lines (1-based): {line: (expected old text, new text or None to delete)}.

    The old text is checked so that a test fails loudly, rather than passing
    vacuously, if an example report changes under it.
    """
    lines = text.split("\n")
    for number, (old, new) in sorted(edits.items(), reverse=True):
        assert lines[number - 1] == old, f"line {number} is {lines[number - 1]!r}, not {old!r}"
        lines[number - 1 : number] = [] if new is None else [new]
    return "\n".join(lines)
