"""Both languages define the same message keys and placeholders."""

from __future__ import annotations

import string

from govcheck.i18n import _catalogue


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_zh_and_en_have_the_same_keys_and_placeholders() -> None:
    zh, en = _catalogue()["zh"], _catalogue()["en"]
    assert zh.keys() == en.keys()
    for key in zh:
        assert fields(zh[key]) == fields(en[key]), key
