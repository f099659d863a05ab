"""User-facing strings in Chinese (default) and English.

The strings live in ``messages.toml`` beside this module, so that no Chinese
literal is scattered through the code. ``text(key, lang, **values)`` looks a
key up and fills its ``{placeholders}``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A value that renders differently per language (e.g. a column label)."""

    zh: str
    en: str

    def render(self, lang: Lang) -> str:
        """Pick the variant for ``lang``."""
        return self.en if lang == "en" else self.zh


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    raw = resources.files("govcheck.i18n").joinpath("messages.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    return {lang: _flatten(data[lang]) for lang in LANGS}


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def render_value(value: object, lang: Lang) -> object:
    """Render :class:`Text` values; leave everything else as it is."""
    return value.render(lang) if isinstance(value, Text) else value


def text(key: str, lang: Lang, **values: object) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled."""
    template = _catalogue()[lang][key]
    return template.format_map({k: render_value(v, lang) for k, v in values.items()})


def both(key: str, **values: object) -> Text:
    """The message ``key`` in both languages, for values shown inside other messages."""
    return Text(zh=text(key, "zh", **values), en=text(key, "en", **values))
