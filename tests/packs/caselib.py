"""Per-rule pass/fail cases stored as TOML (tests/packs/cases/GCxxx.toml).

A case is either a whole inline report (``text``) or an example report from
examples/ with line edits (``base`` + ``edits``). It states the expected
status of its rule and, for failures, the exact lines of the findings. A
cross-year case (GC70x) also gives ``previous``, last year's report, in the
same two ways; the CLI run passes it as ``--previous``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from govcheck.engine.base import Context
from govcheck.load import decode
from govcheck.model import IssuerLevel
from govcheck.parse import parse

CASES = Path(__file__).parent / "cases"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line: int
    old: str
    new: str | None = None  # None deletes the line


class Previous(BaseModel):
    """Last year's report for a cross-year case (GC70x): inline text, or an example with edits."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = None
    base: str | None = None
    edits: list[Edit] = []
    append: str = ""

    @model_validator(mode="after")
    def _one_source(self) -> Previous:
        assert (self.text is None) != (self.base is None), "give exactly one of text or base"
        return self

    def document(self) -> str:
        """The previous report's text; the CLI run passes it as --previous."""
        return _build(self.text, self.base, self.edits, self.append)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    status: str
    text: str | None = None
    base: str | None = None
    edits: list[Edit] = []
    append: str = ""
    lines: list[int] | None = None
    options: list[str] = []
    # A govcheck.toml written beside the report (named report.txt) for run-level rules.
    config: str | None = None
    # The same organ's report for the year before, for the cross-year rules.
    previous: Previous | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Case:
        assert (self.text is None) != (self.base is None), "give exactly one of text or base"
        return self

    def document(self) -> str:
        """The report text this case lints."""
        return _build(self.text, self.base, self.edits, self.append)

    def context(self) -> Context:
        """The run context that ``options`` set, for the in-process run.

        Only --issuer-level and --published-on are facts about the run; any
        other option is left to the CLI run, as before.
        """
        values = {
            flag: self.options[i + 1]
            for i, flag in enumerate(self.options[:-1])
            if flag in ("--issuer-level", "--published-on")
        }
        level = values.get("--issuer-level")
        published = values.get("--published-on")
        before = self.previous.document() if self.previous else None
        return Context(
            issuer_level=IssuerLevel(level) if level else None,
            published_on=dt.date.fromisoformat(published) if published else None,
            previous=parse(decode(before.encode("utf-8"), "previous.txt")) if before else None,
        )


def _build(text: str | None, base: str | None, edits: list[Edit], append: str) -> str:
    """Inline text, or an example report with line edits and an appended tail."""
    if text is not None:
        return text
    assert base is not None
    lines = (EXAMPLES / base).read_text(encoding="utf-8").split("\n")
    for edit in sorted(edits, key=lambda e: e.line, reverse=True):
        actual = lines[edit.line - 1]
        assert actual == edit.old, f"{base}:{edit.line} is {actual!r}, not {edit.old!r}"
        if edit.new is None:
            del lines[edit.line - 1]
        else:
            lines[edit.line - 1 : edit.line] = edit.new.split("\n")
    return "\n".join(lines) + append


@dataclass(frozen=True)
class RuleCase:
    rule: str
    case: Case

    @property
    def id(self) -> str:
        """Test id: rule and case name."""
        return f"{self.rule}-{self.case.name}"


def load_cases() -> list[RuleCase]:
    """Every case of every rule, in file order."""
    out: list[RuleCase] = []
    for path in sorted(CASES.glob("GC*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out.extend(RuleCase(path.stem, Case.model_validate(c)) for c in data["case"])
    return out
