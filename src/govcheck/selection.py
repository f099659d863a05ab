"""Which rules run on which file, at which severity.

Command line over configuration: ``--select`` replaces the configured
``select``; ``--ignore`` adds to the configured ``ignore``. ``[[per-file]]``
tables narrow the set further for files matching their glob. ``[severity]``
overrides a rule's default severity.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from govcheck.config import Config
from govcheck.engine.base import RuleBase
from govcheck.engine.packs import Pack, builtin_rules, load_pack, merge_packs
from govcheck.engine.runner import Selection, select_rules
from govcheck.errors import GovcheckError
from govcheck.findings import Severity
from govcheck.tomlpos import did_you_mean


@dataclass(frozen=True)
class RuleSet:
    """All rules of the run, and how to narrow them for one file."""

    rules: tuple[RuleBase, ...]
    selection: Selection
    config: Config = field(default_factory=Config)

    @cached_property
    def selected(self) -> tuple[RuleBase, ...]:
        """The rules the run's selection keeps, before any ``[[per-file]]`` narrowing.

        Computed once: a run over 20,000 files spent half its time selecting
        the same rules again for every file.
        """
        return select_rules(self.rules, self.selection)

    def for_file(self, display: str) -> tuple[RuleBase, ...]:
        """The rules that run on the file shown as ``display``."""
        chosen = self.selected
        if not self.config.data.per_file:
            return chosen
        relative = relative_to_root(display, self.config.root)
        for table in self.config.data.per_file:
            if fnmatch.fnmatch(relative, table.glob):
                chosen = select_rules(chosen, Selection(table.select, table.ignore))
        return chosen


def relative_to_root(display: str, root: Path) -> str:
    """``display`` as a POSIX path relative to the configuration's folder, when inside it."""
    path = Path(display)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def build_rules(config: Config, select: Sequence[str], ignore: Sequence[str]) -> RuleSet:
    """Built-in and user packs, with severity overrides, and the run's selection."""
    packs = [load_pack(config.root / p) for p in config.data.packs]
    rules = merge_packs_with_builtin(packs)
    rules = tuple(_override(rule, config.data.severity.get(rule.id)) for rule in rules)
    chosen = Selection(
        tuple(select) or tuple(config.data.select or ()),
        tuple(config.data.ignore or ()) + tuple(ignore),
    )
    _check_references(rules, config, chosen)
    return RuleSet(rules, chosen, config)


def merge_packs_with_builtin(packs: Sequence[Pack]) -> tuple[RuleBase, ...]:
    """Built-in rules plus user packs; an id defined twice is an error."""
    if not packs:
        return builtin_rules()
    return merge_packs([Pack(id="builtin", path="builtin", rules=builtin_rules()), *packs])


def _override(rule: RuleBase, severity: Severity | None) -> RuleBase:
    return rule if severity is None else rule.model_copy(update={"severity": severity})


def _check_references(rules: tuple[RuleBase, ...], config: Config, chosen: Selection) -> None:
    """Every rule named in select, ignore, severity and per-file must exist."""
    where = str(config.path) if config.path else "--select/--ignore"
    names = [*(r.id for r in rules), *(r.name for r in rules)]
    refs = [("select", p) for p in chosen.select] + [("ignore", p) for p in chosen.ignore]
    refs += [("severity", key) for key in config.data.severity]
    for table in config.data.per_file:
        refs += [("per-file", p) for p in (*table.select, *table.ignore)]
    for field_name, pattern in refs:
        if not any(Selection(select=(pattern,)).wants(r) for r in rules):
            raise GovcheckError(
                "config.unknown_rule",
                path=where,
                field=field_name,
                rule=pattern,
                hint=did_you_mean(pattern, names),
            )


@cache
def default_rules() -> RuleSet:
    """The built-in rules with no configuration (for ``rules`` and ``explain``)."""
    return RuleSet(builtin_rules(), Selection())
