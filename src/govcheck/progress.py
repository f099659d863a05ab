"""A progress bar on stderr for long runs at a terminal.

2,000 reports take a minute or more; without a sign of life a run looks
hung. The bar shows files done of all, the rate and the time left. It is
drawn only when stderr is a terminal (never in a pipe, a log or CI), never
under ``--quiet``, and only for more than :data:`MIN_FILES` files: a
single report is done before a bar would be worth drawing. rich is
imported only when a bar is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO, TypeVar

from govcheck.i18n import Lang, text

if TYPE_CHECKING:
    from rich.progress import Task
    from rich.text import Text

T = TypeVar("T")
MIN_FILES = 5


def wanted(stream: TextIO, files: int, quiet: bool) -> bool:
    """Whether a run over ``files`` files draws a bar on ``stream``."""
    isatty = getattr(stream, "isatty", None)
    return not quiet and files > MIN_FILES and isatty is not None and bool(isatty())


def tracked(items: Iterable[T], total: int, stream: TextIO, lang: Lang) -> Iterator[T]:
    """``items``, advancing a bar on ``stream`` as each one arrives; the bar is removed after."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _Rate(ProgressColumn):
        """Files per second (rich's own speed column counts bytes)."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f}/s" if speed else "-/s")

    columns = (
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(text("ui.progress", lang)),
        _Rate(),
        TimeRemainingColumn(),
    )
    console = Console(file=stream, stderr=True)
    live = Progress(
        *columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False
    )
    with live as bar:
        task = bar.add_task("lint", total=total)
        for item in items:
            yield item
            bar.advance(task)
