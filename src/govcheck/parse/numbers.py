"""Table cell values and Chinese numerals.

A cell keeps its raw text; its value is a :class:`~decimal.Decimal` (never a
float) or ``None``. Placeholders (``—``, ``/``, ``无``) and blanks are "no
value" and are kept apart from 0, so that rules can report them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from govcheck.model import CellKind
from govcheck.parse.normalize import norm
from govcheck.templates import vocabulary


@dataclass(frozen=True, slots=True)
class CellValue:
    kind: CellKind
    value: Decimal | None = None
    unit: str = ""


_NUMBER = r"(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
# Word processors write a signed delta (本年增/减) with the true minus sign
# U+2212, which NFKC leaves alone; it means the same as "-".
_MINUS = str.maketrans({"\u2212": "-"})
# Cells repeat (0, 1, blanks, placeholders) across tables and reports, and the
# result is immutable, so classifications are memoised; bounded for bulk runs.
_MEMO = 16384


@cache
def _cell_re() -> re.Pattern[str]:
    units = sorted(vocabulary().values["units"], key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    return re.compile(rf"^{_NUMBER}(?P<unit>{unit_alt})?$")


@cache
def _blanks() -> frozenset[str]:
    """Empty cells written out as entities (``&nbsp;``): no value, never 0."""
    return frozenset(norm(b).lower() for b in vocabulary().values.get("blanks", ()))


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(norm(p) for p in vocabulary().values["placeholders"])


@lru_cache(maxsize=_MEMO)
def parse_cell(raw: str) -> CellValue | None:
    """Classify one table cell; ``None`` when the text is not a cell value at all.

    ``85个`` → 85 with unit 个; ``1,234`` → 1234; ``—`` → placeholder;
    empty → blank; a U+2212 minus sign reads as ``-``. Anything else (a label, a sentence)
    is not a value.
    """
    text = norm(raw).translate(_MINUS)
    if not text or text.lower() in _blanks():
        return CellValue(CellKind.BLANK)
    if text in _placeholders():
        return CellValue(CellKind.PLACEHOLDER)
    match = _cell_re().match(text)
    if not match:
        return None
    try:
        value = Decimal(match.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None
    return CellValue(CellKind.NUMBER, value, match.group("unit") or "")


# No count, year or date part in a report is longer than this.
_MAX_NUMERAL_LEN = 24


def chinese_to_int(text: str) -> int | None:
    """Read a Chinese numeral (三十二, 二〇二一, 一百零五) or ASCII digits; None if not one.

    A run without multipliers is read digit by digit, as years are written
    (二〇二一 → 2021); with multipliers it is read positionally (三十二 → 32).
    A run longer than any count in a report is not a number (and Python
    refuses to convert thousands of digits).
    """
    if len(text) > _MAX_NUMERAL_LEN:
        return None
    if text.isdigit():
        return int(text)
    vocab = vocabulary().numerals
    digits, mults = vocab["digits"], vocab["multipliers"]
    if not text or any(ch not in digits and ch not in mults for ch in text):
        return None
    if not any(ch in mults for ch in text):
        return int("".join(str(digits[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        else:
            total += (current or 1) * mults[ch]
            current = 0
    return total + current
