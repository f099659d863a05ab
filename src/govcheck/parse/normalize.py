"""Normalisation for *matching* only; what users see is never normalised.

Real copies of the same label differ in width (（一） vs (一)), in stray
spaces (自 然 人), in quotes and in markdown debris, so every comparison is
made between normalised forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from govcheck.templates import vocabulary

_SPACE = re.compile(r"\s+|<br\s*/?>", re.IGNORECASE)
# Curly and corner quotes → ASCII; dash look-alikes → "-" (escapes keep the
# table readable: the characters themselves are indistinguishable on screen).
_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u300c": '"', "\u300d": '"'}
)
_DASHES = str.maketrans({"\uff0d": "-", "\ufe63": "-", "\u2010": "-", "\u2011": "-"})


@cache
def _strip_table() -> dict[int, None]:
    return dict.fromkeys(map(ord, str(vocabulary().labels["strip_chars"])))


# Reports repeat the same short texts (template labels, 0, 1, 合计) in every
# table and every file, and the kinds normalise template labels per token, so
# the normal forms are memoised. Bounded: a bulk run sees unlimited texts.
_MEMO = 16384
# The longest text whose stripped label is memoised: labels and cells are
# short, and memoising whole prose lines would only hold memory.
MEMO_TEXT_LEN = 200


@lru_cache(maxsize=_MEMO)
def norm(text: str) -> str:
    """NFKC, no whitespace, unified quotes and dashes: the form all matching uses."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return _SPACE.sub("", folded)


@lru_cache(maxsize=_MEMO)
def norm_label(text: str) -> str:
    """Like :func:`norm`, also dropping markdown emphasis and table pipes from labels."""
    return strip_label(norm(text))


def strip_label(normalised: str) -> str:
    """:func:`norm_label` of a text whose :func:`norm` is ``normalised`` (a token's ``norm``).

    Short texts are memoised: the parser's stages and the kinds strip the same
    tokens' labels again and again, and a hit costs less than translating.
    Long prose lines are not kept, so the memo stays small.
    """
    if len(normalised) > MEMO_TEXT_LEN:
        return normalised.translate(_strip_table())
    return _strip_short(normalised)


@lru_cache(maxsize=_MEMO)
def _strip_short(normalised: str) -> str:
    return normalised.translate(_strip_table())


@cache
def _ordinal_re() -> re.Pattern[str]:
    return re.compile(vocabulary().labels["ordinal_pattern"])


def split_ordinal(label: str) -> tuple[str, str]:
    """Split a normalised label into its ordinal (``1.``, ``(三)``, ``四、``) and the rest.

    ``1、`` and ``1.`` are unified so that ``3、其他`` matches ``3.其他``.
    """
    match = _ordinal_re().match(label)
    if not match:
        return "", label
    ordinal = match.group(0)
    if ordinal[0].isdigit():
        ordinal = ordinal[:-1] + "."
    return ordinal, label[match.end() :]
