"""The issuing organ's level, inferred from its name (vocabulary: templates/issuer.toml).

The level decides the Art. 49 deadline (GC203) and whether the organ may make
规章 (GC605). A name often does not tell it for certain: 淮安市人民政府 may be
a 设区的市 or a 县级市, 平潭综合实验区管委会 may act at any level. So the
result is the *set* of levels the name allows, and a rule acts only on what
holds for every level in the set. An unknown level is the set of all levels.

The name is read from the end: the organ suffix (街道办事处, 人民政府, 局 …)
gives the organ type, then the place names before it (省, 市, 县, 区 …),
read from the start and required to descend, give the government it belongs
to.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from govcheck.errors import RuleFileError
from govcheck.i18n import Text
from govcheck.model import IssuerLevel
from govcheck.parse.normalize import norm

ALL_LEVELS: frozenset[IssuerLevel] = frozenset(IssuerLevel)

# Rank of the levels that place names can have; a name's units must descend.
_RANK = {
    IssuerLevel.PROVINCE: 4,
    IssuerLevel.CITY: 3,
    IssuerLevel.COUNTY: 2,
    IssuerLevel.TOWNSHIP: 1,
}
# Characters dropped around a name (markdown debris, brackets of a signature).
_DEBRIS = "#*>|`()[]"
# The same without parentheses, which may belong to the name itself.
_NAME_DEBRIS = "#*>|`[]【】"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Localized(_Frozen):
    zh: str
    en: str

    def text(self, **values: object) -> Text:
        return Text(self.zh.format_map(values), self.en.format_map(values))


class _Organ(_Frozen):
    type: Literal["township", "government", "department"]
    suffixes: tuple[str, ...] = Field(min_length=1)


class _Unit(_Frozen):
    suffix: str = Field(min_length=1)
    levels: frozenset[IssuerLevel] = Field(min_length=1)
    min_name: int = Field(ge=1)


class _Texts(_Frozen):
    level: dict[str, _Localized]
    locality: dict[str, _Localized]
    or_: _Localized = Field(alias="or")
    department_of: _Localized
    from_option: _Localized
    inferred: _Localized
    inferred_place: _Localized
    ambiguous: _Localized
    unrecognised: _Localized
    no_name: _Localized

    @model_validator(mode="after")
    def _every_level_named(self) -> _Texts:
        missing = {*IssuerLevel, "unknown"} - set(self.level)
        missing |= {*_RANK} - set(self.locality)
        if missing:
            raise ValueError(f"text.level/text.locality lack {sorted(missing)}")
        return self


class IssuerVocabulary(_Frozen):
    """The contents of templates/issuer.toml, validated."""

    strip: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    organ: tuple[_Organ, ...]
    state_prefixes: tuple[str, ...] = ()
    unit: tuple[_Unit, ...]
    municipalities: tuple[str, ...] = ()
    text: _Texts


@cache
def issuer_vocabulary() -> IssuerVocabulary:
    """templates/issuer.toml, validated once per process (no cache: see engine.packs)."""
    return _validate()


def _validate() -> IssuerVocabulary:
    name = "issuer.toml"
    raw = resources.files("govcheck.templates").joinpath(name).read_bytes()
    try:
        return IssuerVocabulary.model_validate(tomllib.loads(raw.decode("utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError("rules.toml_syntax", path=name, line=0, detail=str(exc)) from exc
    except ValidationError as exc:
        raise RuleFileError("rules.invalid", path=name, line=0, field="", detail=str(exc)) from exc


@dataclass(frozen=True, slots=True)
class Issuer:
    """What is known about the issuing organ's level, and how it is known.

    ``levels`` are the levels the organ may have; ``locality`` the levels of the
    government it belongs to (for a department: 示例县自然资源局 → county; for
    a government or township, its own level). ``source`` says where the level
    came from, for findings.
    """

    name: str | None
    levels: frozenset[IssuerLevel]
    locality: frozenset[IssuerLevel]
    source: Text

    @property
    def known(self) -> bool:
        """Whether the name (or the option) narrowed the level at all."""
        return self.levels != ALL_LEVELS

    def describe(self) -> Text:
        """The level(s) for a message: 县级人民政府, 县级人民政府部门, 级别不明的机关."""
        return describe_levels(self.levels, self.locality)


@dataclass(frozen=True, slots=True)
class _Place:
    text: str
    levels: frozenset[IssuerLevel]


def clean_name(name: str) -> str:
    """The name in normalised form, without scraped labels and markdown debris."""
    text = norm(name).strip(_DEBRIS)
    for pattern in issuer_vocabulary().strip:
        text = re.sub(pattern, "", text)
    return text.strip(_DEBRIS)


def display_name(name: str) -> str:
    """The name as govcheck shows it: like :func:`clean_name`, but a name's own
    parentheses are kept (贵阳市人民政府(市人民政府办公厅), 武昌经开区(滨江)管委会);
    only an unbalanced one at either end is debris."""
    text = norm(name).strip(_NAME_DEBRIS)
    for pattern in issuer_vocabulary().strip:
        text = re.sub(pattern, "", text)
    text = text.strip(_NAME_DEBRIS)
    if text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1]
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    return text


def is_organ_name(name: str) -> bool:
    """Whether ``name`` reads as an organ: an organ suffix, a zone word or a place name.

    Used to tell a line holding only the issuer (above or below a title that
    lacks one) from a site header or a heading.
    """
    cleaned = clean_name(name)
    if not cleaned:
        return False
    vocab = issuer_vocabulary()
    return (
        any(_organ_suffix(cleaned, organ.type) for organ in vocab.organ)
        or any(word in cleaned for word in vocab.ambiguous)
        or bool(read_places(cleaned))
    )


def infer_issuer(name: str | None) -> Issuer:
    """The levels the issuer name allows; all levels when it does not tell."""
    texts = issuer_vocabulary().text
    cleaned = clean_name(name) if name else ""
    if not cleaned:
        return Issuer(None, ALL_LEVELS, ALL_LEVELS, texts.no_name.text())
    township = _organ_suffix(cleaned, "township")
    if township:
        levels = frozenset({IssuerLevel.TOWNSHIP})
        return Issuer(cleaned, levels, levels, texts.inferred.text(name=cleaned, basis=township))
    zone = next((w for w in issuer_vocabulary().ambiguous if w in cleaned), None)
    if zone:
        return Issuer(
            cleaned, ALL_LEVELS, ALL_LEVELS, texts.ambiguous.text(name=cleaned, basis=zone)
        )
    government = _organ_suffix(cleaned, "government")
    if government:
        return _government(cleaned, government)
    department = _organ_suffix(cleaned, "department")
    if department:
        return _department(cleaned, department)
    return Issuer(cleaned, ALL_LEVELS, ALL_LEVELS, texts.unrecognised.text(name=cleaned))


def with_option(inferred: Issuer, option: IssuerLevel | None) -> Issuer:
    """Apply ``--issuer-level``: it replaces the level; a department keeps its place."""
    if option is None:
        return inferred
    levels = frozenset({option})
    locality = inferred.locality if option is IssuerLevel.DEPARTMENT else levels
    return Issuer(inferred.name, levels, locality, issuer_vocabulary().text.from_option.text())


def describe_levels(levels: frozenset[IssuerLevel], locality: frozenset[IssuerLevel]) -> Text:
    """Level names joined by 或 / or; a department is named with its government's level."""
    texts = issuer_vocabulary().text
    if levels == ALL_LEVELS:
        return texts.level["unknown"].text()
    parts = [_level_text(level, locality) for level in _ordered(levels)]
    return Text(
        texts.or_.zh.join(p.zh for p in parts),
        texts.or_.en.join(p.en for p in parts),
    )


def _level_text(level: IssuerLevel, locality: frozenset[IssuerLevel]) -> Text:
    texts = issuer_vocabulary().text
    places = [p for p in _ordered(locality) if p.value in texts.locality]
    if level is not IssuerLevel.DEPARTMENT or locality == ALL_LEVELS or not places:
        return texts.level[level.value].text()
    names = [texts.locality[p.value] for p in places]
    joined = Text(
        texts.or_.zh.join(n.zh for n in names),
        texts.or_.en.join(n.en for n in names),
    )
    return Text(
        texts.department_of.zh.format_map({"locality": joined.zh}),
        texts.department_of.en.format_map({"locality": joined.en}),
    )


def _ordered(levels: Iterable[IssuerLevel]) -> list[IssuerLevel]:
    """Levels in the enum's order (highest first), so messages are stable."""
    wanted = set(levels)
    return [level for level in IssuerLevel if level in wanted]


def _organ_suffix(name: str, organ_type: str) -> str | None:
    """The first suffix of the given organ type that ends ``name`` (and is not all of it)."""
    for organ in issuer_vocabulary().organ:
        if organ.type != organ_type:
            continue
        for suffix in organ.suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                return suffix
    return None


def _government(name: str, suffix: str) -> Issuer:
    """A people's government has the level of the last place name before the suffix."""
    texts = issuer_vocabulary().text
    places = read_places(name[: -len(suffix)])
    if not places:
        return Issuer(name, ALL_LEVELS, ALL_LEVELS, texts.unrecognised.text(name=name))
    last = places[-1]
    source = texts.inferred_place.text(name=name, place=last.text, basis=suffix)
    return Issuer(name, last.levels, last.levels, source)


def _department(name: str, suffix: str) -> Issuer:
    """A department belongs to the government of its last place name, if it has one."""
    vocab = issuer_vocabulary()
    places = read_places(name[: -len(suffix)])
    if places:
        last = places[-1]
        source = vocab.text.inferred_place.text(name=name, place=last.text, basis=suffix)
        return Issuer(name, frozenset({IssuerLevel.DEPARTMENT}), last.levels, source)
    state = next((p for p in vocab.state_prefixes if name.startswith(p)), None)
    if state:
        levels = frozenset({IssuerLevel.STATE_DEPARTMENT})
        return Issuer(name, levels, levels, vocab.text.inferred.text(name=name, basis=state))
    source = vocab.text.inferred.text(name=name, basis=suffix)
    return Issuer(name, frozenset({IssuerLevel.DEPARTMENT}), ALL_LEVELS, source)


def read_places(text: str) -> tuple[_Place, ...]:
    """The place names at the start of ``text``, each below the one before it.

    示例市示例区 → (示例市: city or county, 示例区: county). Reading stops at
    the first unit that would not descend (示例县 … 城市管理局 has no city
    under a county) or when no unit is left.
    """
    places: list[_Place] = []
    start = 0
    while True:
        found = _next_unit(text, start)
        if found is None:
            break
        end, unit = found
        place = text[start:end]
        levels = _narrow(place, unit, places)
        if not levels:
            break
        places.append(_Place(place, levels))
        start = end
    return tuple(places)


def _next_unit(text: str, start: int) -> tuple[int, _Unit] | None:
    """The unit that ends first after ``start`` (the longest suffix on a tie)."""
    best: tuple[int, _Unit] | None = None
    for unit in issuer_vocabulary().unit:
        at = text.find(unit.suffix, start + unit.min_name)
        if at < 0:
            continue
        end = at + len(unit.suffix)
        if (
            best is None
            or end < best[0]
            or (end == best[0] and len(unit.suffix) > len(best[1].suffix))
        ):
            best = (end, unit)
    return best


def _narrow(place: str, unit: _Unit, before: Sequence[_Place]) -> frozenset[IssuerLevel]:
    """The unit's levels, given its name and the places above it."""
    if place in issuer_vocabulary().municipalities:
        levels: frozenset[IssuerLevel] = frozenset({IssuerLevel.PROVINCE})
    else:
        levels = unit.levels
    if before:
        ceiling = max(_RANK[level] for level in before[-1].levels)
        levels = frozenset(level for level in levels if _RANK[level] < ceiling)
    return levels
