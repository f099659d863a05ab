"""A time budget per input file, so one hostile file cannot hold up a bulk run.

The budget is a POSIX interval timer (``setitimer``) whose ``SIGALRM``
handler raises :class:`_Expired` in the thread that runs the file: the main
thread of the CLI process, or of each ``--jobs`` worker. It becomes one
:class:`~govcheck.errors.InputError` (``input.timeout``) for that file, and
the run goes on with the next.

Python delivers a signal between bytecodes, so a single long C call runs to
its end before the budget stops it. The calls that could be long are bounded
by other caps: inflating is done in steps of at most 1 MiB
(:mod:`govcheck.load.pdfcaps`), reads stop at 32 MiB, the pages, glyphs and
paths of a PDF are counted as they are drawn, and rule patterns are checked
for catastrophic backtracking when they are loaded.

:class:`_Expired` is a ``BaseException`` because pdfminer, pdfplumber and
other readers catch ``Exception`` in places and would carry on. Where there
is no interval timer (Windows) or the caller is not the main thread (a
program using the API from threads), no budget applies.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from govcheck.errors import InputError

# Seconds per file unless --timeout says otherwise; a real report takes < 2 s.
DEFAULT_SECONDS = 60.0


class _Expired(BaseException):  # a signal, turned into an InputError
    """The file's time is up."""


def _expire(signum: int, frame: FrameType | None) -> None:
    raise _Expired


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None, path: str) -> Iterator[None]:
    """Run the block within ``seconds`` (None or 0: no limit), or raise ``input.timeout``."""
    if not seconds or seconds <= 0 or not _available():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise InputError("input.timeout", path=path, seconds=f"{seconds:g}") from None
    finally:
        signal.signal(signal.SIGALRM, previous)


__all__ = ["DEFAULT_SECONDS", "time_budget"]
