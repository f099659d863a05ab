"""govcheck.check keeps no state between calls: memory stays flat over 10,000 of them.

A long-running server or a Dask worker calls ``check`` for ever, each time
with a configuration that may be new. Before derived data had one home, every
rule copied for a configuration's severity was kept alive by identity-keyed
memos (about 38 blocks a call). The report is cut down to the title and
section 四 (table 4), so that a call stays short but the table rules still run.

Runs 10,000 calls: about 30 s of CPU (longer on a shared machine).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import govcheck
from govcheck.findings import RuleStatus
from tests.conftest import EXAMPLES

CALLS = 10_000
WARM_UP = 500
# Blocks that may appear after the warm-up (interned strings, a regex met late):
# one object kept per call would be CALLS - WARM_UP blocks at least.
MAX_GROWTH = 2_000
SEVERITIES = ("error", "warning", "info")


def _small_report() -> bytes:
    """The title lines and section 四 with table 4 of a 2021-format example."""
    lines = (EXAMPLES / "f2021-department-2023.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    end = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    return "\n".join([*lines[:2], *lines[start:end]]).encode()


def test_memory_is_flat_over_ten_thousand_calls_with_fresh_configurations(tmp_path: Path) -> None:
    report = _small_report()
    first = govcheck.check(report, name="r.txt")
    assert first.format == "2021"
    assert {r.id: r.status for r in first.rules}["GC304"] is RuleStatus.PASS
    base = 0
    for i in range(CALLS):
        config = tmp_path / f"{i}.toml"
        config.write_text(
            f'[severity]\nGC304 = "{SEVERITIES[i % 3]}"\nGC502 = "{SEVERITIES[(i + 1) % 3]}"\n',
            encoding="utf-8",
        )
        result = govcheck.check(report, name="r.txt", config=config)
        config.unlink()
        severity = {r.id: r.severity for r in result.rules}["GC304"]
        assert severity == SEVERITIES[i % 3]  # each call applies its own configuration
        if i == WARM_UP:
            gc.collect()
            base = sys.getallocatedblocks()
    gc.collect()
    growth = sys.getallocatedblocks() - base
    assert growth < MAX_GROWTH, f"{growth} blocks kept over {CALLS - WARM_UP} calls"
