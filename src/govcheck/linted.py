"""What a run linted, kept for the one reporter that shows it (``--format html``).

The HTML page shows each report's text and tables with the findings marked
on them. It must show exactly what the rules saw: standard input, or an
editor's unsaved buffer, is not the file of the same name on disk. So the
run keeps a snapshot of the loaded text and the parsed tables beside the
findings, and reporters never read a file.

The snapshot is plain values (strings, numbers, enums and frozen
dataclasses of them), so it crosses the ``--jobs`` process pool like the
findings do. The template is kept by id and looked up again: it is package
data, the same in every process. Runs keep the snapshot only when the HTML
page is asked for (:attr:`govcheck.api.Options.keep_source`), so no other
format holds every report's text in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.model import Cell, TableStatus


@dataclass(frozen=True, slots=True)
class LintedUnit:
    """One unit the loader read: a line of prose, a table cell, a block of a web page."""

    text: str
    line: int
    column: int = 1


@dataclass(frozen=True, slots=True)
class LintedTable:
    """A parsed table: its cells as read, and its problems already in the run's language."""

    id: str
    status: TableStatus
    line: int
    cells: tuple[Cell, ...] = ()
    problems: tuple[tuple[int, str], ...] = ()  # (line, message)


@dataclass(frozen=True, slots=True)
class Linted:
    """The text and tables that one file's findings are about.

    ``lines`` are the loaded lines as written; ``units`` are the loader's
    units (empty for plain text, whose units are its non-blank lines);
    ``form`` is the loader's form (``text``, ``html``, ...); ``template`` is
    the format's template id, or None when the format was not recognised.
    """

    form: str
    lines: tuple[str, ...]
    units: tuple[LintedUnit, ...] = ()
    template: str | None = None
    tables: tuple[LintedTable, ...] = ()

    def reading_units(self) -> tuple[LintedUnit, ...]:
        """The units, or one unit per non-blank line for plain text (as the loader does)."""
        if self.units:
            return self.units
        return tuple(LintedUnit(raw, n) for n, raw in enumerate(self.lines, 1) if raw.strip())
