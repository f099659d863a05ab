"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards.

Rules carry their summary as shortDescription and their rationale as
fullDescription and help; results carry related locations for the table
cells behind a finding. Columns count Unicode code points (CJK text), which
is stated explicitly with ``columnKind``.

An ``artifactLocation.uri`` is the path percent-encoded from its bytes
(:func:`~govcheck.textsafe.uri_reference`), a valid URI reference whatever
the name holds; the log is written through :func:`~govcheck.textsafe.json_text`.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from govcheck import __version__
from govcheck.findings import FileResult, Finding, RuleMeta, RunResult, Severity
from govcheck.i18n import Lang
from govcheck.reporters.place import with_place
from govcheck.textsafe import json_text, uri_reference

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _docs_url() -> str | None:
    """The project's documentation URL from package metadata, if one is declared."""
    try:
        urls = metadata.metadata("govcheck").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    docs = [u.split(",", 1)[1].strip() for u in urls if u.lower().startswith("documentation,")]
    return docs[0] if docs else None


def _rule(meta: RuleMeta, docs: str | None) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": meta.rationale},
        "help": {"text": meta.rationale},
        "defaultConfiguration": {"level": _LEVEL[meta.severity]},
    }
    if docs:
        rule["helpUri"] = f"{docs.rstrip('/')}/rules.md#{meta.id.lower()}"
    return rule


def _location(path: str, line: int, column: int = 1) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri_reference(Path(path).as_posix())},
            "region": {"startLine": line, "startColumn": column},
        }
    }


def _place(finding: Finding) -> dict[str, Any]:
    """Where a reader finds the finding in a Word file, PDF or web page (as in the JSON)."""
    found: dict[str, Any] = {"place": finding.place}
    if finding.page:
        found["page"] = finding.page
    if finding.paragraph:
        found["paragraph"] = finding.paragraph
    return found


def _result(
    file: FileResult, finding: Finding, index: dict[str, int], lang: Lang
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(file.path, finding.line, finding.column)],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.related_lines:
        result["relatedLocations"] = [
            {"id": n, **_location(file.path, line)} for n, line in enumerate(finding.related_lines)
        ]
    if finding.place:
        result["message"]["text"] = with_place(finding, lang)
        result["properties"] = _place(finding)
    if finding.anchor:
        result["partialFingerprints"] = {"govcheckLocation/v1": f"{finding.rule}:{finding.anchor}"}
    return result


def to_sarif(result: RunResult, lang: Lang = "zh") -> dict[str, Any]:
    """The run as a SARIF log object."""
    docs = _docs_url()
    index = {meta.id: n for n, meta in enumerate(result.rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "govcheck",
                        "version": __version__,
                        "informationUri": docs or "https://pypi.org/project/govcheck/",
                        "rules": [_rule(meta, docs) for meta in result.rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, x, index, lang) for f in result.files for x in f.findings],
            }
        ],
    }


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """Write the SARIF log as JSON."""
    out.write(json_text(json.dumps(to_sarif(result, lang), ensure_ascii=False, indent=2)))
    out.write("\n")
