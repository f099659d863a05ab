"""Tables 2–4 of a report as real HTML tables, with failing cells marked.

The grid comes from the format's template, not from the report, so a cell
the report lacks shows as missing in its proper place. Rows that share the
same columns form one block with its own header row: table 2 stacks blocks
with different columns (规章 … / 行政许可 … / 行政事业性收费), tables 3 and
4 are one block each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govcheck.findings import Finding
from govcheck.i18n import Lang, Text, text
from govcheck.linted import LintedTable
from govcheck.model import Cell, CellKind, TableStatus
from govcheck.reporters.html_markup import (
    cell_id,
    classes,
    element,
    esc,
    finding_id,
    line_id,
)
from govcheck.reporters.html_source import CellMark, Shown, cell_anchor
from govcheck.templates import RowSpec, TableSpec

# A table's cells by (row, column), as read.
_Cells = Mapping[tuple[str, str], Cell]


def render_tables(
    file_id: str,
    shown: Shown,
    findings: Sequence[Finding],
    marks: Mapping[str, CellMark],
    lang: Lang,
) -> str:
    """Every table of the document's format, or a note saying why there are none."""
    template = shown.template
    if template is None:
        return element("p", esc(text("html.no_template", lang)), class_="gc-note")
    view = _View(file_id, findings, marks, lang)
    out = []
    for table in shown.tables:
        spec = template.table_spec(table.id)
        if spec is not None:
            out.append(view.table(spec, table))
    return "".join(out)


class _View:
    """What every table of one file needs to render: ids, findings, marks, language."""

    def __init__(
        self, file_id: str, findings: Sequence[Finding], marks: Mapping[str, CellMark], lang: Lang
    ) -> None:
        self.file_id = file_id
        self.findings = findings
        self.marks = marks
        self.lang = lang

    def table(self, spec: TableSpec, table: LintedTable) -> str:
        """One table: caption, status note and grid (only a read table has a grid)."""
        name = Text(spec.name, spec.name_en).render(self.lang)
        caption = esc(name)
        if table.line:
            caption += " " + self._line_link(table.line)
        body = element("h4", caption)
        if table.status is TableStatus.ABSENT:
            body += element(
                "p", esc(text("html.table_absent", self.lang, table=name)), class_="gc-note"
            )
        elif table.status is TableStatus.UNREADABLE:
            body += self._problems(table, name)
        else:
            cells = {(c.row, c.column): c for c in table.cells}
            if table.status is TableStatus.PARTIAL:  # the rows read, and why the others are not
                body += self._problems(table, name, "html.table_partial")
            body += self._grid(spec, cells)
        return element("div", body, class_="gc-table", id=f"{self.file_id}-{spec.id}")

    def _problems(self, table: LintedTable, name: str, key: str = "html.table_unreadable") -> str:
        items = "".join(
            element("li", f"{self._line_link(line)} {esc(message)}")
            for line, message in table.problems
        )
        note = element("p", esc(text(key, self.lang, table=name)))
        return element("div", note + element("ul", items), class_="gc-note gc-unreadable")

    def _grid(self, spec: TableSpec, cells: _Cells) -> str:
        rows = "".join(self._block(spec, cells, columns, block) for columns, block in _blocks(spec))
        return element("table", rows, class_="gc-grid", data_table=spec.id)

    def _block(
        self, spec: TableSpec, cells: _Cells, columns: tuple[str, ...], rows: Sequence[RowSpec]
    ) -> str:
        corner = element("th", esc(text("html.item", self.lang)), scope="col")
        heads = "".join(
            element("th", esc(self._column_label(spec, key)), scope="col") for key in columns
        )
        out = element("tr", corner + heads, class_="gc-head")
        group = ""
        for row in rows:
            if self.lang == "zh" and _group(spec, row) not in ("", group):
                group = _group(spec, row)
                span = len(columns) + 1
                head = element("th", esc(group), colspan=span, scope="rowgroup")
                out += element("tr", head, class_="gc-group")
            label = element("th", esc(self._row_label(row)), scope="row")
            shown = "".join(
                self._cell(spec.id, cells.get((row.key, key)), row.key, key) for key in columns
            )
            out += element("tr", label + shown, data_row=row.key)
        return out

    def _cell(self, table: str, cell: Cell | None, row: str, column: str) -> str:
        anchor = f"{table}.{row}.{column}"
        mark = self.marks.get(anchor, CellMark())
        status = "gc-fail" if mark.failing else ("gc-related" if mark.related else None)
        severity = self._severity(mark.failing) if mark.failing else None
        return element(
            "td",
            self._value(cell) + self._badges(mark),
            id=cell_id(self.file_id, anchor),
            class_=classes("gc-cell", _kind_class(cell), status, severity),
            data_anchor=anchor,
            data_line=cell.line if cell else None,
            title=self._title(mark) or None,
        )

    def _value(self, cell: Cell | None) -> str:
        if cell is None:
            return element("span", esc(text("html.missing_cell", self.lang)), class_="gc-missing")
        if cell.kind is CellKind.BLANK:
            shown = element("span", esc(text("html.blank_cell", self.lang)), class_="gc-blank")
        else:
            shown = esc(cell.raw)
        href = "#" + line_id(self.file_id, cell.line)
        return element("a", shown, href=href, class_="gc-value", data_cell=cell_anchor(cell))

    def _badges(self, mark: CellMark) -> str:
        """Small links from the cell to each finding that concerns it."""
        badges = [
            element(
                "a",
                esc(self.findings[i - 1].rule),
                href="#" + finding_id(self.file_id, i),
                class_=classes("gc-badge", "gc-badge-related" if i in mark.related else None),
            )
            for i in sorted({*mark.failing, *mark.related})
        ]
        return element("span", "".join(badges), class_="gc-badges") if badges else ""

    def _title(self, mark: CellMark) -> str:
        """The tooltip: every finding's text, failing ones first."""
        lines = [self._finding_text(i) for i in mark.failing]
        lines += [
            text("html.related_to", self.lang, text=self._finding_text(i)) for i in mark.related
        ]
        return "\n".join(lines)

    def _finding_text(self, index: int) -> str:
        finding = self.findings[index - 1]
        return text(
            "html.finding_text",
            self.lang,
            rule=finding.rule,
            name=finding.name,
            message=finding.message,
        )

    def _severity(self, indexes: Sequence[int]) -> str:
        worst = max((self.findings[i - 1].severity for i in indexes), key=lambda s: s.rank)
        return f"gc-sev-{worst.value}"

    def _line_link(self, line: int) -> str:
        label = esc(text("ui.line", self.lang, line=line))
        return element("a", label, href="#" + line_id(self.file_id, line), class_="gc-line-link")

    def _row_label(self, row: RowSpec) -> str:
        return row.short_en if self.lang == "en" else row.label

    def _column_label(self, spec: TableSpec, key: str) -> str:
        column = spec.column_spec(key)
        return column.short_en if self.lang == "en" else column.label


def _blocks(spec: TableSpec) -> list[tuple[tuple[str, ...], list[RowSpec]]]:
    """Consecutive rows with the same columns, grouped, in template order."""
    blocks: list[tuple[tuple[str, ...], list[RowSpec]]] = []
    for row in spec.row:
        columns = spec.row_columns(row)
        if blocks and blocks[-1][0] == columns:
            blocks[-1][1].append(row)
        else:
            blocks.append((columns, [row]))
    return blocks


def _group(spec: TableSpec, row: RowSpec) -> str:
    """The merged row header a row sits under, as printed (``（三）不予公开``), or "".

    The template says it only through the short name, which is the group's
    name followed by the row's label (``不予公开1.属于国家秘密``).
    """
    if row.short == row.label or not row.short.endswith(row.label):
        return ""
    prefix = row.short[: -len(row.label)]
    return next((g for g in spec.groups if g.endswith(prefix)), prefix)


def _kind_class(cell: Cell | None) -> str:
    return "gc-kind-missing" if cell is None else f"gc-kind-{cell.kind.value}"
