"""Linter-style text report: path:line:col: ID severity message, grouped by paragraph."""

from __future__ import annotations

import unicodedata

from tqcheck.model import Document, DocumentReport, Finding, Report

_MAX_SNIPPET = 60
# The excerpt under a finding shows at most this many code points of context on each side.
_CONTEXT = 40
_ANSI = {
    "critical": "1;31",
    "major": "31",
    "minor": "33",
    "info": "36",
    "bold": "1",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if color and text else text


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def _printable(text: str) -> str:
    return "".join(" " if c == "\t" or not c.isprintable() else c for c in text)


def escaped(text: str) -> str:
    """Control, format and bidi characters spelled out (\\x1b, \\u202e): a path or a message taken
    from the checked file must not move the cursor, retitle the terminal or reorder the line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def excerpt(document: Document, finding: Finding, color: bool = False) -> list[str]:
    """The source line of a finding with a caret line under the flagged span (its first line)."""
    source = document.original_text or document.text
    line, column = document.line_col(finding.start)
    end_line, end_column = document.line_col(finding.end)
    line_start = document.line_starts[line - 1]
    line_end = document.line_starts[line] if line < len(document.line_starts) else len(source)
    text = source[line_start:line_end].rstrip("\r\n")
    start = column - 1
    end = end_column - 1 if end_line == line else len(text)
    end = max(min(end, len(text), start + 2 * _CONTEXT), start + 1)
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    before = ("…" if left else "") + _printable(text[left:start])
    flagged = _printable(text[start:end])
    after = _printable(text[end:right]) + ("…" if right < len(text) else "")
    gutter = " " * len(str(line))
    caret = _paint("^" * max(1, _width(flagged)), finding.severity, color)
    return [
        f"      {line} | {before}{_paint(flagged, 'bold', color)}{after}",
        f"      {gutter} | {' ' * _width(before)}{caret}",
    ]


def _snippet(text: str) -> str:
    flat = escaped(" ".join(text.split()))
    return flat if len(flat) <= _MAX_SNIPPET else flat[: _MAX_SNIPPET - 1] + "…"


def _source_label(report: DocumentReport) -> str:
    source = report.source_language
    if source.given:
        return f"source={source.given} (given)"
    if source.inferred:
        return f"source={source.inferred} (inferred, confidence {source.confidence:.2f})"
    return "source=unknown"


_METRIC_LABELS = {"bleu": "BLEU", "chrf": "chrF++", "ter": "TER", "spbleu": "spBLEU", "combined": "combined"}


def metrics_table(report: DocumentReport) -> list[str]:
    """Reference metrics as columns: the document (corpus-level), then each paragraph (sentence-level)."""
    if not report.metrics:
        return []
    names = [name for name, _ in report.metrics]
    header = "".join(f"{_METRIC_LABELS.get(name, name):>10}" for name in names)
    rows = [f"  {'metrics vs reference':<26}{header}"]
    rows.append(f"    {'document':<24}" + "".join(f"{m.score:>10.1f}" for _, m in report.metrics))
    for p in report.paragraphs:
        figures = dict(p.metrics)
        label = f"¶{p.paragraph.index + 1} {p.paragraph.role}"
        rows.append(f"    {label:<24}" + "".join(f"{figures[n].score:>10.1f}" for n in names if n in figures))
    for name, metric in report.metrics:
        rows.append(f"    {_METRIC_LABELS.get(name, name)}: {metric.signature}")
    return rows


def render_document(report: DocumentReport, color: bool = False) -> list[str]:
    document = report.document
    path = escaped(document.path)
    lines = [
        f"{_paint(path, 'bold', color)}: target={report.target_language} {_source_label(report)} "
        f"score={report.score:.1f} paragraphs={len(report.paragraphs)} "
        f"findings={len(report.findings)}"
    ]
    lines.extend(metrics_table(report))
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
                f"    {path}:{line}:{column}: {_paint(finding.rule, 'bold', color)} "
                f"{_paint(finding.severity, finding.severity, color)} "
                f"{escaped(finding.message)} [{_snippet(finding.text)}]{hint}"
            )
            lines.extend(excerpt(document, finding, color))
            for span in finding.related:
                related_line, related_column = document.line_col(span.start)
                lines.append(
                    f"      also at {related_line}:{related_column} "
                    f"[{_snippet(document.text[span.start : span.end])}]"
                )
    return lines


def render(report: Report, color: bool = False) -> str:
    lines: list[str] = []
    for document in report.documents:
        lines.extend(render_document(document, color))
    total = sum(len(d.findings) for d in report.documents)
    lines.append(
        f"{len(report.documents)} document(s) checked, {total} finding(s)"
        + (f", {len(report.errors)} input error(s)" if report.errors else "")
    )
    return "\n".join(lines) + "\n"
