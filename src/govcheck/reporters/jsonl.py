"""``--format jsonl``: one JSON object per file, one file per line.

For huge runs: a consumer reads line by line (``jq -c``, ``pandas.read_json(
lines=True)``, DuckDB's ``read_json``) without parsing one large document,
and outputs of separate runs (or of :func:`govcheck.check` mapped over a
corpus) concatenate into one valid file. Each object has the per-file shape
of ``--format json`` plus the govcheck version and the file's own counts.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from govcheck import __version__
from govcheck.findings import FileResult, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang
from govcheck.reporters.json_report import to_record
from govcheck.textsafe import json_text


def file_record(result: FileResult) -> dict[str, Any]:
    """One file as plain data: the ``--format json`` file object, versioned and counted."""
    record: dict[str, Any] = to_record(RunResult((result,)))["files"][0]
    counts = {s.value: sum(1 for f in result.findings if f.severity is s) for s in Severity}
    unassessed = sum(1 for r in result.rules if r.status is RuleStatus.NOT_ASSESSABLE)
    return {"govcheck": __version__, **record, "summary": counts | {"not_assessable": unassessed}}


def file_line(result: FileResult) -> str:
    """One file as one line of JSON, newline included; inert as ``--format json`` is."""
    return json_text(json.dumps(file_record(result), ensure_ascii=False)) + "\n"


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """Write one line per file, in input order."""
    for file in result.files:
        out.write(file_line(file))
