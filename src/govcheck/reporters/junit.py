"""``--format junit``: JUnit XML for GitLab, Jenkins and other CI dashboards.

One testsuite per report file and one testcase per rule. A failing rule is a
failure (error severity) or carries its findings in system-out (warning and
info); a rule that was not applicable or not assessable is skipped.

Every value goes through :func:`~govcheck.textsafe.one_line`, as on the
command line: the characters XML 1.0 forbids (a report's control codes, a
file name's undecodable bytes) are shown as escapes instead of making the
document ill-formed, and each finding stays one line of the body.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from govcheck.findings import FileResult, Finding, RuleResult, RuleStatus, RunResult, Severity
from govcheck.i18n import Lang
from govcheck.textsafe import one_line


def _testcase(file: FileResult, rule: RuleResult, findings: list[Finding]) -> ET.Element:
    name = one_line(f"{rule.id} {rule.name}")
    case = ET.Element("testcase", name=name, classname=one_line(file.path))
    if rule.status in (RuleStatus.NOT_APPLICABLE, RuleStatus.NOT_ASSESSABLE):
        ET.SubElement(case, "skipped", message=one_line(rule.note or rule.status.value))
        return case
    body = "\n".join(one_line(f"{file.path}:{f.line}:{f.column}: {f.message}") for f in findings)
    if any(f.severity is Severity.ERROR for f in findings):
        message = one_line(findings[0].message)
        failure = ET.SubElement(case, "failure", message=message, type=one_line(rule.id))
        failure.text = body
    elif findings:
        ET.SubElement(case, "system-out").text = body
    return case


def to_junit(result: RunResult) -> ET.Element:
    """The run as a ``<testsuites>`` element."""
    suites = ET.Element("testsuites", name="govcheck")
    for file in result.files:
        cases = [
            _testcase(file, rule, [f for f in file.findings if f.rule == rule.id])
            for rule in file.rules
        ]
        failures = sum(1 for c in cases if c.find("failure") is not None)
        skipped = sum(1 for c in cases if c.find("skipped") is not None)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=one_line(file.path),
            tests=str(len(cases)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
        )
        suite.extend(cases)
    return suites


def render(result: RunResult, out: TextIO, lang: Lang) -> None:
    """Write the XML document."""
    tree = to_junit(result)
    ET.indent(tree)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(tree, encoding="unicode"))
    out.write("\n")
