"""What every rule kind shares: the common rule fields and the evaluation result.

A rule *kind* is code (one small evaluator per kind); a *rule* is data (a
``[[rule]]`` table in a TOML pack). Evaluators return :class:`Hit` objects
with values only; the runner stamps rule id, severity and the localised
message, so an evaluator can never get those wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from govcheck.engine.regex_safety import TOO_DEEP, check_pattern
from govcheck.findings import RuleStatus, Severity
from govcheck.i18n import Text
from govcheck.model import Document, IssuerLevel

FormatId = Literal["F2019", "F2021"]


class Localized(BaseModel):
    """A user-facing string in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def text(self) -> Text:
        """As an i18n :class:`Text`."""
        return Text(zh=self.zh, en=self.en)


def check_placeholders(value: Localized, allowed: frozenset[str]) -> Localized:
    """Refuse a message naming anything but ``allowed`` (no attribute access, no specs).

    Rule-file text is filled with ``str.format_map``; plain names only keep it
    from reaching into objects, and a typo is a load error, not a run-time one.
    """
    for text in (value.zh, value.en):
        for _, name, spec, conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if name not in allowed or spec or conversion:
                names = ", ".join(sorted(allowed)) or "none"
                raise ValueError(f"unknown placeholder {{{name}}}; allowed: {names}")
    return value


class TableRef(BaseModel):
    """A reference from a rule to template keys, checked when the pack loads."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    field: str
    table: str
    keys: tuple[str, ...] = ()


class RuleBase(BaseModel):
    """Fields common to every rule, whatever its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=r"^GC\d{3}$", description="Stable public id, e.g. GC301.")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="kebab-case name.")
    severity: Severity = Field(description="Default severity of the rule's findings.")
    formats: tuple[FormatId, ...] = Field(
        default=("F2019", "F2021"), description="Formats the rule applies to."
    )
    summary: Localized = Field(description="One line: what the rule checks.")
    message: Localized = Field(description="Finding text; {placeholders} filled by the kind.")
    rationale: Localized = Field(description="Why: the regulation or format clause behind it.")
    fix: Localized | None = Field(default=None, description="How a clerk fixes a failure.")
    gate: bool = Field(
        default=False,
        description="When this rule fails, the document is outside what the other rules "
        "can judge (e.g. the pre-2019 layout): they become not assessable.",
    )
    example: str | None = Field(default=None, description="A failing report fragment.")

    # Set by the pack loader on the rules of a user pack (never from the
    # pack's text): those run under a time budget, see engine/budget.py.
    _from_user_pack: bool = PrivateAttr(default=False)

    # Placeholders this kind fills in messages; checked at load time so a
    # message can only name values that exist (and no attribute access).
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset()
    # Whether the kind also runs on a file that is not recognised as a report
    # (GC001 itself, and the outdated-template check).
    RUNS_ON_ANY: ClassVar[bool] = False

    @field_validator("message")
    @classmethod
    def _known_placeholders(cls, value: Localized) -> Localized:
        return check_placeholders(value, cls.PLACEHOLDERS)

    def references(self) -> tuple[TableRef, ...]:
        """Template references to check at load time; none by default."""
        return ()

    @property
    def from_user_pack(self) -> bool:
        """Whether the rule came from a user's pack (it then runs under a time budget)."""
        return self._from_user_pack

    def as_user_rule(self) -> RuleBase:
        """A copy marked as coming from a user pack."""
        copy = self.model_copy()
        copy._from_user_pack = True
        return copy


def compile_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Validate regexes from a rule file (compiled, never evaluated as code).

    A pattern that could backtrack catastrophically (``(a+)+$``) is refused
    here, at load time, because govcheck runs unattended and must never hang
    on a report: see :mod:`govcheck.engine.regex_safety`.
    """
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        except RecursionError as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {TOO_DEEP}") from exc
        check_pattern(pattern)
    return patterns


@dataclass(frozen=True, slots=True)
class Context:
    """Facts about the run that the document cannot tell (CLI overrides)."""

    issuer_level: IssuerLevel | None = None
    published_on: dt.date | None = None
    # The same organ's report for the year before (--previous, --pair-years),
    # for the cross-year rules; None when there is none to compare with.
    previous: Document | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One failing check: where, with which values for the message.

    ``severity`` overrides the rule's default for this hit only (GC203 warns
    or errs depending on how late a report is). ``message`` replaces the
    rule's message for this hit only.
    """

    line: int
    values: Mapping[str, object]
    related: tuple[int, ...] = ()
    column: int = 1
    anchor: str = ""
    severity: Severity | None = None
    # The value the cell at ``anchor`` should hold, where the check implies one.
    suggested: str | None = None
    # The finding's text when it is not the rule's message (a suspect cell
    # merging several identities' failures: engine/suspects.py).
    message: Text | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A rule's verdict on one document."""

    status: RuleStatus
    hits: tuple[Hit, ...] = ()
    note: Text | None = field(default=None)

    @classmethod
    def of(cls, hits: list[Hit], unassessed: Text | None = None) -> Outcome:
        """Fail on any hit; otherwise pass, unless some check could not be made."""
        if hits:
            return cls(RuleStatus.FAIL, tuple(hits), unassessed)
        if unassessed is not None:
            return cls(RuleStatus.NOT_ASSESSABLE, note=unassessed)
        return cls(RuleStatus.PASS)

    @classmethod
    def not_assessable(cls, note: Text) -> Outcome:
        """The document cannot be read well enough for this rule."""
        return cls(RuleStatus.NOT_ASSESSABLE, note=note)
