"""Evaluation results as a text table, Markdown (for the README) or deterministic JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from tqcheck import __version__
from tqcheck.evaluation.scoring import (
    MIN_SEVERITY,
    CleanTally,
    Evaluation,
    Located,
    PairResult,
    SourceTally,
    Tally,
)

METHOD = (
    f"findings at {MIN_SEVERITY} or above; a finding matches a gold span of its family when their "
    "character ranges overlap (CN: any linked span); micro-averaged; no source language given"
)
SIGNATURE = f"tqcheck {__version__}|sev:{MIN_SEVERITY}+|match:overlap+family|avg:micro|src:inferred"

Table = tuple[list[str], list[list[str]]]
_TEXT_COLUMNS = frozenset({"INFERRED"})


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _inferred(counter: Counter[str]) -> str:
    return ", ".join(f"{language} {count}" for language, count in sorted(counter.items())) or "-"


def _family_table(evaluation: Evaluation) -> Table:
    header = [
        "FAMILY",
        "FINDINGS",
        "MATCHED",
        "PRECISION",
        "GOLD",
        "FOUND",
        "RECALL",
        "F1",
        "CROSS",
        "CLEAN FA",
    ]
    rows = [
        [name, *_tally_cells(tally), str(tally.clean_false_alarms)]
        for name, tally in sorted(evaluation.families.items())
    ]
    rows.append(["all", *_tally_cells(evaluation.overall), str(evaluation.clean_overall.false_alarms)])
    return header, rows


def _tally_cells(tally: Tally) -> list[str]:
    return [
        str(tally.findings),
        str(tally.matched_findings),
        _percent(tally.precision),
        str(tally.gold),
        str(tally.matched_gold),
        _percent(tally.recall),
        _percent(tally.f1),
        str(tally.cross_family),
    ]


def _pair_table(evaluation: Evaluation) -> Table:
    header = ["PAIR", "DOCS", "FINDINGS", "MATCHED", "PRECISION", "GOLD", "FOUND", "RECALL", "F1", "CROSS"]
    rows = [[name, str(pair.documents), *_tally_cells(pair.tally)] for name, pair in _pairs(evaluation)]
    rows.append(["all", str(evaluation.mt_documents), *_tally_cells(evaluation.overall)])
    return header, rows


def _clean_table(evaluation: Evaluation) -> Table:
    header = ["LANG", "DOCS", "WORDS", "FALSE ALARMS", "PER 1,000 WORDS"]

    def row(name: str, tally: CleanTally) -> list[str]:
        return [
            name,
            str(tally.documents),
            str(tally.words),
            str(tally.false_alarms),
            _rate(tally.per_1000_words),
        ]

    rows = [row(language, tally) for language, tally in sorted(evaluation.clean.items())]
    rows.append(row("all", evaluation.clean_overall))
    return header, rows


def _source_table(evaluation: Evaluation) -> Table:
    header = ["PAIR", "CORRECT", "DOCS", "ACCURACY", "INFERRED"]

    def row(name: str, tally: SourceTally) -> list[str]:
        return [
            name,
            str(tally.correct),
            str(tally.total),
            _percent(tally.accuracy),
            _inferred(tally.inferred),
        ]

    rows = [row(name, pair.source) for name, pair in _pairs(evaluation)]
    rows.append(row("all", evaluation.source))
    return header, rows


def _pairs(evaluation: Evaluation) -> list[tuple[str, PairResult]]:
    return sorted(evaluation.pairs.items())


def _sections(evaluation: Evaluation) -> list[tuple[str, Table | None]]:
    return [
        (
            "Per family on MT documents (CROSS: false positives lying on another family's gold span; "
            "CLEAN FA: false alarms on clean text)",
            _family_table(evaluation),
        ),
        ("Per language pair", _pair_table(evaluation) if evaluation.pairs else None),
        ("False alarms on clean text", _clean_table(evaluation) if evaluation.clean else None),
        (
            "Source-language inference (inferred = gold source_language)",
            _source_table(evaluation) if evaluation.pairs else None,
        ),
    ]


def _summary(evaluation: Evaluation) -> str:
    skipped = f"; {len(evaluation.errors)} file(s) skipped" if evaluation.errors else ""
    return (
        f"Corpus {evaluation.root}: {evaluation.mt_documents} MT document(s) in {len(evaluation.pairs)} "
        f"pair(s), {evaluation.clean_documents} clean document(s) in {len(evaluation.clean)} "
        f"language(s){skipped}"
    )


def _listings(evaluation: Evaluation) -> list[tuple[str, list[str]]]:
    def line(item: Located, with_rule: bool) -> str:
        label = f"{item.family} {item.rule}" if with_rule else item.family
        detail = f" ({item.detail})" if item.detail else ""
        return f"{item.path}:{item.line}:{item.column}: {label} [{' '.join(item.text.split())}]{detail}"

    return [
        (
            "Missed gold spans (path:line:col: family [text] (category))",
            [line(item, False) for item in evaluation.missed],
        ),
        (
            "False positives on MT text (path:line:col: family rule [text])",
            [line(item, True) for item in evaluation.false_positives],
        ),
        (
            "False alarms on clean text (path:line:col: family rule [text])",
            [line(item, True) for item in evaluation.false_alarms],
        ),
    ]


def _left_columns(header: list[str]) -> set[int]:
    """Names and free text read left-aligned, figures right-aligned."""
    return {0} | {i for i, name in enumerate(header) if name in _TEXT_COLUMNS}


def _aligned(table: Table) -> list[str]:
    header, rows = table
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    left = _left_columns(header)
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(widths[i]) if i in left else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_text(evaluation: Evaluation, verbose: bool = False) -> str:
    lines = [_summary(evaluation), f"Method: {METHOD}."]
    for title, table in _sections(evaluation):
        lines += ["", title + ":"]
        lines += _aligned(table) if table else ["  (none)"]
    if verbose:
        for title, items in _listings(evaluation):
            lines += ["", f"{title}: {len(items)}", *(f"  {item}" for item in items)]
    return "\n".join(lines) + "\n"


def _markdown_cell(cell: str) -> str:
    return cell.replace("|", "\\|")


def _markdown_table(table: Table) -> list[str]:
    header, rows = table
    lines = [
        "| " + " | ".join(_markdown_cell(cell.lower() if cell.isupper() else cell) for cell in header) + " |"
    ]
    lines.append(
        "|" + "|".join(":---" if i in _left_columns(header) else "---:" for i in range(len(header))) + "|"
    )
    for row in rows:
        cells = [f"**{cell}**" if row[0] == "all" else cell for cell in row]
        lines.append("| " + " | ".join(_markdown_cell(cell) for cell in cells) + " |")
    return lines


def render_markdown(evaluation: Evaluation, verbose: bool = False) -> str:
    lines = [_summary(evaluation) + ".", "", f"Method: {METHOD}."]
    for title, table in _sections(evaluation):
        lines += ["", f"#### {title}", ""]
        lines += _markdown_table(table) if table else ["(none)"]
    if verbose:
        for title, items in _listings(evaluation):
            lines += ["", f"#### {title}: {len(items)}", ""]
            if items:
                lines += ["```", *items, "```"]
    return "\n".join(lines) + "\n"


def _tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "findings": tally.findings,
        "matched_findings": tally.matched_findings,
        "gold": tally.gold,
        "matched_gold": tally.matched_gold,
        "precision": _ratio(tally.precision),
        "recall": _ratio(tally.recall),
        "f1": _ratio(tally.f1),
        "cross_family": tally.cross_family,
    }


def _source_json(tally: SourceTally) -> dict[str, Any]:
    return {
        "correct": tally.correct,
        "documents": tally.total,
        "accuracy": _ratio(tally.accuracy),
        "inferred": dict(sorted(tally.inferred.items())),
    }


def _clean_json(tally: CleanTally) -> dict[str, Any]:
    return {
        "documents": tally.documents,
        "words": tally.words,
        "false_alarms": tally.false_alarms,
        "per_1000_words": _ratio(tally.per_1000_words),
    }


def _located_json(item: Located) -> dict[str, Any]:
    return {
        "path": item.path,
        "line": item.line,
        "column": item.column,
        "family": item.family,
        "rule": item.rule,
        "text": item.text,
        "detail": item.detail,
    }


def render_json(evaluation: Evaluation, verbose: bool = False) -> str:
    payload: dict[str, Any] = {
        "signature": SIGNATURE,
        "method": METHOD,
        "corpus": evaluation.root,
        "documents": {"mt": evaluation.mt_documents, "clean": evaluation.clean_documents},
        "overall": _tally_json(evaluation.overall),
        "families": {
            name: {**_tally_json(tally), "clean_false_alarms": tally.clean_false_alarms}
            for name, tally in sorted(evaluation.families.items())
        },
        "pairs": {
            name: {
                "documents": pair.documents,
                **_tally_json(pair.tally),
                "families": {family: _tally_json(t) for family, t in sorted(pair.families.items())},
                "source_language": _source_json(pair.source),
            }
            for name, pair in _pairs(evaluation)
        },
        "clean": {
            "languages": {language: _clean_json(t) for language, t in sorted(evaluation.clean.items())},
            "overall": _clean_json(evaluation.clean_overall),
        },
        "source_language": _source_json(evaluation.source),
        "errors": [{"path": path, "reason": reason} for path, reason in evaluation.errors],
    }
    if verbose:
        payload["missed"] = [_located_json(item) for item in evaluation.missed]
        payload["false_positives"] = [_located_json(item) for item in evaluation.false_positives]
        payload["clean_false_alarms"] = [_located_json(item) for item in evaluation.false_alarms]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Evaluation, bool], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
