"""JUnit XML: one test suite per document, one test case per paragraph, for CI test-report views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from tqcheck.model import SEVERITY_RANK, DocumentReport, Finding, Report
from tqcheck.reporters.sarif import artifact_path, one_line

# Characters XML 1.0 cannot carry even escaped; ElementTree would write them and break the file.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(report: DocumentReport, finding: Finding) -> str:
    line, column = report.document.line_col(finding.start)
    return (
        f"{artifact_path(report.document.path)}:{line}:{column}: {finding.rule} {finding.severity} "
        f"{one_line(finding)}"
    )


def _failing(findings: list[Finding], fail_on: str) -> list[Finding]:
    if fail_on == "never":
        return []
    return [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]]


def _suite(report: DocumentReport, fail_on: str) -> ET.Element:
    path = _clean(artifact_path(report.document.path))  # a JSONL id or a file name may hold anything
    by_paragraph: dict[int, list[Finding]] = {}
    for finding in report.findings:
        by_paragraph.setdefault(finding.paragraph, []).append(finding)
    suite = ET.Element("testsuite", name=path)
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("score", f"{report.score:.2f}"),
        ("target_language", report.target_language),
        ("fail_on", fail_on),
    ):
        ET.SubElement(properties, "property", name=name, value=value)
    failures = 0
    for paragraph_report in report.paragraphs:
        paragraph = paragraph_report.paragraph
        line = report.document.line_col(paragraph.start)[0]
        case = ET.SubElement(
            suite,
            "testcase",
            classname=path,
            name=f"paragraph {paragraph.index + 1} ({paragraph.role}, line {line})",
            file=path,
            line=str(line),
            time="0",
        )
        findings = by_paragraph.get(paragraph.index, [])
        failing = _failing(findings, fail_on)
        if failing:
            failures += 1
            worst = max(failing, key=lambda f: SEVERITY_RANK[f.severity])
            failure = ET.SubElement(
                case,
                "failure",
                message=_clean(
                    f"{len(failing)} finding(s) at or above {fail_on}: {worst.rule} {worst.message}"
                ),
                type=worst.severity,
            )
            failure.text = _clean("\n".join(_line(report, f) for f in failing))
        failed = {id(f) for f in failing}  # identity: list membership per finding was quadratic
        below = [f for f in findings if id(f) not in failed]
        if below:
            ET.SubElement(case, "system-out").text = _clean("\n".join(_line(report, f) for f in below))
    suite.set("tests", str(len(report.paragraphs)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("time", "0")
    return suite


def render(report: Report, fail_on: Callable[[DocumentReport], str] = lambda _: "major") -> str:
    root = ET.Element("testsuites", name="tqcheck")
    for document in report.documents:
        root.append(_suite(document, fail_on(document)))
    for error in report.errors:
        path = _clean(artifact_path(error.path))
        suite = ET.SubElement(
            root, "testsuite", name=path, tests="1", failures="0", errors="1", skipped="0", time="0"
        )
        case = ET.SubElement(suite, "testcase", classname=path, name="load", file=path, time="0")
        ET.SubElement(case, "error", message=_clean(error.reason), type="input-error")
    for total in ("tests", "failures", "errors"):
        root.set(total, str(sum(int(suite.get(total, "0")) for suite in root)))
    root.set("time", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
