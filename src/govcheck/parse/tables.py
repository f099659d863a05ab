"""Tables from cell-per-line text: every number mapped to its template cell.

Labelled tables (2 and 3) are read row by row: a line that is a template row
label opens a row, and the value lines after it are its cells, in the
template's column order. Table 4 has a single data row whose merged headers
lose cells in text form, so its numbers are mapped by position.

The mapper never guesses. A row with more or fewer numbers than the template
has columns, a repeated row, or numbers with no row label make the table
*unreadable*; rules over it are then not assessable.

Two non-numeric cells are recognised, each only where the text leaves no
doubt (otherwise the table stays unreadable, as before):

- a *text cell*: a row's value run is interrupted by exactly one short token
  that is no label of the table and no sentence (``不详``, ``未统计``), the row
  ends at a label or at the end of the section, and the numbers plus that
  token are exactly the row's column count;
- a *blank cell*: the table is written one cell per line with no blank
  separator lines, and every empty line inside it sits inside a row's (or
  table 4's) run of values that is short by exactly that many cells. In the
  seed's layout, with a blank line between all lines, an empty cell cannot
  be told from a separator, so no blank cell is ever read there.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cache
from itertools import groupby, pairwise
from typing import TypeAlias

from govcheck.i18n import Text
from govcheck.model import Cell, CellKind, Table, TableProblem, TableStatus, Token
from govcheck.parse.crawled import RunRow, is_run_row, read_runs
from govcheck.parse.normalize import norm, norm_label, split_ordinal, strip_label
from govcheck.parse.numbers import CellValue, parse_cell
from govcheck.parse.rows import split_rows
from govcheck.templates import Identity, RowSpec, TableSpec, all_templates, vocabulary

# How similar a misspelt row label must be to the template's (same ordinal only).
_FUZZY_RATIO = 0.8
# A text cell is a word or two (不详, 未统计), never a phrase.
_MAX_TEXT_CELL_LEN = 8
# How many numbers without a row a problem quotes.
_SHOWN_STRAY = 10
# How many fuzzy-matching results a row matcher remembers (a bulk run sees
# unlimited texts).
_FUZZY_MEMO = 4096

_Item: TypeAlias = tuple[Token, CellValue]


@dataclass(frozen=True, slots=True)
class ParsedTable:
    table: Table
    claimed: frozenset[int]
    # Positions (line, column) of the units the table consumed: on a flattened
    # line many units share one line, so prose is told apart by position.
    positions: frozenset[tuple[int, int]] = frozenset()


class RowMatcher:
    """Recognise a template row from a normalised label, tolerating typos."""

    def __init__(self, spec: TableSpec) -> None:
        self._exact = {norm_label(label): row for row in spec.row for label in row.labels}
        self._by_ordinal: dict[str, list[tuple[str, RowSpec]]] = {}
        for row in spec.row:
            ordinal, core = split_ordinal(norm_label(row.label))
            if ordinal:
                self._by_ordinal.setdefault(ordinal, []).append((core, row))
        self._fuzzy: dict[str, RowSpec | None] = {}

    def read(self, normalised: str) -> tuple[str, RowSpec | None]:
        """A token's label (from its ``norm``) and the row it names."""
        label = strip_label(normalised)
        return label, self.match(label)

    def exact(self, label: str) -> RowSpec | None:
        """The row whose label (or variant) this is exactly, or None."""
        return self._exact.get(label)

    def match(self, label: str) -> RowSpec | None:
        """The row whose label this is, or None."""
        if label in self._exact:
            return self._exact[label]
        if label not in self._fuzzy:
            if len(self._fuzzy) >= _FUZZY_MEMO:
                self._fuzzy.clear()
            self._fuzzy[label] = self._match_fuzzy(label)
        return self._fuzzy[label]

    def _match_fuzzy(self, label: str) -> RowSpec | None:
        """The misspelt row label's row, if one of the same ordinal is similar enough.

        Every non-label token of a table's section reaches here, and most of
        them recur across reports (units, headers, 0), so results are memoised.
        """
        ordinal, core = split_ordinal(label)
        scored = [
            (SequenceMatcher(None, core, known).ratio(), row)
            for known, row in self._by_ordinal.get(ordinal, [])
        ]
        best = max(scored, key=lambda pair: pair[0], default=None)
        return best[1] if best and best[0] >= _FUZZY_RATIO else None


@dataclass
class _Row:
    """A row being read: its values, at most one text token, and what closed it."""

    spec: RowSpec
    label: Token
    values: list[_Item] = field(default_factory=list)
    # The one short text token inside the run, and how many values preceded it.
    text: Token | None = None
    text_at: int = 0
    # The token that ended the row (None: the end of the section) and whether
    # it was a label of the table (a row, header or group label).
    end: Token | None = None
    ended_by_label: bool = True

    def close(self, token: Token | None, *, by_label: bool) -> None:
        """Record why the row ended."""
        self.end = token
        self.ended_by_label = by_label


def parse_table(spec: TableSpec, tokens: Sequence[Token], end_line: int = 0) -> ParsedTable:
    """Map the tokens of a table's section to the template cells of ``spec``.

    Whatever the form, the tokens become cells first (a tab- or
    space-separated row is cut into its cells, see :mod:`govcheck.parse.rows`),
    so one mapper reads them all. ``end_line`` is the line that ends the
    section (the next heading; 0 when unknown): the empty lines before it
    may be a cell-per-line table's blank trailing cells.
    """
    cells, cut = split_rows(tokens, _label_test(spec))
    if spec.layout == "positional":
        parsed = _parse_positional(spec, _drop_header_blanks(cells), end_line)
    else:
        parsed = _parse_labelled(spec, _join_wrapped(spec, _drop_merged_leads(cells)))
    positions = _positions(spec, cells, parsed.claimed)
    lines = {line for line, _ in positions}
    positions |= {t.position for t in cut if t.line in lines}
    return replace(parsed, positions=positions)


def _label_test(spec: TableSpec) -> Callable[[str], bool]:
    """Whether a normalised text is a row, header or group label of ``spec``."""
    return _views(spec).is_label


def _cores(spec: TableSpec, known: frozenset[str]) -> dict[str, RowSpec]:
    """Row labels without their ordinal (予以公开 for （一）予以公开), where that is certain.

    Converters drop ordinals. A bare core names a row only when no other row
    has the same core and it is no header, group or column label of the table.
    """
    taken = known | {norm_label(x) for c in spec.column for x in (c.label, c.short)}
    cores: dict[str, list[RowSpec]] = {}
    for row in spec.row:
        for label in row.labels:
            ordinal, core = split_ordinal(norm_label(label))
            if ordinal and core and core not in taken:
                cores.setdefault(core, []).append(row)
    return {core: rows[0] for core, rows in cores.items() if len({r.key for r in rows}) == 1}


def _drop_merged_leads(tokens: Sequence[Token]) -> list[Token]:
    """Without the empty cells that open a row before its label.

    In Word's copy the continuation cells of a vertically merged group label
    are empty cells at the start of each row it covers; they are positions,
    not values. A row whose first non-empty cell is a number keeps them.
    """
    out: list[Token] = []
    for _, group in groupby(tokens, key=lambda t: t.line):
        cells = list(group)
        first = next((i for i, t in enumerate(cells) if t.raw.strip()), len(cells))
        if len(cells) > 1 and 0 < first < len(cells) and parse_cell(cells[first].raw) is None:
            cells = cells[first:]
        out.extend(cells)
    return out


def _drop_header_blanks(tokens: Sequence[Token]) -> list[Token]:
    """Without the empty cells of lines that hold text but no number: header rows.

    A markdown or Word header row is as wide as the table, so it ends in
    empty cells; beside the data row's numbers they would read as values.
    """
    out: list[Token] = []
    for _, group in groupby(tokens, key=lambda t: t.line):
        cells = list(group)
        kinds = [parse_cell(t.raw) for t in cells]
        header = len(cells) > 1 and any(k is None for k in kinds)
        if header and all(k is None or k.kind is CellKind.BLANK for k in kinds):
            cells = [t for t, k in zip(cells, kinds, strict=True) if k is None]
        out.extend(cells)
    return out


def _join_wrapped(spec: TableSpec, tokens: Sequence[Token]) -> list[Token]:
    """Row labels wrapped over two lines joined into one token.

    Joined only when the second part is no value and no label by itself and
    the joined text is a row label of the table.
    """
    matcher, test = _matcher(spec), _label_test(spec)
    out: list[Token] = []
    for token in tokens:
        previous = out[-1] if out else None
        if previous is not None and _is_wrap(spec, matcher, test, previous, token):
            raw = previous.raw + token.raw
            out[-1] = Token(previous.line, raw, norm(raw), previous.column)
            continue
        out.append(token)
    return out


def _is_wrap(
    spec: TableSpec, matcher: RowMatcher, test: Callable[[str], bool], first: Token, second: Token
) -> bool:
    """Whether ``second`` continues the row label begun by ``first`` on an earlier line."""
    if second.line == first.line or not first.norm or not second.norm:
        return False
    if parse_cell(first.raw) is not None or parse_cell(second.raw) is not None:
        return False
    if test(second.norm):
        return False
    return matcher.exact(strip_label(first.norm + second.norm)) is not None


def _row_of(spec: TableSpec, matcher: RowMatcher, label: str) -> RowSpec | None:
    """The row ``label`` names (see :meth:`TableViews.row_of`)."""
    return _views(spec).row_of(label)


def _positions(
    spec: TableSpec, tokens: Sequence[Token], claimed: frozenset[int]
) -> frozenset[tuple[int, int]]:
    """The units the table consumed, by position.

    On a line with one unit (cell-per-line text) a claimed line is that unit.
    Where a line holds many units (a flattened page, an HTML row) only the
    units that are table material (row labels, values, headers) are claimed,
    so the prose around the table on the same line stays prose.
    """
    lines = [t.line for t in tokens]
    if len(set(lines)) == len(lines):  # one unit per line: the claimed lines' units
        return frozenset((t.line, t.column) for t in tokens if t.line in claimed)
    per_line = Counter(lines)
    known, matcher = _known_labels(spec), _matcher(spec)
    return frozenset(
        t.position
        for t in tokens
        if t.line in claimed and (per_line[t.line] == 1 or _is_table_unit(t, known, matcher))
    )


def _is_table_unit(token: Token, known: frozenset[str], matcher: RowMatcher) -> bool:
    label = strip_label(token.norm)
    return label in known or matcher.match(label) is not None or parse_cell(token.raw) is not None


def _matcher(spec: TableSpec) -> RowMatcher:
    """The template table's row matcher."""
    return _views(spec).matcher


def _row_columns(spec: TableSpec) -> Mapping[str, tuple[str, ...]]:
    """:meth:`TableSpec.row_columns` of every row by key."""
    return _views(spec).row_columns


def _known_labels(spec: TableSpec) -> frozenset[str]:
    """The table's header and group labels, normalised."""
    return _views(spec).known


def _header_labels(spec: TableSpec) -> frozenset[str]:
    """The table's header labels, normalised."""
    return _views(spec).headers


@dataclass(frozen=True, slots=True)
class TableViews:
    """What reading a template table derives from its spec, built once per template table."""

    spec: TableSpec
    matcher: RowMatcher
    known: frozenset[str]
    headers: frozenset[str]
    groups: tuple[str, ...]
    bare_cores: Mapping[str, RowSpec]
    row_columns: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, spec: TableSpec) -> TableViews:
        """Derive the views of ``spec`` (the labels normalised, the matcher built)."""
        known = frozenset(norm_label(x) for x in (*spec.headers, *spec.groups))
        return cls(
            spec=spec,
            matcher=RowMatcher(spec),
            known=known,
            headers=frozenset(norm_label(h) for h in spec.headers),
            groups=tuple(sorted((norm_label(g) for g in spec.groups), key=len, reverse=True)),
            bare_cores=_cores(spec, known),
            row_columns={row.key: spec.row_columns(row) for row in spec.row},
        )

    def is_label(self, normalised: str) -> bool:
        """Whether a normalised text is a row, header or group label of the table."""
        label = strip_label(normalised)
        return label in self.known or self.row_of(label) is not None

    def row_of(self, label: str) -> RowSpec | None:
        """The row ``label`` names, also after a group label sharing its cell."""
        row = self.matcher.match(label)
        if row is not None:
            return row
        for group in self.groups:
            if label.startswith(group) and len(label) > len(group):
                return self.matcher.match(label[len(group) :])
        return self.bare_cores.get(label)


@cache
def _builtin_views() -> tuple[TableViews, ...]:
    """The views of every built-in template table, built once per process.

    A pure function of no argument over built-in data: at most one entry.
    """
    return tuple(TableViews.of(spec) for template in all_templates() for spec in template.table)


def _views(spec: TableSpec) -> TableViews:
    """The views of a template table: the built-in ones are found, not rebuilt."""
    for views in _builtin_views():
        if views.spec is spec:
            return views
    return TableViews.of(spec)


def _parse_labelled(spec: TableSpec, tokens: Sequence[Token]) -> ParsedTable:
    matcher = _matcher(spec)
    known = _known_labels(spec)
    rows: dict[str, _Row] = {}
    problems: list[TableProblem] = []
    claimed: set[int] = set()
    stray: list[Token] = []
    repeats: list[_Row] = []
    current: _Row | None = None
    for token in tokens:
        label = strip_label(token.norm)
        row = _row_of(spec, matcher, label)
        if row is not None:
            claimed.add(token.line)
            _close(current, token, by_label=True)
            if row.key in rows and not rows[row.key].values:
                # A caption (a heading naming the row) and then the row itself.
                current = rows[row.key] = _Row(row, token)
                continue
            if row.key in rows:  # a repeat: a problem only if it has values of its own
                current = _Row(row, token)
                repeats.append(current)
                continue
            current = rows[row.key] = _Row(row, token)
            continue
        value = parse_cell(token.raw)
        if value is not None:
            claimed.add(token.line)
            if current is not None:
                current.values.append((token, value))
            else:
                stray.append(token)
            continue
        if label in known:
            claimed.add(token.line)
            _close(current, token, by_label=True)
            current = None
            continue
        if current is not None and _continues_label(matcher, current, token):
            claimed.add(token.line)
            continue
        if current is not None and current.text is None and _may_be_text(label):
            current.text, current.text_at = token, len(current.values)
            continue
        _close(current, token, by_label=False)
        current = None
    _close(current, None, by_label=True)
    repeated = {r.spec.key for r in repeats if r.values}
    problems += [
        _problem(r.label, "table.duplicate_row", spec, row=r.label.raw) for r in repeats if r.values
    ]
    return _finish_labelled(spec, tokens, rows, problems, stray, claimed, repeated)


def _continues_label(matcher: RowMatcher, row: _Row, token: Token) -> bool:
    """Whether ``token`` is the wrapped end of the row's label, printed after its numbers.

    PDF layout text puts a long label's second line below the row's numbers.
    """
    if token.line == row.label.line:
        return False
    return matcher.exact(strip_label(row.label.norm + token.norm)) is row.spec


def _close(row: _Row | None, token: Token | None, *, by_label: bool) -> None:
    if row is not None:
        row.close(token, by_label=by_label)


@cache
def _template_labels() -> frozenset[str]:
    """Every label of every table of both formats, normalised: never a text cell."""
    labels: set[str] = set()
    for spec in (t for template in all_templates() for t in template.table):
        labels.update(norm_label(x) for x in (*spec.headers, *spec.groups))
        labels.update(norm_label(x) for row in spec.row for x in (*row.labels, row.short))
        labels.update(norm_label(x) for c in spec.column for x in (c.label, c.short))
    return frozenset(labels)


@cache
def _units() -> frozenset[str]:
    """The units a number may carry (个, 件, 万元), normalised."""
    return frozenset(norm_label(u) for u in vocabulary().values["units"])


def _may_be_text(label: str) -> bool:
    """Whether a non-value token is short word(s) that may stand in a numeric cell.

    Labels of any table of either format, anything with an ordinal (``1.``,
    ``(三)``) and anything with sentence punctuation (Unicode category Po:
    。，；：、 and their ASCII forms) are excluded: those end a row, as before.
    """
    if not label or len(label) > _MAX_TEXT_CELL_LEN or label in _template_labels():
        return False
    if label in _units():  # a number's unit cut off from it (flattened text), never a cell
        return False
    if split_ordinal(label)[0]:
        return False
    return not any(unicodedata.category(ch) == "Po" for ch in label)


def _finish_labelled(
    spec: TableSpec,
    tokens: Sequence[Token],
    rows: dict[str, _Row],
    problems: list[TableProblem],
    stray: list[Token],
    claimed: set[int],
    repeated: set[str],
) -> ParsedTable:
    """The table from its rows: every row read in full keeps its cells.

    A row that cannot be read (a wrong count of values, a repeated label)
    leaves only its own cells unread; the table is partial, and unreadable
    only when no row at all could be read.
    """
    if not rows:
        if stray:
            problem = _problem(stray[0], "table.no_labels", spec, count=len(stray))
            return ParsedTable(_unreadable(spec, stray[0].line, [problem]), frozenset(claimed))
        return ParsedTable(Table(spec=spec, status=TableStatus.ABSENT, line=0), frozenset())
    unread = set(repeated)
    problems += _stray_problems(spec, stray)
    items = _row_items(spec, rows, tokens, claimed)
    row_columns = _row_columns(spec)
    cells: dict[tuple[str, str], Cell] = {}
    runs: list[RunRow] = []
    for key, row in rows.items():
        if key in unread:
            continue
        columns = row_columns[key]
        found = _without_trailing_blanks(items[key], len(columns))
        if len(found) != len(columns):
            if spec.identity and is_run_row(found, len(columns)):
                runs.append(RunRow(found[0][0], tuple((key, c) for c in columns), row.label))
            else:
                problems.append(_row_problem(spec, row, found, len(columns)))
            unread.add(key)
            continue
        _put_cells(spec, key, zip(columns, found, strict=True), cells, claimed)
    used = _read_runs(spec, runs, cells, problems, unread)
    first = min(r.label.line for r in rows.values())
    missing = tuple(r.key for r in spec.row if r.key not in rows)
    order = tuple(r.key for r in spec.row if r.key in unread)
    table = _table(spec, first, cells, problems, missing, order, used)
    return ParsedTable(table, frozenset(claimed))


def _read_runs(
    spec: TableSpec,
    runs: list[RunRow],
    cells: dict[tuple[str, str], Cell],
    problems: list[TableProblem],
    unread: set[str],
) -> tuple[Identity, ...]:
    """Rows whose digits ran together: read by the identities, or one problem each."""
    if not runs:
        return ()
    outcome = read_runs(spec, cells, runs)
    if outcome.problem_key:
        for run in runs:
            assert run.label is not None
            problems.append(
                _problem(
                    run.label,
                    outcome.problem_key,
                    spec,
                    row=run.label.raw.strip(),
                    values=run.token.raw.strip(),
                    expected=len(run.slots),
                )
            )
        return ()
    for (row, column), (token, value) in outcome.cells.items():
        cells[(row, column)] = _cell(spec, row, column, token, value)
    unread.difference_update(run.slots[0][0] for run in runs)
    return outcome.used


def _stray_problems(spec: TableSpec, stray: list[Token]) -> list[TableProblem]:
    """Numbers that no row label precedes: a row whose label was not recognised.

    Their cells cannot be placed, so the table was not read in full. Blank
    and placeholder cells (empty or ``-`` header cells) are no numbers.
    """
    numbers = [t for t in stray if (v := parse_cell(t.raw)) and v.kind is CellKind.NUMBER]
    if not numbers:
        return []
    shown = " ".join(t.raw.strip() for t in numbers[:_SHOWN_STRAY])
    more = f" …(+{len(numbers) - _SHOWN_STRAY})" if len(numbers) > _SHOWN_STRAY else ""
    return [
        _problem(numbers[0], "table.stray_values", spec, count=len(numbers), values=shown + more)
    ]


def _without_trailing_blanks(found: list[_Item], expected: int) -> list[_Item]:
    """A row's items without the empty cells past its last column.

    Markdown and Word rows run to the width of the widest row, so a short row
    (table 2's one-number rows) ends in empty cells that belong to no column.
    Only blanks beyond the row's column count are dropped.
    """
    end = len(found)
    while end > expected and found[end - 1][1].kind is CellKind.BLANK:
        end -= 1
    return found[:end]


def _row_problem(spec: TableSpec, row: _Row, found: list[_Item], expected: int) -> TableProblem:
    """Why a row is unread: the text seen and the values counted in it."""
    numbers = [token.raw.strip() for token, value in found if value.kind is not CellKind.BLANK]
    shown = " ".join(token.raw.strip() or "∅" for token, _ in found) or "∅"
    return _problem(
        row.label,
        "table.row_count",
        spec,
        row=row.label.raw.strip(),
        found=len(found),
        numbers=len(numbers),
        expected=expected,
        values=shown,
    )


def _table(
    spec: TableSpec,
    line: int,
    cells: dict[tuple[str, str], Cell],
    problems: list[TableProblem],
    missing: tuple[str, ...],
    unread: tuple[str, ...],
    read_by: tuple[Identity, ...] = (),
) -> Table:
    """READ without problems, PARTIAL with some cells, UNREADABLE without any."""
    if not problems:
        return Table(spec, TableStatus.READ, line, cells, missing_rows=missing, read_by=read_by)
    if not cells:
        return _unreadable(spec, line, problems)
    return Table(
        spec,
        TableStatus.PARTIAL,
        line,
        cells,
        problems=tuple(problems),
        missing_rows=missing,
        unread_rows=unread,
        read_by=read_by,
    )


def _put_cells(
    spec: TableSpec,
    row: str,
    items: Iterable[tuple[str, _Item]],
    cells: dict[tuple[str, str], Cell],
    claimed: set[int],
) -> None:
    """Add a row's cells by column; a text cell's line becomes table material."""
    for column, (token, value) in items:
        cells[(row, column)] = _cell(spec, row, column, token, value)
        if value.kind is CellKind.TEXT:
            claimed.add(token.line)


def _row_items(
    spec: TableSpec, rows: dict[str, _Row], tokens: Sequence[Token], claimed: set[int]
) -> dict[str, list[_Item]]:
    """Each row's cells: its values, with a text or blank cells only where certain."""
    items: dict[str, list[_Item]] = {}
    short: dict[str, _Row] = {}
    row_columns = _row_columns(spec)
    for key, row in rows.items():
        expected = len(row_columns[key])
        items[key] = _with_text(row, expected)
        if len(items[key]) < expected and row.text is None:
            short[key] = row
    items.update(_with_blanks(spec, short, tokens, claimed))
    return items


def _with_text(row: _Row, expected: int) -> list[_Item]:
    """The row's values with its text token as a TEXT cell, if that makes it complete.

    Otherwise the row ends where the text began, as it always did.
    """
    if row.text is None:
        return list(row.values)
    if row.ended_by_label and len(row.values) + 1 == expected:
        cell = (row.text, CellValue(CellKind.TEXT))
        return [*row.values[: row.text_at], cell, *row.values[row.text_at :]]
    return list(row.values[: row.text_at])


def _with_blanks(
    spec: TableSpec, short: dict[str, _Row], tokens: Sequence[Token], claimed: set[int]
) -> dict[str, list[_Item]]:
    """Short rows completed by the empty lines inside their runs, or nothing.

    Accepted only if every empty line between the table's first and last
    claimed lines falls inside such a run and fills exactly the cells missing.
    """
    filled: dict[str, list[_Item]] = {}
    used: set[int] = set()
    for key, row in short.items():
        closing = row.end if row.end is not None and row.ended_by_label else None
        items, blanks = _fill_gaps(row.label, row.values, closing)
        if len(items) != len(spec.row_columns(row.spec)):
            return {}
        filled[key] = items
        used |= blanks
    if not filled or used != _empty_lines(tokens, claimed):
        return {}
    return filled


def _fill_gaps(
    before: Token, values: Sequence[_Item], closing: Token | None
) -> tuple[list[_Item], set[int]]:
    """``values`` with a BLANK cell for every empty line before, between or after them."""
    items: list[_Item] = []
    blanks: set[int] = set()
    previous = before
    for token, value in values:
        for line in range(previous.line + 1, token.line):
            items.append((Token(line, "", ""), CellValue(CellKind.BLANK)))
            blanks.add(line)
        items.append((token, value))
        previous = token
    if closing is not None:
        for line in range(previous.line + 1, closing.line):
            items.append((Token(line, "", ""), CellValue(CellKind.BLANK)))
            blanks.add(line)
    return items, blanks


def _empty_lines(tokens: Iterable[Token], claimed: set[int]) -> set[int]:
    """The empty lines between the table's first and its last claimed line."""
    if not claimed:
        return set()
    low, high = min(claimed), max(claimed)
    inside = [t.line for t in tokens if low <= t.line <= high]
    return {n for a, b in pairwise(inside) for n in range(a + 1, b)}


def _parse_positional(spec: TableSpec, tokens: Sequence[Token], end_line: int) -> ParsedTable:
    """Map one run of numbers row-major onto the template's rows × columns.

    When the numbers do not fill the table, a cell-per-line table whose
    empty lines are its blank cells is read where the layout leaves no
    doubt: all its empty lines up to the section's end are cells, or else
    the rows wholly before the first empty line are read and the rest unread.
    """
    headers = _header_labels(spec)
    claimed = {t.line for t in tokens if strip_label(t.norm) in headers}
    runs, before = _value_runs(tokens)
    if not runs:
        return ParsedTable(Table(spec=spec, status=TableStatus.ABSENT, line=0), frozenset())
    slots = [(r.key, c) for r in spec.row for c in spec.row_columns(r)]
    values = runs[0] if len(runs[0]) == len(slots) else [v for run in runs for v in run]
    claimed.update(token.line for token, _ in values)
    if len(values) != len(slots) and len(runs) == 1 and before is not None:
        values = _filled(tokens, claimed, before, runs[0], len(slots), end_line) or values
    first = runs[0][0][0]
    if len(values) == len(slots):
        cells = _cells_of(spec, slots, values)
        return ParsedTable(Table(spec, TableStatus.READ, first.line, cells), frozenset(claimed))
    if spec.identity and len(runs) == 1 and is_run_row(runs[0], len(slots)):
        return ParsedTable(_positional_run(spec, slots, first), frozenset(claimed))
    problem = _problem(
        first,
        "table.value_count",
        spec,
        found=len(runs[0]),
        expected=len(slots),
        values=" ".join(token.raw.strip() or "∅" for token, _ in runs[0]),
    )
    known = _leading_rows(spec, runs[0]) if len(runs) == 1 and _dense(tokens, runs[0]) else 0
    if not known:
        return ParsedTable(_unreadable(spec, first.line, [problem]), frozenset(claimed))
    cells = _cells_of(spec, slots[:known], runs[0][:known])
    unread = tuple(r.key for r in spec.row if (r.key, spec.row_columns(r)[0]) not in cells)
    table = Table(
        spec,
        TableStatus.PARTIAL,
        first.line,
        cells,
        problems=(problem,),
        unread_rows=unread,
    )
    return ParsedTable(table, frozenset(claimed))


def _positional_run(spec: TableSpec, slots: Sequence[tuple[str, str]], run: Token) -> Table:
    """Table 4 as one token of run-together digits: read by its group totals, or not at all."""
    outcome = read_runs(spec, {}, [RunRow(run, tuple(slots))])
    if outcome.problem_key:
        values = {"row": Text(spec.name, spec.name_en), "values": run.raw.strip()}
        problem = _problem(run, outcome.problem_key, spec, expected=len(slots), **values)
        return _unreadable(spec, run.line, [problem])
    cells = {
        (row, column): _cell(spec, row, column, token, value)
        for (row, column), (token, value) in outcome.cells.items()
    }
    return Table(spec, TableStatus.READ, run.line, cells, read_by=outcome.used)


def _cells_of(
    spec: TableSpec, slots: Sequence[tuple[str, str]], values: Sequence[_Item]
) -> dict[tuple[str, str], Cell]:
    return {
        (row, column): _cell(spec, row, column, token, value)
        for (row, column), (token, value) in zip(slots, values, strict=True)
    }


def _filled(
    tokens: Sequence[Token],
    claimed: set[int],
    before: Token,
    run: Sequence[_Item],
    size: int,
    end_line: int,
) -> list[_Item] | None:
    """The run with its empty lines as blank cells, if that fills the table exactly.

    First the empty lines inside the table, as always; then also those up to
    the section's end, when nothing but empty lines follows the last value.
    """
    items, blanks = _fill_gaps(before, run, None)
    inside = _empty_lines(tokens, claimed)
    if len(items) == size and blanks == inside:
        return items
    last = run[-1][0].line
    if not end_line or any(t.line > last for t in tokens) or not _dense(tokens, run):
        return None
    items, blanks = _fill_gaps(before, run, Token(end_line, "", ""))
    if len(items) == size and blanks == inside | set(range(last + 1, end_line)):
        return items
    return None


def _dense(tokens: Sequence[Token], run: Sequence[_Item]) -> bool:
    """Whether the table is written one cell per line without separator lines.

    Its lines from the first header to the first value follow each other, so
    an empty line below can only be an empty cell.
    """
    if len({t.line for t in tokens}) != len(tokens):
        return False
    lines = [t.line for t in tokens if t.line <= run[0][0].line]
    return bool(lines) and lines == list(range(lines[0], lines[0] + len(lines)))


def _leading_rows(spec: TableSpec, run: Sequence[_Item]) -> int:
    """How many values of whole rows come before the run's first gap (an empty line)."""
    count = 1
    for (a, _), (b, _) in pairwise(run):
        if b.line != a.line + 1:
            break
        count += 1
    read = 0
    for row in spec.row:
        width = len(spec.row_columns(row))
        if read + width > count:
            break
        read += width
    return read


def _value_runs(tokens: Sequence[Token]) -> tuple[list[list[_Item]], Token | None]:
    """Runs of consecutive value tokens, and the token just before the first run."""
    runs: list[list[_Item]] = []
    before: Token | None = None
    previous: Token | None = None
    previous_was_value = False
    for token in tokens:
        value = parse_cell(token.raw)
        if value is not None:
            if not previous_was_value:
                if not runs:
                    before = previous
                runs.append([])
            runs[-1].append((token, value))
        previous_was_value = value is not None
        previous = token
    # A run of nothing but blank cells (empty header cells of a converted table)
    # carries no data; it must not be taken for the table's numbers.
    data = [run for run in runs if any(v.kind is not CellKind.BLANK for _, v in run)]
    if runs and data and data[0] is not runs[0]:
        before = None
    return data, before


def _cell(spec: TableSpec, row: str, column: str, token: Token, value: CellValue) -> Cell:
    # Positional: one call per cell of every table, and keywords cost more.
    return Cell(
        spec.id,
        row,
        column,
        token.raw,
        value.kind,
        value.value,
        value.unit,
        token.line,
        token.column,
    )


def _unreadable(spec: TableSpec, line: int, problems: list[TableProblem]) -> Table:
    return Table(spec=spec, status=TableStatus.UNREADABLE, line=line, problems=tuple(problems))


def _problem(token: Token, key: str, spec: TableSpec, **values: object) -> TableProblem:
    return TableProblem(
        line=token.line,
        key=key,
        values={"table": Text(spec.name, spec.name_en), **values},
        column=token.column,
    )


__all__ = ["CellKind", "ParsedTable", "RowMatcher", "parse_table"]
