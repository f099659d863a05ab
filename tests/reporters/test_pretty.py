"""The fast indented JSON writer is byte-for-byte the standard library's."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcheck import __version__
from govcheck.findings import FileResult, RunResult
from govcheck.reporters.json_report import render, to_record
from govcheck.reporters.pretty import pretty
from tests.reporters.test_reporters import RESULT

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=20,
)


def standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@given(VALUES)
def test_any_value_is_written_as_json_writes_it(value: Any) -> None:
    assert pretty(value) == standard(value)


@pytest.mark.parametrize(
    "value",
    [{}, [], "", 'quote " backslash \\ newline \n tab \t \x00 \u2028 示例', 10**30, -0.0, 1e-7],
)
def test_edge_values(value: Any) -> None:
    assert pretty(value) == standard(value)


@pytest.mark.parametrize("value", [{"set": {1}}, b"bytes", [object()]])
def test_what_json_cannot_write_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        standard(value)
    with pytest.raises(TypeError, match="not JSON serializable"):
        pretty(value)


def test_keys_other_than_strings_are_refused_rather_than_converted() -> None:
    with pytest.raises(TypeError, match="keys must be str"):
        pretty({1: "one"})


@pytest.mark.parametrize("files", [0, 1, 3])
def test_the_json_report_is_json_dump_of_the_record(files: int) -> None:
    result = RunResult(tuple(_copies(RESULT.files[0], files)), RESULT.rules)
    out = io.StringIO()
    render(result, out, "zh")
    assert out.getvalue() == standard(to_record(result)) + "\n"
    assert json.loads(out.getvalue())["govcheck"] == __version__


def _copies(file: FileResult, count: int) -> list[FileResult]:
    """``count`` files: equal status tuples shared, as the runner shares them, and one apart."""
    other = replace(file, path="other.txt", rules=file.rules[:1])
    return [file, other, *[file] * (count - 2)] if count > 2 else [file] * count
