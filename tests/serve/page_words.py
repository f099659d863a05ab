"""The served pages' words, read from the shipped page.toml (not copied into the tests)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def _words() -> dict[str, dict[str, str]]:
    raw = resources.files("govcheck.serve").joinpath("page.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def word(lang: str, key: str) -> str:
    """The page's word ``key`` in ``lang``."""
    return _words()[lang][key]
