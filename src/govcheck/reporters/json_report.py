"""``--format json``: the stable machine-readable shape (see README).

Each piece is written through :func:`~govcheck.textsafe.json_text`: a file
name that is not UTF-8 cannot make the document undecodable, and no C1
control or bidi override from a report reaches a terminal raw.
"""

from __future__ import annotations

from typing import Any, TextIO

from govcheck import __version__
from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang
from govcheck.reporters.pretty import Raw, pretty
from govcheck.textsafe import json_text


def to_record(result: RunResult) -> dict[str, Any]:
    """The run as plain data, exactly in the documented JSON shape."""
    record = {
        "govcheck": __version__,
        "files": [_file(f) for f in result.files],
        "summary": _summary(result),
    }
    return record | ({"config": result.config} if result.config else {})


def _summary(result: RunResult) -> dict[str, int]:
    counts = {"files": len(result.files), **{s.value: result.count(s) for s in Severity}}
    counts["not_assessable"] = result.not_assessable()
    return counts | ({"skipped": result.skipped} if result.skipped else {})


def _rule(rule: RuleResult) -> dict[str, str]:
    """A rule's status; one that is not assessable also says why (``note``)."""
    record = {"id": rule.id, "name": rule.name, "status": rule.status.value}
    if rule.status is RuleStatus.NOT_ASSESSABLE:
        record["note"] = rule.note
    return record


def _file(result: FileResult) -> dict[str, Any]:
    record: dict[str, Any] = {
        "path": result.path,
        "format": result.format,
        "year": result.year,
        "issuer": result.issuer,
        "date": result.date,
    }
    if result.published_page is not None:
        record["published_page"] = result.published_page
    return record | {
        "rules": [_rule(r) for r in result.rules],
        "findings": [_finding(f) for f in result.findings],
    }


def _finding(f: Finding) -> dict[str, Any]:
    """The documented keys and fix; ``cell`` for a cell's finding, ``suggested`` if implied.

    ``page`` (PDF), ``paragraph`` (Word, web page) and ``place`` (both in words,
    with a cell's table, row and column) only where known.
    """
    record: dict[str, Any] = {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity.value,
        "line": f.line,
        "column": f.column,
        "message": f.message,
        "related_lines": list(f.related_lines),
        "fix": f.fix,
    }
    if f.cell is not None:
        record["cell"] = f.cell
    if f.suggested is not None:
        record["suggested"] = f.suggested
    if f.page:
        record["page"] = f.page
    if f.paragraph:
        record["paragraph"] = f.paragraph
    if f.place:
        record["place"] = f.place
    return record


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """Write the JSON document, file by file; keys keep their documented order.

    The text is what ``json.dump(to_record(result), indent=2)`` writes, but a
    10,000-file report is neither built as one record nor as one string.
    """
    out.write('{\n  "govcheck": ' + pretty(__version__) + ',\n  "files": ')
    statuses: dict[int, tuple[tuple[RuleResult, ...], Raw]] = {}
    for index, file in enumerate(result.files):
        record = _file(file)
        record["rules"] = _statuses(file.rules, record["rules"], statuses)
        out.write(("[\n    " if index == 0 else ",\n    ") + json_text(pretty(record, 2)))
    out.write("\n  ]" if result.files else "[]")
    out.write(',\n  "summary": ' + pretty(_summary(result), 1))
    out.write(',\n  "config": ' + json_text(pretty(result.config)) if result.config else "")
    out.write("\n}\n")


def _statuses(
    rules: tuple[RuleResult, ...],
    records: list[dict[str, str]],
    done: dict[int, tuple[tuple[RuleResult, ...], Raw]],
) -> Raw:
    """A file's rule statuses as JSON, written once per distinct tuple.

    Files with the same statuses share one tuple (see ``api._shared``), so a
    bulk report renders each distinct list once; the tuple is kept in ``done``
    so that its id cannot be reused while the report is written.
    """
    hit = done.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = done[id(rules)] = (rules, Raw(pretty(records, 3)))
    return hit[1]
