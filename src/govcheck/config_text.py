"""Configuration as text: ``govcheck config --show`` and ``govcheck init``."""

from __future__ import annotations

from importlib import resources

import tomli_w

from govcheck.config import Config, ConfigFile
from govcheck.i18n import Lang, text
from govcheck.textsafe import one_line


def describe_config(config: Config, lang: Lang) -> str:
    """Every key with its value and origin (the file, or the built-in default).

    Each line is made inert (:func:`~govcheck.textsafe.one_line`): TOML
    escapes a value's controls, but not a bidi override, nor a folder name's.
    """
    data = config.data.model_dump(by_alias=True, mode="json", exclude_none=True)
    default = text("config.default", lang)
    lines = [text("config.source", lang, path=str(config.path) if config.path else default)]
    for name, info in ConfigFile.model_fields.items():
        key = info.alias or name
        lines.extend(_describe_key(key, data.get(key), config.origins.get(key, default), lang))
    return "\n".join(one_line(line) for line in lines) + "\n"


def _describe_key(key: str, value: object, origin: str, lang: Lang) -> list[str]:
    if value in (None, [], {}):
        return [f"{key} = {text('config.unset', lang)}    # {origin}"]
    # split("\n"), not splitlines(): a value's U+0085 or U+2028 is not a line end.
    shown = tomli_w.dumps({key: value}).strip().split("\n")
    return [f"{shown[0]}    # {origin}", *shown[1:]]


def starter_config() -> str:
    """The commented starter file shipped with govcheck."""
    return resources.files("govcheck").joinpath("govcheck.example.toml").read_text(encoding="utf-8")
