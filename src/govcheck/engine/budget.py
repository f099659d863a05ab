"""A time budget for the rules of user packs: a slow pattern costs seconds, never a hang.

The static check of :mod:`govcheck.engine.regex_safety` refuses the shapes
that backtrack *exponentially*, but not polynomial ones: ``\\d+\\d+\\d+\\d+\\d+X``
on one line of 120 digits runs for hours. A user pack comes from wherever
the configuration came from (a cloned repository), so each rule of a user
pack is evaluated on each file under a wall-clock budget; a rule that
exceeds it is *not assessable* on that file, with a note saying why, and the
run goes on. Built-in rules are trusted, checked and benchmarked: no budget.

Why a budget rather than a linear-time engine (RE2, which installs): the
claim kinds expand ``{NUM}``/``{PCT}`` into look-behind and look-ahead, which
RE2 does not have, so every user claim rule would be refused; and RE2's
``\\d``, ``\\w``, ``\\s``, ``\\b`` are ASCII-only, so a user pattern copied from a
built-in pack would silently match less Chinese text. The budget keeps one
regex dialect for every pack and bounds all of a user rule's work, not only
its patterns.

How: ``SIGALRM`` after the budget; the handler raises :class:`RuleTimeout`,
which ``re`` lets through because its matching loop checks for signals. A
signal handler can only be set in a process's main thread (the CLI and its
worker processes run rules there). Elsewhere (a library caller's thread, a
platform without ``setitimer``) the budget cannot be enforced, so a user rule
is not run at all and is not assessable, saying so: the promise is "bounded
or not run", never "unbounded".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from govcheck.timebudget import available, deadline

# Seconds one user rule may take on one file. Built-in rules take
# milliseconds on a large report; a linear user pattern over a 10 MB text
# takes well under a second.
BUDGET_SECONDS = 5.0

T = TypeVar("T")


class RuleTimeout(BaseException):
    """Raised inside a user rule when its budget is spent.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    in a rule kind can swallow it and keep running.
    """


class BudgetUnavailable(Exception):  # noqa: N818 - a condition, not an error
    """The budget cannot be enforced here (not the main thread, or no SIGALRM)."""


def can_enforce() -> bool:
    """Whether this thread can arm the budget's timer."""
    return available()


def budget_seconds() -> float:
    """The budget now (read at each call, so that a test can lower it)."""
    return BUDGET_SECONDS


def within_budget(work: Callable[[], T], seconds: float | None = None) -> T:
    """``work()``, or :class:`RuleTimeout` once it has run ``seconds`` (default: the budget).

    Raises :class:`BudgetUnavailable` without calling ``work`` where the
    timer cannot be armed. The budget nests inside the file's own
    (:mod:`govcheck.timebudget`), which it can never extend.
    """
    if not can_enforce():
        raise BudgetUnavailable
    with deadline(budget_seconds() if seconds is None else seconds, RuleTimeout):
        return work()
