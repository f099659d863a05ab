"""Format templates: the structure of F2019 and F2021, read from TOML data.

A template says which six sections a report has and how tables 2, 3 and 4
are laid out (row labels, column order, named sets of keys). Rules refer to
template keys (``t3``, ``new``, ``tot``), never to raw report text.

The TOML files are validated ahead of time (:mod:`govcheck.compile`, with
pydantic) into ``compiled.json``, which ships in the wheel; at run time that
plain data is read into these frozen dataclasses, without pydantic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

TEMPLATE_IDS: tuple[str, ...] = ("F2019", "F2021")


# The file :mod:`govcheck.compile` writes from the TOML files beside it.
COMPILED = "compiled.json"
# What pydantic applies when govcheck.compile validates the TOML into these classes.
_STRICT = {"extra": "forbid"}


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    __pydantic_config__ = _STRICT
    id: str
    format: str  # the format year as printed in JSON output: 2019 or 2021
    name: str
    source: str
    first_year: int
    last_year: int | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionSpec:
    __pydantic_config__ = _STRICT
    id: str
    number: str
    title: str
    title_en: str
    variants: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The canonical title first, then its accepted variants."""
        return (self.title, *self.variants)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    __pydantic_config__ = _STRICT
    key: str
    label: str
    short: str
    short_en: str
    signed: bool = False
    money: bool = False


@dataclass(frozen=True, slots=True)
class RowSpec:
    __pydantic_config__ = _STRICT
    key: str
    label: str
    short: str
    short_en: str
    variants: tuple[str, ...] = ()
    # Column keys of this row when they differ from the table's.
    columns: tuple[str, ...] | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """The canonical label first, then its accepted variants."""
        return (self.label, *self.variants)


@dataclass(frozen=True, slots=True)
class IdentitySpec:
    __pydantic_config__ = _STRICT
    """An identity the format prints: ``sum(lhs) == sum(rhs)``, for each row or each column.

    For ``each = "column"``, ``lhs``/``rhs`` are row keys (or ``@sets`` of rows)
    and the identity holds in every column; for ``each = "row"`` they are column
    keys and it holds in every row.
    """

    id: str
    each: Literal["row", "column"]
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]


# (row key, column key) of one template cell.
Slot = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Identity:
    """One instance of a printed identity: ``sum(lhs) == sum(rhs)`` over cells.

    ``name`` is the :class:`IdentitySpec` id it comes from (``t3-row-total``).
    """

    name: str
    lhs: tuple[Slot, ...]
    rhs: tuple[Slot, ...]

    def same_cells(self, lhs: tuple[Slot, ...], rhs: tuple[Slot, ...]) -> bool:
        """Whether ``lhs == rhs`` is this identity (a rule's instance of it)."""
        return {frozenset(lhs), frozenset(rhs)} == {frozenset(self.lhs), frozenset(self.rhs)}


@dataclass(frozen=True, slots=True, kw_only=True)
class TableSpec:
    __pydantic_config__ = _STRICT
    id: str
    section: str
    name: str
    name_en: str
    layout: Literal["labelled", "positional"]
    headers: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    column: tuple[ColumnSpec, ...]
    row: tuple[RowSpec, ...]
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    identity: tuple[IdentitySpec, ...] = ()

    def row_columns(self, row: RowSpec) -> tuple[str, ...]:
        """The column keys that ``row`` has, in the order its numbers appear."""
        return row.columns or tuple(c.key for c in self.column)

    def column_spec(self, key: str) -> ColumnSpec:
        """The column named ``key``; the key is known to exist (validated at load)."""
        return next(c for c in self.column if c.key == key)

    def row_spec(self, key: str) -> RowSpec:
        """The row named ``key``; the key is known to exist (validated at load)."""
        return next(r for r in self.row if r.key == key)

    def expand(self, keys: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """Replace ``@set`` references by the keys of that set."""
        out: list[str] = []
        for key in keys:
            out.extend(self.sets[key[1:]] if key.startswith("@") else (key,))
        return tuple(out)

    def identities(self) -> tuple[Identity, ...]:
        """Every printed identity, once per row or column it holds in."""
        out: list[Identity] = []
        for spec in self.identity:
            lhs, rhs = self.expand(spec.lhs), self.expand(spec.rhs)
            if spec.each == "column":
                for column in self.column:
                    rows = {r.key for r in self.row if column.key in self.row_columns(r)}
                    if rows.issuperset((*lhs, *rhs)):
                        key = column.key
                        out.append(
                            Identity(
                                spec.id, tuple((r, key) for r in lhs), tuple((r, key) for r in rhs)
                            )
                        )
            else:
                for row in self.row:
                    if set(self.row_columns(row)).issuperset((*lhs, *rhs)):
                        key = row.key
                        out.append(
                            Identity(
                                spec.id, tuple((key, c) for c in lhs), tuple((key, c) for c in rhs)
                            )
                        )
        return tuple(out)

    def has_key(self, key: str) -> bool:
        """Whether ``key`` names a row, a column or (with ``@``) a set of this table."""
        if key.startswith("@"):
            return key[1:] in self.sets
        return any(r.key == key for r in self.row) or any(c.key == key for c in self.column)


@dataclass(frozen=True, slots=True)
class Template:
    __pydantic_config__ = _STRICT
    template: TemplateInfo
    section: tuple[SectionSpec, ...]
    table: tuple[TableSpec, ...]

    @property
    def id(self) -> str:
        """Short id such as ``F2021``."""
        return self.template.id

    def table_spec(self, table_id: str) -> TableSpec | None:
        """The table ``table_id`` or None when this format has no such table."""
        return next((t for t in self.table if t.id == table_id), None)

    def covers_year(self, year: int) -> bool:
        """Whether reports on ``year`` are due in this format."""
        last = self.template.last_year
        return self.template.first_year <= year and (last is None or year <= last)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    __pydantic_config__ = _STRICT
    """Document-level patterns shared by both formats (templates/common.toml)."""

    title: dict[str, str | int]
    date: dict[str, str | int]
    numerals: dict[str, dict[str, int]]
    values: dict[str, tuple[str, ...]]
    labels: dict[str, str]
    chrome: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Validated:
    """What the template files validate to."""

    templates: dict[str, Template]
    vocabulary: Vocabulary


def _tuples(value: Any) -> Any:
    """JSON's lists as tuples: every sequence field of the template classes is a tuple."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _table(data: dict[str, Any]) -> TableSpec:
    return TableSpec(
        **{
            **data,
            "column": tuple(ColumnSpec(**c) for c in data["column"]),
            "row": tuple(RowSpec(**r) for r in data["row"]),
            "identity": tuple(IdentitySpec(**i) for i in data["identity"]),
        }
    )


def _template(data: dict[str, Any]) -> Template:
    return Template(
        template=TemplateInfo(**data["template"]),
        section=tuple(SectionSpec(**s) for s in data["section"]),
        table=tuple(_table(t) for t in data["table"]),
    )


@cache
def _validated() -> _Validated:
    """The templates and the vocabulary, read once per process from the compiled JSON."""
    raw = resources.files(__name__).joinpath(COMPILED).read_bytes()
    data = _tuples(json.loads(raw))
    templates = {t: _template(data["templates"][t]) for t in TEMPLATE_IDS}
    return _Validated(templates, Vocabulary(**data["vocabulary"]))


def load_template(template_id: str) -> Template:
    """A built-in template (``F2019`` or ``F2021``), validated."""
    return _validated().templates[template_id]


def vocabulary() -> Vocabulary:
    """The shared document vocabulary (templates/common.toml), validated."""
    return _validated().vocabulary


def all_templates() -> tuple[Template, ...]:
    """Both official formats, oldest first."""
    return tuple(load_template(t) for t in TEMPLATE_IDS)
