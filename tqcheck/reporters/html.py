"""Pre-publication HTML report: one self-contained page, the text with every finding marked in place."""

from __future__ import annotations

import bisect
from html import escape

from tqcheck import __version__
from tqcheck.model import SEVERITIES, DocumentReport, Finding, ParagraphReport, Report

_SEVERITY_LABELS = {"critical": "Critical", "major": "Major", "minor": "Minor", "info": "Info"}
_CSS = """
:root{--critical:#b00020;--major:#e4572e;--minor:#f3a712;--info:#6c8ebf;--ink:#1d1d1f;--muted:#5f6368}
*{box-sizing:border-box}
body{font:16px/1.55 Georgia,'DejaVu Serif',serif;color:var(--ink);margin:0;background:#f6f5f2}
header.top,main{max-width:1180px;margin:0 auto;padding:0 24px}
header.top{padding-top:20px}
h1{font:600 20px/1.3 system-ui,'DejaVu Sans',sans-serif;margin:0 0 8px}
.legend{font:13px system-ui,'DejaVu Sans',sans-serif;color:var(--muted);display:flex;gap:16px;flex-wrap:wrap;
 align-items:center;margin:8px 0 16px}
.legend .sw{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;
 margin-right:4px}
article.doc{background:#fff;border:1px solid #ddd;border-radius:8px;margin:0 0 28px;padding:20px 24px}
.doc-head{display:flex;gap:24px;align-items:center;flex-wrap:wrap;
 font-family:system-ui,'DejaVu Sans',sans-serif;border-bottom:1px solid #eee;padding-bottom:14px;
 margin-bottom:12px}
.doc-head h2{font-size:17px;margin:0;word-break:break-all;flex:1 1 300px}
.score{font:700 34px/1 system-ui,'DejaVu Sans',sans-serif}
.score small{font-size:14px;font-weight:400;color:var(--muted)}
.meta{font-size:14px;color:var(--muted)}
.meta b{color:var(--ink)}
.counts span{display:inline-block;margin-right:10px}
.para{display:grid;grid-template-columns:minmax(0,1fr) 330px;gap:20px;padding:10px 0;
 border-top:1px solid #f0f0f0}
.para-head{grid-column:1/-1;display:flex;gap:12px;align-items:center;
 font:12px system-ui,'DejaVu Sans',sans-serif;color:var(--muted)}
.bar{width:140px;height:8px;background:#eee;border-radius:4px;overflow:hidden}
.bar i{display:block;height:100%}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.role-headline .text{font-weight:700;font-size:18px}
.role-quote .text{font-style:italic}
.role-boilerplate .text,.role-caption .text{color:var(--muted);font-size:14px}
mark.f{background:none;color:inherit;border-bottom:3px solid;padding:0 1px;position:relative;cursor:help}
mark.f mark.f{border-bottom-width:6px;border-bottom-style:double}
mark.sev-critical{background:#fde7ea;border-color:var(--critical)}
mark.sev-major{background:#fdebe4;border-color:var(--major)}
mark.sev-minor{background:#fff4dc;border-color:var(--minor)}
mark.sev-info{background:#eef3fb;border-color:var(--info)}
mark.f.empty::before{content:"‸";color:var(--critical);font-weight:700}
mark.f:hover:not(:has(mark.f:hover))::after{content:attr(data-note);position:absolute;left:0;top:1.7em;z-index:5;
 width:max-content;max-width:420px;white-space:pre-wrap;background:#222;color:#fff;
 font:13px/1.4 system-ui,'DejaVu Sans',sans-serif;padding:6px 9px;border-radius:5px}
ol.notes{list-style:none;margin:0;padding:0;font:13px/1.4 system-ui,'DejaVu Sans',sans-serif}
ol.notes li{border-left:4px solid;padding:3px 0 3px 8px;margin:0 0 8px}
ol.notes .rule{font-weight:700}
ol.notes .fix{color:#0b6e4f}
ol.notes .where{color:var(--muted)}
.errors{font:14px system-ui,'DejaVu Sans',sans-serif;color:var(--critical)}
footer{max-width:1180px;margin:0 auto 30px;padding:0 24px;font:12px system-ui,sans-serif;color:var(--muted)}
"""
# No script may run in the report, whatever slipped into it: the policy forbids every script.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_COLOURS = {
    "critical": "var(--critical)",
    "major": "var(--major)",
    "minor": "var(--minor)",
    "info": "var(--info)",
}


def _score_colour(score: float) -> str:
    return "#2e7d32" if score >= 95 else "#f3a712" if score >= 85 else "#e4572e" if score >= 70 else "#b00020"


def _source_label(report: DocumentReport) -> str:
    source = report.source_language
    if source.given:
        return f"<b>{escape(source.given)}</b> (given)"
    if source.inferred:
        return f"<b>{escape(source.inferred)}</b> (inferred, confidence {source.confidence:.2f})"
    return "<b>unknown</b> (not inferred)"


def _metrics(metrics: tuple[tuple[str, object], ...]) -> str:
    """Reference metrics, when the check had a reference: "bleu 31.2 · chrf 58.0"."""
    shown = [
        f'<span title="{escape(str(getattr(value, "signature", "")))}">{escape(name)} {score:.1f}</span>'
        for name, value in metrics
        if isinstance(score := getattr(value, "score", value), int | float)
    ]
    return f'<span class="metrics">{" · ".join(shown)}</span>' if shown else ""


def _note(finding: Finding) -> str:
    note = f"{finding.rule} {finding.severity}: {finding.message}"
    if finding.suggestions and finding.suggestions[0]:
        note += f"\n→ {finding.suggestions[0]}"
    return note


def _spans(text: str, start: int, end: int, findings: list[tuple[int, Finding]], anchored: set[int]) -> str:
    """``text[start:end]`` escaped, each finding wrapped in <mark>; crossing findings are split
    into pieces that share a ``data-finding`` number, so the markup always nests."""
    clipped = [(number, f, max(f.start, start), min(f.end, end)) for number, f in findings]
    clipped = [(number, f, s, e) for number, f, s, e in clipped if s <= e]
    boundaries = sorted({start, end} | {s for _, _, s, _ in clipped} | {e for _, _, _, e in clipped})
    out: list[str] = []
    stack: list[int] = []
    by_number = {number: (f, s, e) for number, f, s, e in clipped}

    def open_tag(number: int, empty: bool = False) -> str:
        finding = by_number[number][0]
        first = number not in anchored
        anchored.add(number)
        classes = f"f sev-{finding.severity}" + (" empty" if empty else "")
        anchor = f' id="f{number}"' if first else ""
        return (
            f'<mark class="{classes}"{anchor} data-finding="{number}" data-rule="{escape(finding.rule)}" '
            f'data-severity="{finding.severity}" data-note="{escape(_note(finding))}" '
            f'title="{escape(_note(finding))}">'
        )

    # A sweep over the boundaries: findings open where they start and close where they end, so a
    # long paragraph with many findings costs n log n, not a scan of every finding per boundary.
    starting: dict[int, list[int]] = {}
    empty_at: dict[int, list[int]] = {}
    for number, _f, s, e in clipped:
        (starting if s < e else empty_at).setdefault(s, []).append(number)
    active: set[int] = set()
    for index, position in enumerate(boundaries):
        # Zero-width findings (an insertion point) sit at their position as an empty mark.
        for number in empty_at.get(position, ()):
            out.append(open_tag(number, empty=True) + "</mark>")
        if position == end:
            break
        active.difference_update([n for n in active if by_number[n][2] <= position])
        active.update(starting.get(position, ()))
        following = boundaries[index + 1]
        wanted = sorted(active, key=lambda n: (by_number[n][1], -by_number[n][2], by_number[n][0].rule, n))
        common = 0
        while common < min(len(stack), len(wanted)) and stack[common] == wanted[common]:
            common += 1
        out.extend("</mark>" for _ in stack[common:])
        stack[common:] = []
        for number in wanted[common:]:
            out.append(open_tag(number))
            stack.append(number)
        out.append(escape(text[position:following]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _paragraph(
    report: DocumentReport,
    paragraph_report: ParagraphReport,
    inside: list[tuple[int, Finding]],  # its own findings and those overlapping it
    anchored: set[int],
) -> str:
    paragraph = paragraph_report.paragraph
    document = report.document
    text = document.text
    line = document.line_col(paragraph.start)[0]
    score = paragraph_report.score
    notes = []
    for number, finding in (pair for pair in inside if pair[1].paragraph == paragraph.index):
        f_line, f_column = document.line_col(finding.start)
        fix = (
            f'<div class="fix">→ {escape(finding.suggestions[0])}</div>'
            if finding.suggestions and finding.suggestions[0]
            else ""
        )
        also = "".join(
            f" · also {document.line_col(span.start)[0]}:{document.line_col(span.start)[1]} "
            f"«{escape(text[span.start : span.end])}»"
            for span in finding.related
        )
        notes.append(
            f'<li style="border-color:{_COLOURS[finding.severity]}" data-note-for="{number}">'
            f'<a href="#f{number}" class="rule">{escape(finding.rule)}</a> {finding.severity} '
            f'<span class="where">{f_line}:{f_column}{also}</span>'
            f"<div>{escape(finding.message)}</div>{fix}</li>"
        )
    return (
        f'<section class="para role-{paragraph.role}" data-paragraph="{paragraph.index}">'
        f'<div class="para-head"><span>¶{paragraph.index + 1} {paragraph.role} · line {line}</span>'
        f'<span class="bar" title="paragraph score {score:.1f}"><i style="width:{score:.1f}%;'
        f'background:{_score_colour(score)}"></i></span><span class="pscore">{score:.1f}</span>'
        f"{_metrics(paragraph_report.metrics)}</div>"
        f'<div class="text">{_spans(text, paragraph.start, paragraph.end, inside, anchored)}</div>'
        f'<ol class="notes">{"".join(notes)}</ol></section>'
    )


def _by_paragraph(
    report: DocumentReport, numbered: list[tuple[int, Finding]]
) -> dict[int, list[tuple[int, Finding]]]:
    """The findings each paragraph shows: its own, and any other that overlaps it (in finding
    order). Indexed once: filtering every finding for every paragraph was quadratic."""
    paragraphs = [p.paragraph for p in report.paragraphs]
    starts = [p.start for p in paragraphs]
    shown: dict[int, list[tuple[int, Finding]]] = {}
    for number, finding in numbered:
        indexes = {finding.paragraph}
        position = max(bisect.bisect_right(starts, finding.start) - 1, 0)
        while position < len(paragraphs) and paragraphs[position].start < finding.end:
            if paragraphs[position].end > finding.start:
                indexes.add(paragraphs[position].index)
            position += 1
        for index in indexes:
            shown.setdefault(index, []).append((number, finding))
    return shown


def render_document(report: DocumentReport, first_number: int = 0) -> str:
    by_paragraph = _by_paragraph(report, list(enumerate(report.findings, start=first_number)))
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in report.findings:
        counts[finding.severity] += 1
    count_html = "".join(
        f'<span style="color:{_COLOURS[s]}">{counts[s]} {s}</span>' for s in reversed(SEVERITIES) if counts[s]
    )
    anchored: set[int] = set()
    paragraphs = "".join(
        _paragraph(report, p, by_paragraph.get(p.paragraph.index, []), anchored) for p in report.paragraphs
    )
    return (
        f'<article class="doc" data-findings="{len(report.findings)}">'
        f'<div class="doc-head"><h2>{escape(report.document.path)}</h2>'
        f'<div class="score" style="color:{_score_colour(report.score)}" data-score="{report.score}">'
        f"{report.score:.1f}<small> / 100</small></div>"
        f'<div class="meta">target <b>{escape(report.target_language)}</b> · source {_source_label(report)}'
        f"<br>{len(report.paragraphs)} paragraphs · {len(report.findings)} findings "
        f'<span class="counts">{count_html}</span>'
        + (f"<br>reference metrics: {_metrics(report.metrics)}" if _metrics(report.metrics) else "")
        + f"</div></div>{paragraphs}</article>"
    )


def render(report: Report) -> str:
    legend = "".join(
        f'<span><span class="sw" style="background:{_COLOURS[s]}"></span>{_SEVERITY_LABELS[s]}</span>'
        for s in reversed(SEVERITIES)
    )
    documents = []
    number = 0
    for document in report.documents:
        documents.append(render_document(document, number))
        number += len(document.findings)
    errors = "".join(f"<li>{escape(error.path)}: {escape(error.reason)}</li>" for error in report.errors)
    total = sum(len(d.findings) for d in report.documents)
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>tqcheck report: {len(report.documents)} document(s), {total} finding(s)</title>"
        f"<style>{_CSS}</style></head><body>"
        f'<header class="top"><h1>tqcheck pre-publication report</h1>'
        f'<div class="legend">{legend}<span>Hover a marked passage for the message; '
        "the notes beside each paragraph give the fix. Bars: paragraph score (0–100).</span></div>"
        + (f'<ul class="errors">{errors}</ul>' if errors else "")
        + f"</header><main>{''.join(documents)}</main>"
        f"<footer>tqcheck {escape(__version__)} · "
        "MQM-style scores: 100 × (1 − penalty / max(words, 10))</footer>"
        "</body></html>\n"
    )
