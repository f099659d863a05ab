"""Rule-file sub-messages: localized fragments with their own placeholders.

Some kinds phrase one part of a finding differently by case (a table that is
absent vs. one that lacks rows). The wording of each case lives in the rule
file, like the message itself; its placeholders are checked when the pack
loads, exactly as the message's are, so a typo is a load error and never a
``KeyError`` in the middle of a run.
"""

from __future__ import annotations

import string

from govcheck.engine.base import Localized
from govcheck.i18n import Lang, Text, render_value


def check_placeholders(value: Localized, allowed: frozenset[str]) -> Localized:
    """Refuse a fragment that names a placeholder the kind does not fill."""
    for text in (value.zh, value.en):
        for _, name, spec, conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if name not in allowed or spec or conversion:
                names = ", ".join(sorted(allowed)) or "none"
                raise ValueError(f"unknown placeholder {{{name}}}; allowed: {names}")
    return value


def fill(value: Localized, **values: object) -> Text:
    """The fragment in both languages with its placeholders filled."""
    return Text(zh=_fill(value.zh, "zh", values), en=_fill(value.en, "en", values))


def _fill(template: str, lang: Lang, values: dict[str, object]) -> str:
    return template.format_map({k: render_value(v, lang) for k, v in values.items()})
