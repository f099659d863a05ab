"""The process pool keeps a bounded number of chunks in flight (``api._windowed``).

``pool.map`` submits every file at once; when the consumer is slower than the
workers (the dashboard renders a page per result), finished results piled up:
547 MB for 10,000 reports. The window bounds them, and the order stays the input's.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

import pytest

from govcheck import api


class Recorder(Executor):
    """Runs each task at once and counts the submissions."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def test_at_most_two_chunks_per_worker_are_submitted_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api, "_work_chunk", lambda targets, befores: list(targets))
    pool = Recorder()
    targets: Any = list(range(1_000))
    outcomes: Any = api._windowed(pool, targets, [None] * 1_000, 10, 2)
    assert next(outcomes) == 0
    assert pool.submitted == 2 * api._WINDOW_PER_JOB == 4
    rest = list(outcomes)
    assert [0, *rest] == list(range(1_000))
    assert pool.submitted == 100
