"""JSON report: the versioned contract a CMS or CI job relies on (schema/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from tqcheck import __version__
from tqcheck.model import DocumentReport, Finding, MetricScore, Report

SCHEMA_VERSION = "1.0"


def finding_dict(report: DocumentReport, finding: Finding) -> dict[str, Any]:
    document = report.document
    line, column = document.line_col(finding.start)
    end_line, end_column = document.line_col(finding.end)
    return {
        "rule": finding.rule,
        "name": finding.name,
        "category": finding.category,
        "severity": finding.severity,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "paragraph": finding.paragraph,
        "text": finding.text,
        "suggestions": list(finding.suggestions),
        "related": [
            {
                "start": span.start,
                "end": span.end,
                "text": document.text[span.start : span.end],
                "line": document.line_col(span.start)[0],
                "column": document.line_col(span.start)[1],
            }
            for span in finding.related
        ],
    }


def metrics_dict(metrics: tuple[tuple[str, MetricScore], ...]) -> dict[str, Any]:
    return {name: {"score": m.score, "signature": m.signature} for name, m in metrics}


def document_dict(report: DocumentReport) -> dict[str, Any]:
    document = report.document
    return {
        "path": document.path,
        "target_language": report.target_language,
        "source_language": {
            "given": report.source_language.given,
            "inferred": report.source_language.inferred,
            "confidence": report.source_language.confidence,
        },
        "score": report.score,
        "penalty": report.penalty,
        "word_count": sum(p.paragraph.word_count for p in report.paragraphs),
        "scoring": {
            "method": report.scoring.method,
            "version": report.scoring.version,
            "weights": dict(report.scoring.weights),
        },
        "metrics": metrics_dict(report.metrics),
        "paragraphs": [
            {
                "index": p.paragraph.index,
                "start": p.paragraph.start,
                "end": p.paragraph.end,
                "line": document.line_col(p.paragraph.start)[0],
                "role": p.paragraph.role,
                "word_count": p.paragraph.word_count,
                "score": p.score,
                "penalty": p.penalty,
                **({"metrics": metrics_dict(p.metrics)} if p.metrics else {}),
            }
            for p in report.paragraphs
        ],
        "findings": [finding_dict(report, f) for f in report.findings],
    }


def summary_dict(report: Report) -> dict[str, Any]:
    by_severity = {"critical": 0, "major": 0, "minor": 0, "info": 0}
    by_rule: dict[str, int] = {}
    for document in report.documents:
        for finding in document.findings:
            by_severity[finding.severity] += 1
            by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    return {
        "documents": len(report.documents),
        "errors": len(report.errors),
        "findings": sum(by_severity.values()),
        "by_severity": by_severity,
        "by_rule": dict(sorted(by_rule.items())),
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "tqcheck", "version": __version__},
        "documents": [document_dict(d) for d in report.documents],
        "errors": [{"path": e.path, "reason": e.reason} for e in report.errors],
        "summary": summary_dict(report),
    }


def render(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
