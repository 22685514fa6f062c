"""SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tqcheck import __version__
from tqcheck.model import Document, DocumentReport, Finding, Report
from tqcheck.rules.base import RuleMeta
from tqcheck.suppress import FINGERPRINT_KEY, fingerprints

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}
_MARK = re.compile(r"⟦(.*?)⟧", re.DOTALL)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def artifact_path(path: str) -> str:
    """Forward-slash path relative to the working directory (run from the repository root)."""
    if path == "-":
        return "stdin"
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return candidate.as_posix()
    return posixpath.normpath(candidate.as_posix())


def artifact_uri(path: str) -> str:
    relative = artifact_path(path)
    if Path(relative).is_absolute():
        return Path(relative).as_uri()
    return quote(relative, safe="/")


def span_position(document: Document, start: int, end: int) -> tuple[int, int, int, int]:
    """Start line and column, end line and column just after the last flagged character.

    1-based, counted in Unicode code points. The end is mapped from the last flagged character,
    not from the one after it: where a loader dropped markup, that one may sit after a tag.
    """
    line, column = document.line_col(start)
    if end <= start:
        return line, column, line, column
    end_line, last_column = document.line_col(end - 1)
    return line, column, end_line, last_column + 1


def region(document: Document, start: int, end: int) -> dict[str, Any]:
    # SARIF counts columns in the unit run.columnKind names: here code points, as tqcheck does.
    line, column, end_line, end_column = span_position(document, start, end)
    # The snippet is the file's own text (markup included), what a viewer finds at the region.
    original = document.original_text or document.text
    snippet = (
        original[document.original_offset(start) : document.original_offset(end - 1) + 1]
        if end > start
        else ""
    )
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "snippet": {"text": snippet},
    }


def _location(uri: str, document: Document, start: int, end: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(document, start, end)}}


def _markdown_example(example: str) -> str:
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", example)
    return _MARK.sub(lambda match: f"**{match.group(1)}**", escaped)


def _short_description(meta: RuleMeta) -> str:
    # Messages of data rules are templates ("{d1}"); a description shows the slots as "…".
    return re.sub(r"\{[A-Za-z_]\w*\}", "…", meta.message)


def rule_descriptor(meta: RuleMeta) -> dict[str, Any]:
    from tqcheck.cli import explain_text

    markdown = [
        _MARKDOWN_SPECIAL.sub(r"\\\1", meta.why),
        "",
        f"Category: `{meta.category}`; default severity: {meta.severity}"
        + (
            "; weak evidence (reported as info unless the source language is established)"
            if meta.weak
            else ""
        ),
        "",
        "Flagged (in bold):",
        *[f"- ✗ {_markdown_example(example)}" for example in meta.bad],
        "",
        "Not flagged:",
        *[f"- ✓ {_markdown_example(example)}" for example in meta.good],
    ]
    tags = ["translation-quality", meta.category, *(["weak-evidence"] if meta.weak else [])]
    return {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": _short_description(meta)},
        "fullDescription": {"text": meta.why},
        "help": {"text": explain_text(meta), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"tags": tags, "category": meta.category, "severity": meta.severity},
    }


def one_line(finding: Finding) -> str:
    """The message, the flagged text on one line and the first suggestion (CI formats share it)."""
    flat = " ".join(finding.text.split())
    hint = f" → '{finding.suggestions[0]}'" if finding.suggestions and finding.suggestions[0] else ""
    return f"{finding.message} [{flat}]{hint}"


def _result(
    report: DocumentReport, finding: Finding, index: int, fingerprint: str, uri: str
) -> dict[str, Any]:
    document = report.document
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": one_line(finding)},
        "locations": [_location(uri, document, finding.start, finding.end)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {
            "severity": finding.severity,
            "category": finding.category,
            "paragraph": finding.paragraph + 1,
            "suggestions": list(finding.suggestions),
        },
    }
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": number,
                **_location(uri, document, span.start, span.end),
                "message": {"text": f"Also here: [{document.text[span.start : span.end]}]"},
            }
            for number, span in enumerate(finding.related, start=1)
        ]
    return result


def _descriptor_from_finding(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.message},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"tags": ["translation-quality", finding.category]},
    }


def sarif_log(report: Report, rules: Sequence[RuleMeta] = ()) -> dict[str, Any]:
    descriptors = [rule_descriptor(meta) for meta in sorted(rules, key=lambda meta: meta.id)]
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    results = []
    for document in report.documents:
        uri = artifact_uri(document.document.path)  # once: it resolves the path on disk
        for finding, fingerprint in zip(document.findings, fingerprints(document), strict=True):
            if finding.rule not in index:
                index[finding.rule] = len(descriptors)
                descriptors.append(_descriptor_from_finding(finding))
            results.append(_result(document, finding, index[finding.rule], fingerprint, uri))
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{error.path}: {error.reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(error.path)}}}],
        }
        for error in report.errors
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tqcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "invocations": [
                    {"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, rules: Sequence[RuleMeta] = ()) -> str:
    return json.dumps(sarif_log(report, rules), ensure_ascii=False, indent=2) + "\n"
