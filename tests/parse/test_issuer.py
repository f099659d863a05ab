"""Inferring the issuer's level from its name (govcheck.parse.issuer)."""

from __future__ import annotations

import pytest

from govcheck.model import IssuerLevel
from govcheck.parse.issuer import (
    ALL_LEVELS,
    clean_name,
    describe_levels,
    infer_issuer,
    issuer_vocabulary,
    read_places,
    with_option,
)

S, P, C, K, T, D = (
    IssuerLevel.STATE_DEPARTMENT,
    IssuerLevel.PROVINCE,
    IssuerLevel.CITY,
    IssuerLevel.COUNTY,
    IssuerLevel.TOWNSHIP,
    IssuerLevel.DEPARTMENT,
)
ALL = ALL_LEVELS


@pytest.mark.parametrize(
    ("name", "levels", "locality"),
    [
        # townships and street offices, whatever is above them
        ("示例县青石镇人民政府", {T}, {T}),
        ("新城区胡家庙街道办事处", {T}, {T}),
        ("示例市示例区青云街道办事处", {T}, {T}),
        ("胡家庙街道", {T}, {T}),
        ("青石镇", {T}, {T}),
        ("示例新区青云街道办事处", {T}, {T}),
        # governments: the level of the last place name
        ("示例县人民政府", {K}, {K}),
        ("沛县人民政府", {K}, {K}),
        ("淮安市洪泽区人民政府", {K}, {K}),
        ("重庆市示例区人民政府", {K}, {K}),
        ("示例市人民政府", {C, K}, {C, K}),
        ("苏州市昆山市人民政府", {K}, {K}),
        ("江苏省昆山市人民政府", {C, K}, {C, K}),
        ("江苏省人民政府", {P}, {P}),
        ("上海市人民政府", {P}, {P}),
        ("广西壮族自治区人民政府", {P}, {P}),
        ("延边朝鲜族自治州人民政府", {C}, {C}),
        ("阿里地区行政公署", {C}, {C}),
        # departments: the government they belong to
        ("示例县自然资源局", {D}, {K}),
        ("示例县市场监督管理局", {D}, {K}),
        ("示例县城市管理局", {D}, {K}),
        ("示例县住房和城乡建设局", {D}, {K}),
        ("示例县人民政府办公室", {D}, {K}),
        ("示例市卫生健康委员会", {D}, {C, K}),
        ("示例省自然资源厅", {D}, {P}),
        ("上海市科学技术委员会", {D}, {P}),
        ("上海市城市管理行政执法局", {D}, {P}),
        ("国家税务总局示例县税务局", {D}, {K}),
        ("国家发展和改革委员会", {S}, {S}),
        ("教育部", {D}, ALL),
        # ambiguous or unreadable: unknown
        ("平潭综合实验区管委会", ALL, ALL),
        ("平潭综合实验区", ALL, ALL),
        ("示例经济开发区管理委员会", ALL, ALL),
        ("示例高新区管委会办公室", ALL, ALL),
        ("示例", ALL, ALL),
        ("人民政府", ALL, ALL),
    ],
)
def test_infer(name: str, levels: set[IssuerLevel], locality: set[IssuerLevel]) -> None:
    issuer = infer_issuer(name)
    assert issuer.levels == frozenset(levels)
    assert issuer.locality == frozenset(locality)
    assert issuer.known is (frozenset(levels) != ALL)


def test_no_name() -> None:
    issuer = infer_issuer(None)
    assert not issuer.known
    assert issuer.source.en == "no issuer name was found"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("标题: 平潭综合实验区", "平潭综合实验区"),
        ("# 沐阳县人民政府", "沐阳县人民政府"),
        ("**示例县 自然资源局**", "示例县自然资源局"),
    ],
)
def test_clean_name(raw: str, cleaned: str) -> None:
    assert clean_name(raw) == cleaned


def test_places_descend() -> None:
    places = read_places("示例省示例市示例县")
    assert [p.text for p in places] == ["示例省", "示例市", "示例县"]
    # 示例省示例市 may be a 设区的市 or a 县级市; the county under it is a county
    assert [p.levels for p in places] == [frozenset({P}), frozenset({C, K}), frozenset({K})]
    # a county cannot contain a city: 城市 in a department's name is not a place
    assert [p.text for p in read_places("示例县新城市管理")] == ["示例县"]


def test_source_says_why() -> None:
    issuer = infer_issuer("示例县自然资源局")
    assert "示例县" in issuer.source.zh
    assert "局" in issuer.source.zh
    assert "示例县自然资源局" in issuer.source.en
    zone = infer_issuer("平潭综合实验区管委会")
    assert "管委会" in zone.source.zh


def test_option_replaces_the_level() -> None:
    inferred = infer_issuer("示例县自然资源局")
    township = with_option(inferred, T)
    assert township.levels == frozenset({T})
    assert township.locality == frozenset({T})
    assert "--issuer-level" in township.source.en
    department = with_option(infer_issuer("示例县人民政府"), D)
    assert department.locality == frozenset({K})
    assert with_option(inferred, None) is inferred


@pytest.mark.parametrize(
    ("levels", "locality", "zh", "en"),
    [
        ({K}, {K}, "县级人民政府", "a county-level government"),
        ({D}, {K}, "县级人民政府部门", "a county government department"),
        ({D}, {C, K}, "设区的市级或县级人民政府部门", "a city or county government department"),
        ({D}, ALL, "人民政府部门", "a government department"),
        (
            {C, K},
            {C, K},
            "设区的市级人民政府或县级人民政府",
            "a city government or a county-level government",
        ),
        (ALL, ALL, "级别不明的机关", "an organ of unknown level"),
    ],
)
def test_describe(levels: set[IssuerLevel], locality: set[IssuerLevel], zh: str, en: str) -> None:
    text = describe_levels(frozenset(levels), frozenset(locality))
    assert (text.zh, text.en) == (zh, en)


def test_vocabulary_names_every_level() -> None:
    texts = issuer_vocabulary().text
    assert {level.value for level in IssuerLevel} <= set(texts.level)
