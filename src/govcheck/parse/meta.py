"""Report metadata: title year, issuer, closing and page dates, and the format used.

All patterns come from templates/common.toml. Real pages wrap the report in
site chrome, so the title is looked for among the first lines in the shapes
pages use (docs/accuracy.md measures them on real pages): the organ or the
year first, split over two lines, repeated, inside a metadata table or a
breadcrumb, after a crawler's 标题: label. Only a year next to the report's
name counts: document numbers (示政办[2025]2号), index numbers (…/2026-00007) and
the statistical period are never the report year.

Two dates are read. The closing (落款) date must stand on a line of its own
after the last section: a date inside a sentence is not a signing date, and
a scraped page whose whole body is one line must not pass the date check by
accident. The page's publication date is read above the first section, from
a labelled line (发布时间:2022-02-25 10:12), a bare date or a metadata line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from govcheck.model import DateMark, Section, Token
from govcheck.parse.chrome import is_chrome, lead_re
from govcheck.parse.issuer import display_name, is_organ_name
from govcheck.parse.normalize import norm
from govcheck.parse.numbers import chinese_to_int
from govcheck.templates import Template, all_templates, load_template, vocabulary

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
    # "title" (a title line) or "sentence" (a body sentence naming the report).
    source: str = "title"


# The longest whole-line date: 发布日期：二〇二一年十二月三十一日 has 17 characters.
_MAX_DATE_LINE = 40
# Lines joined to read a title split over two lines are both at most this long.
_MAX_SPLIT_PART = 60
# Only the start of a long (flattened) line can hold a title or a date label.
_MAX_SCAN = 400
# Where a line is cut into parts that may each hold the title: table pipes
# and breadcrumb arrows (首页 > 年报 > 示例局2021年…).
_SEGMENT_CUT = re.compile(r"[|>»]")
# List bullets and markdown debris before a title.
_BULLETS = "#*•·-> "
_YEAR = re.compile(r"(?:19|20)\d{2}")
# Sentence punctuation (normalised): a line with it is prose, not page metadata.
_SENTENCE = re.compile("[,;。]")


@cache
def _title_vocab(key: str) -> re.Pattern[str]:
    return re.compile(str(vocabulary().title[key]))


@cache
def _date_vocab(key: str) -> re.Pattern[str]:
    return re.compile(str(vocabulary().date[key]))


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
    """The report's title among the first lines, with its year and issuer.

    A title line is read first (the organ first or the year first, split over
    two lines, inside a metadata table or a breadcrumb); failing that, a body
    sentence that names the report (现公布《…2021年政府信息公开工作年度报告》).
    """
    head = tokens[: int(vocabulary().title["search_lines"])]
    return _title_line(head) or _body_title(head)


def _title_line(head: Sequence[Token]) -> Title | None:
    for index, token in enumerate(head):
        span = 1
        found = _read_title(token.norm)
        if found is None and index + 1 < len(head) and _may_continue(token, head[index + 1]):
            span = 2
            found = _read_title(token.norm + head[index + 1].norm)
        if found is not None:
            year, issuer = found
            issuer = issuer or _issuer_beside(head, index, span)
            return Title(line=token.line, year=year, issuer=issuer)
    return None


def _may_continue(token: Token, after: Token) -> bool:
    """Whether ``token`` may be the first half of a title split over two lines.

    Not when the next line is a title by itself: a breadcrumb ending in
    政府信息公开年报, or a date, above a whole title is no part of it.
    """
    first, second = token.norm, after.norm
    return (
        len(first) <= _MAX_SPLIT_PART
        and len(second) <= _MAX_SPLIT_PART
        and (_YEAR.search(first) is not None or "信息公开" in first)
        and _read_title(second) is None
    )


def _read_title(text: str) -> tuple[int, str | None] | None:
    """The year and issuer of a title in (a part of) a normalised line, else None."""
    for segment in _segments(text[:_MAX_SCAN]):
        match = _title_vocab("issuer_first").match(segment)
        match = match or _title_vocab("year_first").match(segment)
        if match is None:
            continue
        issuer = match.group("issuer")
        if match.groupdict().get("gov") and _title_vocab("gov_tail").search(issuer):
            issuer += match.group("gov")
        issuer = clean_issuer(issuer)
        if issuer and _title_vocab("not_issuer").search(issuer):
            continue
        return int(match.group("year")), issuer or None
    return None


def _segments(text: str) -> list[str]:
    """The parts of a line that may each be a title, without labels and widgets."""
    parts = []
    for part in _SEGMENT_CUT.split(text):
        part = part.strip(_BULLETS)
        part = lead_re().sub("", _title_vocab("prefix").sub("", part)).strip(_BULLETS)
        if part:
            parts.append(part)
    return parts


def clean_issuer(name: str) -> str:
    """An issuer name as shown: normalised, without crawler labels and markdown debris."""
    return display_name(name) if name else ""


def _issuer_beside(head: Sequence[Token], index: int, span: int) -> str | None:
    """The organ of a title without one: the line above, else the line below.

    (得荣县卫生健康局 / 2019年政府信息公开工作年度报告, or
    2020年政府信息公开工作年度报告 / 武昌经开区(滨江)管委会.) Only a line that
    is an organ's name counts: a site header with a date or a widget line is not.
    """
    beside = [index - 1] if index > 0 else []
    beside += [index + span] if index + span < len(head) else []
    for at in beside:
        name = clean_issuer(head[at].norm)
        if _organ_line(name):
            return name
    return None


def _organ_line(name: str) -> bool:
    return (
        0 < len(name) <= int(vocabulary().title["issuer_line_max"])
        and not any(ch.isdigit() for ch in name)
        and not _title_vocab("not_issuer").search(name)
        and not is_chrome(name)
        and is_organ_name(name)
    )


def _body_title(head: Sequence[Token]) -> Title | None:
    """A body sentence that names the report: its year, and its organ unless a pronoun."""
    for token in head:
        match = _title_vocab("body").search(token.norm[: _MAX_SCAN * 4])
        if match is None:
            continue
        issuer: str | None = clean_issuer(match.group("issuer"))
        if not issuer or _title_vocab("pronoun").search(issuer) or not is_organ_name(issuer):
            issuer = None
        year = int(match.group("year"))
        return Title(line=token.line, year=year, issuer=issuer, source="sentence")
    return None


def opening_year(tokens: Sequence[Token], sections: Sequence[Section]) -> int | None:
    """The year the first section's first sentence opens with (2019年,我局…), else None.

    Read only when neither a title nor a body sentence gives the year. The
    statistical period is not read: the period rules check it against the year.
    """
    if not sections:
        return None
    first = sections[0].position
    for token in tokens:
        if (token.line, token.column) > first:
            match = _title_vocab("opening").match(token.norm)
            return int(match.group("year")) if match else None
    return None


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
    """The closing (落款) date: a whole-line date after the last section, else None."""
    after = sections[-1].line if sections else 0
    for token in reversed(tokens):
        if token.line <= after:
            break
        date = parse_date(token.norm)
        if date:
            return DateMark(date=date, line=token.line, raw=token.raw)
    return None


def find_page_date(
    tokens: Sequence[Token], sections: Sequence[Section], title: Title | None
) -> DateMark | None:
    """The publication date a page shows above the report (发布时间:2022-02-25 10:12).

    Only lines before the first section heading are read. A labelled date
    counts anywhere there, the best label winning (发布 before a plain 时间 or
    日期 before the document's 成文/印发/生成 dates, then the first); a date
    without a label only after the title, alone on its line ([2021-01-28]) or
    on a metadata line (来源:示例局 2025-01-26 09:18): above the title it may
    be a site header's own date.
    """
    first = sections[0].position if sections else (_AFTER, 0)
    head = [t for t in tokens[: int(vocabulary().date["head_lines"])] if t.position < first]
    found: list[tuple[int, int, dt.date, Token]] = []
    for index, token in enumerate(head):
        found.extend(_labelled_dates(head, index))
        if title is not None and token.line > title.line:
            bare = _unlabelled_date(token.norm[:_MAX_SCAN])
            if bare is not None:
                found.append((_RANK_PLAIN, index, bare, token))
    if not found:
        return None
    _, _, date, token = min(found, key=lambda item: item[:2])
    return DateMark(date=date, line=token.line, raw=token.raw)


# Ranks of the date labels (lower wins): 发布时间, then 时间/日期 or none, then 成文日期.
_RANK_PUBLISHED, _RANK_PLAIN, _RANK_DOCUMENT = 0, 1, 2
_LABELS = (
    ("label_published", _RANK_PUBLISHED),
    ("label_plain", _RANK_PLAIN),
    ("label_document", _RANK_DOCUMENT),
)
# Sorts after every line number: the head of a report without sections.
_AFTER = 1 << 62


def _labelled_dates(head: Sequence[Token], index: int) -> list[tuple[int, int, dt.date, Token]]:
    """The dates after a label on ``head[index]``; a label ending the line takes the next one."""
    text = head[index].norm[:_MAX_SCAN]
    out: list[tuple[int, int, dt.date, Token]] = []
    for key, rank in _LABELS:
        for label in _date_vocab(key).finditer(text):
            start = _date_vocab("separator").match(text, label.end())
            at = start.end() if start else label.end()
            value = _date_vocab("value").match(text, at)
            if value is not None:
                date = _date_of(value)
                if date is not None:
                    out.append((rank, index, date, head[index]))
            elif at == len(text) and index + 1 < len(head):
                after = head[index + 1]
                date = _whole_date(after.norm)
                if date is not None:
                    out.append((rank, index, date, after))
    return out


def _unlabelled_date(text: str) -> dt.date | None:
    """A date alone on its line (bracketed or bulleted), or on a metadata line.

    A metadata line has no sentence punctuation: a preface sentence that
    names its 来源 and the statistical period gives no publication date.
    """
    whole = _whole_date(text)
    if whole is not None:
        return whole
    if _date_vocab("metadata").search(text) and not _SENTENCE.search(text):
        value = _date_vocab("value").search(text)
        return _date_of(value) if value else None
    return None


def _whole_date(text: str) -> dt.date | None:
    """The date that is all of ``text`` but for brackets and bullets, else None."""
    if len(text) > _MAX_DATE_LINE:
        return None
    bare = text.strip(str(vocabulary().date["wrap"]))
    value = _date_vocab("value").fullmatch(bare)
    return _date_of(value) if value else None


def _date_of(value: re.Match[str]) -> dt.date | None:
    """The date a match of ``[date] value`` spells, if it is a real day."""
    month = value.group("month") or value.group("cmonth")
    day = value.group("day") or value.group("cday")
    try:
        return dt.date(int(value.group("year")), int(month), int(day))
    except ValueError:
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
    return tuple(t.id for t in all_templates() if _marker_re(t.id).search(text))


@cache
def _marker_re(template_id: str) -> re.Pattern[str]:
    """One search for any of a built-in template's markers, instead of one per marker per line.

    Cached by template id: a compiled regex of built-in data, one per format.
    """
    template = load_template(template_id)
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
