"""Year, issuer and page date on 50 real page heads meet the required accuracy.

The figures are docs/accuracy.md's heads section, which must be current.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_bench import bench_module

accuracy = bench_module("accuracy")


@pytest.fixture(scope="module")
def tallies(shared: Path) -> dict[str, Any]:
    heads = shared / "corpus" / "heads"
    if not (heads / "labels.tsv").is_file():
        pytest.skip("../shared/corpus/heads is not present")
    return accuracy.measure(heads)[0]


@pytest.fixture(scope="module")
def shared() -> Path:
    from tests.conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.mark.parametrize(
    ("field", "required"), [("year", 0.95), ("published", 0.95), ("issuer", 0.90)]
)
def test_required_accuracy(tallies: dict[str, Any], field: str, required: float) -> None:
    tally = tallies[field]
    assert tally.labelled >= 20  # the labels were read, not an empty file
    assert tally.share >= required, (tally.wrong, tally.missing)


def test_nothing_given_where_the_page_shows_nothing(tallies: dict[str, Any]) -> None:
    assert {name: t.unlabelled_given for name, t in tallies.items()} == {
        "year": [],
        "issuer": [],
        "published": [],
    }


def test_docs_heads_section_is_current(tallies: dict[str, Any]) -> None:
    text = accuracy.DOC.read_text(encoding="utf-8")
    assert accuracy.section(tallies) in text, f"docs/accuracy.md is stale: run {accuracy.COMMAND}"
