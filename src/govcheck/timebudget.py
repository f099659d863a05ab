"""Time budgets: per input file, so one hostile file cannot hold up a bulk run,
and (through :mod:`govcheck.engine.budget`) per user-pack rule.

Budgets nest: a rule's budget runs inside its file's. One interval timer
serves both; it is armed for the nearest deadline, and when it fires the
outermost expired budget is the one that ends, so a rule's budget can never
extend its file's.

The budget is a POSIX interval timer (``setitimer``) whose ``SIGALRM``
handler raises :class:`_Expired` in the thread that runs the file: the main
thread of the CLI process, or of each ``--jobs`` worker. It becomes one
:class:`~govcheck.errors.InputError` (``input.timeout``) for that file, and
the run goes on with the next.

Python delivers a signal between bytecodes, so a single long C call runs to
its end before the budget stops it. The calls that could be long are bounded
by other caps: a PDF's streams are measured in steps of at most 1 MiB before
PDFium reads it, and PDFium parses a page only under the caps on drawing
bytes, pages, glyphs and paths (:mod:`govcheck.load.pdfcaps`); reads stop at
32 MiB, and rule patterns are checked for catastrophic backtracking when
they are loaded.

:class:`_Expired` is a ``BaseException`` because readers catch
``Exception`` in places and would carry on. Where there
is no interval timer (Windows) or the caller is not the main thread (a
program using the API from threads), no budget applies.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from govcheck.errors import InputError

# Seconds per file unless --timeout says otherwise; a real report takes < 2 s.
DEFAULT_SECONDS = 60.0


class _Expired(BaseException):  # a signal, turned into an InputError
    """The file's time is up."""


# Active deadlines, outermost first: (monotonic deadline, what to raise).
_active: list[tuple[float, type[BaseException]]] = []


def available() -> bool:
    """Whether this thread can arm the timer (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(_signum: int, _frame: FrameType | None) -> None:
    now = time.monotonic()
    for deadline, raised in _active:
        if now >= deadline:
            raise raised
    _arm()  # fired a little early: wait for the nearest deadline again


def _arm() -> None:
    if _active:
        left = min(deadline for deadline, _ in _active) - time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def deadline(seconds: float, raised: type[BaseException]) -> Iterator[None]:
    """Raise ``raised`` in this block once ``seconds`` have passed; callers check :func:`available`.

    A timer armed by someone else before the outermost budget (a test
    runner's alarm) is put back afterwards with the time it had left.
    """
    outermost = not _active
    previous = signal.signal(signal.SIGALRM, _expire) if outermost else None
    foreign, _ = signal.getitimer(signal.ITIMER_REAL) if outermost else (0.0, 0.0)
    started = time.monotonic()
    _active.append((started + seconds, raised))
    _arm()
    try:
        yield
    finally:
        _active.pop()
        _arm()
        if outermost:
            signal.signal(signal.SIGALRM, previous)
            if foreign > 0:
                left = foreign - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


@contextmanager
def time_budget(seconds: float | None, path: str) -> Iterator[None]:
    """Run the block within ``seconds`` (None or 0: no limit), or raise ``input.timeout``."""
    if not seconds or seconds <= 0 or not available():
        yield
        return
    try:
        with deadline(seconds, _Expired):
            yield
    except _Expired:
        raise InputError("input.timeout", path=path, seconds=f"{seconds:g}") from None


__all__ = ["DEFAULT_SECONDS", "available", "deadline", "time_budget"]
