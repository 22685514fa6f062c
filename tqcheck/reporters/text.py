"""Linter-style text report: path:line:col: ID severity message, grouped by paragraph."""

from __future__ import annotations

from tqcheck.model import DocumentReport, Report

_MAX_SNIPPET = 60


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_SNIPPET else flat[: _MAX_SNIPPET - 1] + "…"


def _source_label(report: DocumentReport) -> str:
    source = report.source_language
    if source.given:
        return f"source={source.given} (given)"
    if source.inferred:
        return f"source={source.inferred} (inferred, confidence {source.confidence:.2f})"
    return "source=unknown"


def render_document(report: DocumentReport) -> list[str]:
    document = report.document
    lines = [
        f"{document.path}: target={report.target_language} {_source_label(report)} "
        f"score={report.score:.1f} paragraphs={len(report.paragraphs)} "
        f"findings={len(report.findings)}"
    ]
    by_paragraph: dict[int, list] = {}  # type: ignore[type-arg]
    for finding in report.findings:
        by_paragraph.setdefault(finding.paragraph, []).append(finding)
    for paragraph_report in report.paragraphs:
        findings = by_paragraph.get(paragraph_report.paragraph.index, [])
        if not findings:
            continue
        paragraph = paragraph_report.paragraph
        lines.append(
            f"  ¶{paragraph.index + 1} {paragraph.role} "
            f"(line {document.line_col(paragraph.start)[0]}) score={paragraph_report.score:.1f}"
        )
        for finding in findings:
            line, column = document.line_col(finding.start)
            hint = f" → {finding.suggestions[0]!r}" if finding.suggestions and finding.suggestions[0] else ""
            lines.append(
                f"    {document.path}:{line}:{column}: {finding.rule} {finding.severity} "
                f"{finding.message} [{_snippet(finding.text)}]{hint}"
            )
            for span in finding.related:
                related_line, related_column = document.line_col(span.start)
                lines.append(
                    f"      also at {related_line}:{related_column} "
                    f"[{_snippet(document.text[span.start : span.end])}]"
                )
    return lines


def render(report: Report) -> str:
    lines: list[str] = []
    for document in report.documents:
        lines.extend(render_document(document))
    total = sum(len(d.findings) for d in report.documents)
    lines.append(
        f"{len(report.documents)} document(s) checked, {total} finding(s)"
        + (f", {len(report.errors)} input error(s)" if report.errors else "")
    )
    return "\n".join(lines) + "\n"
