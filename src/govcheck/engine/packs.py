"""Loading rule packs: TOML → validated rule specs, with errors at file:line.

tomllib keeps no positions, so a validation error's location (``rule[3].lhs``)
is mapped back to a line by scanning for the n-th ``[[rule]]`` header and the
key under it. Template references (tables, rows, columns, sets) are checked
here, once, so that a typo in a pack is an error at load time and never a
silent pass at run time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govcheck.engine.base import RuleBase
from govcheck.engine.registry import KINDS, RuleSpec
from govcheck.errors import RuleFileError
from govcheck.safefile import MAX_PACK_BYTES, FileRefused, read_small_text
from govcheck.templates import load_template
from govcheck.tomlpos import TOO_DEEP, did_you_mean, line_of, nesting_line, syntax_error_line


class PackInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: str
    description: str = ""


class PackFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    pack: PackInfo
    rule: tuple[RuleSpec, ...] = Field(default=())


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    path: str
    rules: tuple[RuleBase, ...]


def builtin_pack_files() -> list[Traversable]:
    """The packs shipped in the wheel (govcheck/rules), or rules/ in a source checkout."""
    shipped = resources.files("govcheck").joinpath("rules")
    if shipped.is_dir():
        root: Traversable = shipped
    else:  # editable install: the packs sit at the repository's top level
        root = Path(__file__).resolve().parents[3] / "rules"
    return sorted((f for f in root.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


@cache
def builtin_rules() -> tuple[RuleBase, ...]:
    """All built-in rules, ordered by id; ids are unique across packs.

    Validated in every process that needs them: a cache of validated objects
    would have to be unpickled, and a file that is unpickled can run code.
    """
    texts = [(f"rules/{f.name}", f.read_text(encoding="utf-8")) for f in builtin_pack_files()]
    return merge_packs(load_pack_text(t, p) for p, t in texts)


def merge_packs(packs: Iterable[Pack]) -> tuple[RuleBase, ...]:
    """Rules of several packs, refusing an id defined twice."""
    seen: dict[str, str] = {}
    rules: list[RuleBase] = []
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                raise RuleFileError(
                    "rules.duplicate_id", path=pack.path, id=rule.id, other=seen[rule.id]
                )
            seen[rule.id] = pack.path
            rules.append(rule)
    return tuple(sorted(rules, key=lambda r: r.id))


def load_pack(path: Path) -> Pack:
    """Load a user's pack file; its rules run under a time budget (engine/budget.py)."""
    try:
        text = read_small_text(path, MAX_PACK_BYTES, encoding="utf-8-sig")
    except FileRefused as exc:
        raise RuleFileError(f"rules.{exc.reason}", path=str(path), **exc.values) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError("rules.unreadable", path=str(path), detail=str(exc)) from exc
    pack = load_pack_text(text, str(path))
    return Pack(pack.id, pack.path, tuple(rule.as_user_rule() for rule in pack.rules))


def load_pack_text(text: str, path: str) -> Pack:
    """Parse and validate pack ``text``; ``path`` is only used in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = syntax_error_line(str(exc))
        raise RuleFileError("rules.toml_syntax", path=path, line=line, detail=str(exc)) from exc
    except RecursionError as exc:
        line = nesting_line(text)
        raise RuleFileError("rules.toml_syntax", path=path, line=line, detail=TOO_DEEP) from exc
    try:
        parsed = PackFile.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, text, data, path) from exc
    for index, rule in enumerate(parsed.rule):
        _check_references(rule, index, text, path)
    return Pack(id=parsed.pack.id, path=path, rules=parsed.rule)


def _validation_error(
    exc: ValidationError, text: str, data: dict[str, Any], path: str
) -> RuleFileError:
    """One error for the user: an unknown key first (a typo explains the rest)."""
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    error = errors[0]
    loc = [str(part) for part in error["loc"]]
    index = int(loc[1]) if len(loc) > 1 and loc[0] == "rule" and loc[1].isdigit() else None
    key = "kind" if error["type"] == "union_tag_invalid" else _leaf_key(loc)
    detail = error["msg"]
    if error["type"] == "extra_forbidden" and index is not None:
        detail += _suggestion(key, data, index)
    more = len(errors) - 1
    return RuleFileError(
        "rules.invalid",
        path=path,
        line=_line_of(text, index, key),
        field=".".join(loc),
        detail=detail + (f" (+{more})" if more else ""),
    )


def _leaf_key(loc: list[str]) -> str:
    names = [p for p in loc if not p.isdigit() and p not in KINDS]
    return names[-1] if names else ""


def _suggestion(key: str, data: dict[str, Any], index: int) -> str:
    kind = data.get("rule", [{}])[index].get("kind")
    spec = KINDS.get(kind, (RuleBase, None))[0]
    return did_you_mean(key, spec.model_fields)


def _line_of(text: str, index: int | None, key: str) -> int:
    return line_of(text, "rule", index, key)


def _check_references(rule: RuleBase, index: int, text: str, path: str) -> None:
    for ref in rule.references():
        for template_id in rule.formats:
            table = load_template(template_id).table_spec(ref.table)
            missing = (
                [ref.table] if table is None else [k for k in ref.keys if not table.has_key(k)]
            )
            if missing:
                raise RuleFileError(
                    "rules.bad_reference",
                    path=path,
                    line=_line_of(text, index, ref.field),
                    field=f"{rule.id}.{ref.field}",
                    detail=f"{missing[0]!r} ({template_id})",
                )
