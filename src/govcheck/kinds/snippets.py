"""Rule-file sub-messages: localized fragments with their own placeholders.

Some kinds phrase one part of a finding differently by case (a table that is
absent vs. one that lacks rows). The wording of each case lives in the rule
file, like the message itself; its placeholders are checked when the pack
loads, exactly as the message's are, so a typo is a load error and never a
``KeyError`` in the middle of a run.
"""

from __future__ import annotations

from govcheck.engine.base import Localized, check_placeholders
from govcheck.i18n import Lang, Text, render_value

__all__ = ["check_placeholders", "fill"]


def fill(message: Localized, /, **values: object) -> Text:
    """The fragment in both languages with its placeholders filled."""
    return Text(zh=_fill(message.zh, "zh", values), en=_fill(message.en, "en", values))


def _fill(template: str, lang: Lang, values: dict[str, object]) -> str:
    return template.format_map({k: render_value(v, lang) for k, v in values.items()})
