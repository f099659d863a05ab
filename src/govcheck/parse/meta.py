"""Report metadata: title year, issuer, closing date, and which format is used.

All patterns come from templates/common.toml. The closing date must stand on
a line of its own: a date inside a sentence (the statistical period, say) is
not a signing date, and a scraped page whose whole body is one line must not
pass the date check by accident.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from govcheck.memo import by_identity
from govcheck.model import DateMark, Section, Token
from govcheck.parse.normalize import norm
from govcheck.parse.numbers import chinese_to_int
from govcheck.templates import Template, all_templates, vocabulary

# A marker is counted only on short, table-like lines: prose that mentions
# 行政规范性文件 must not make an F2019 report look like F2021.
_MARKER_MAX_LEN = 60
# How many short lines' marker results each format remembers.
_MARKER_MEMO = 4096


@dataclass(frozen=True, slots=True)
class Title:
    line: int
    year: int
    issuer: str | None


# The longest whole-line date: 发布日期：二〇二一年十二月三十一日 has 17 characters.
_MAX_DATE_LINE = 40


@cache
def _title_re() -> re.Pattern[str]:
    return re.compile(str(vocabulary().title["pattern"]))


@cache
def _date_re() -> re.Pattern[str]:
    return re.compile(str(vocabulary().date["pattern"]))


@cache
def _numeral_date_re() -> re.Pattern[str]:
    numerals = vocabulary().numerals
    chars = "".join(re.escape(c) for c in (*numerals["digits"], *numerals["multipliers"]))
    units = re.escape(str(vocabulary().date["numeral_units"]))
    return re.compile(rf"([{chars}]+)(?=[{units}])")


def find_title(tokens: Sequence[Token]) -> Title | None:
    """The title line among the first few lines, with its year and issuer."""
    limit = int(vocabulary().title["search_lines"])
    for index, token in enumerate(tokens[:limit]):
        match = _title_re().search(token.norm.lstrip("#*"))
        if match:
            issuer = match.group("issuer").strip() or _issuer_above(tokens, index)
            return Title(line=token.line, year=int(match.group("year")), issuer=issuer)
    return None


def _issuer_above(tokens: Sequence[Token], index: int) -> str | None:
    """A title split over two lines puts the organ on the line above."""
    if index == 0:
        return None
    above = tokens[index - 1].norm.lstrip("#*")
    return above if above and len(above) <= 40 and "。" not in above else None


def parse_date(text: str) -> dt.date | None:
    """A whole-line date such as 2021年1月19日 or 二〇二一年一月十九日, else None.

    A line longer than any date is no date, and is not even looked at: the
    numeral pass would take time quadratic in a long run of numerals (a
    100,000-character line took minutes) and turn a run of thousands of them
    into an integer too long to print.
    """
    if len(text) > _MAX_DATE_LINE:
        return None
    digits = _numeral_date_re().sub(lambda m: str(chinese_to_int(m.group(1))), text)
    match = _date_re().match(digits)
    if not match:
        return None
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def find_date(tokens: Sequence[Token], sections: Sequence[Section]) -> DateMark | None:
    """The closing date after the last section, else a publication date at the top."""
    after = sections[-1].line if sections else 0
    for token in reversed(tokens):
        if token.line <= after:
            break
        date = parse_date(token.norm)
        if date:
            return DateMark(date=date, line=token.line, raw=token.raw)
    head = int(vocabulary().date["head_lines"])
    for token in tokens[:head]:
        date = parse_date(token.norm)
        if date:
            return DateMark(date=date, line=token.line, raw=token.raw)
    return None


def find_markers(tokens: Sequence[Token]) -> dict[str, tuple[Token, ...]]:
    """For each format, the table-like lines that carry one of its markers.

    One pass over the tokens; which formats' markers a short line carries is
    remembered, as the same lines recur in every report.
    """
    found: dict[str, list[Token]] = {template.id: [] for template in all_templates()}
    for token in tokens:
        text = token.norm
        if len(text) <= _MARKER_MAX_LEN and "。" not in text:
            for template_id in _formats_marked(text):
                found[template_id].append(token)
    return {template_id: tuple(marked) for template_id, marked in found.items()}


@lru_cache(maxsize=_MARKER_MEMO)
def _formats_marked(text: str) -> tuple[str, ...]:
    """The ids of the formats one of whose markers ``text`` carries."""
    return tuple(t.id for t in all_templates() if _marker_re(t).search(text))


@by_identity
def _marker_re(template: Template) -> re.Pattern[str]:
    """One search for any of a template's markers, instead of one per marker per line."""
    markers = sorted({m for m in (norm(x) for x in template.template.markers) if m})
    return re.compile("|".join(re.escape(m) for m in markers) or "(?!)")


def choose_template(markers: dict[str, tuple[Token, ...]], year: int | None) -> Template | None:
    """The format the report's tables use: markers decide, the year breaks ties."""
    templates = all_templates()
    counts = {t.id: len(markers.get(t.id, ())) for t in templates}
    best = max(counts.values())
    leaders = [t for t in templates if counts[t.id] == best]
    if best and len(leaders) == 1:
        return leaders[0]
    by_year = [t for t in leaders if year is not None and t.covers_year(year)]
    return by_year[0] if by_year else None
