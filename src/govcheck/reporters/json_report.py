"""``--format json``: the stable machine-readable shape (see README)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from govcheck import __version__
from govcheck.findings import FileResult, RunResult, Severity
from govcheck.i18n import Lang


def to_record(result: RunResult) -> dict[str, Any]:
    """The run as plain data, exactly in the documented JSON shape."""
    return {
        "govcheck": __version__,
        "files": [_file(f) for f in result.files],
        "summary": {
            "files": len(result.files),
            **{s.value: result.count(s) for s in Severity},
        },
    }


def _file(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "format": result.format,
        "year": result.year,
        "issuer": result.issuer,
        "date": result.date,
        "rules": [{"id": r.id, "name": r.name, "status": r.status.value} for r in result.rules],
        "findings": [
            {
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity.value,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "related_lines": list(f.related_lines),
            }
            for f in result.findings
        ],
    }


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """Write the JSON document; keys keep their documented order."""
    json.dump(to_record(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
