"""The file budget and the user-rule budget share one timer and nest.

A rule's budget runs inside its file's: it must never extend the file's
(a 5 s rule budget inside a file with 0.3 s left ends at 0.3 s, as the
file's timeout), and when the rule's budget ends first the file's budget
is still armed afterwards.
"""

from __future__ import annotations

import signal
import time

import pytest

from govcheck.engine import budget
from govcheck.errors import InputError
from govcheck.timebudget import time_budget

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs setitimer")


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_rule_budget_never_extends_its_files() -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as caught, time_budget(0.3, "r.txt"):
        budget.within_budget(lambda: spin(3), seconds=5)
    assert caught.value.key == "input.timeout"
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_file_budget_is_still_armed_after_a_rule_budget_ends() -> None:
    with pytest.raises(InputError) as caught, time_budget(0.6, "r.txt"):
        with pytest.raises(budget.RuleTimeout):
            budget.within_budget(lambda: spin(3), seconds=0.1)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining < 0.6
        spin(3)
    assert caught.value.key == "input.timeout"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_budgets_that_are_not_spent_leave_no_timer() -> None:
    with time_budget(5, "r.txt"):
        assert budget.within_budget(lambda: 7, seconds=5) == 7
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
