"""Suppressions: inline <!-- tqcheck: ignore … --> markers, finding fingerprints and the baseline file."""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqcheck.model import DocumentReport, Finding

# <!-- tqcheck: ignore -->, <!-- tqcheck: ignore TQ201 -->, <!-- tqcheck: ignore CQ101,TE001 -->,
# <!-- tqcheck: ignore-file --> (optionally with codes too). Codes are ids, id prefixes or names.
MARKER = re.compile(
    r"<!--\s*tqcheck:\s*(?P<kind>ignore-file|ignore)(?P<codes>(?:[\s,]+[A-Za-z0-9][A-Za-z0-9-]*)*)[\s,]*-->"
)
FINGERPRINT_KEY = "tqcheck/v1"
BASELINE_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be used; str() is one line naming the file."""


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    whole_file: bool
    codes: tuple[str, ...]

    def covers(self, finding: Finding) -> bool:
        return not self.codes or any(
            finding.rule.startswith(code.upper()) or finding.name == code.lower() for code in self.codes
        )


def markers(text: str) -> list[Marker]:
    return [
        Marker(
            match.start(),
            match.end(),
            match.group("kind") == "ignore-file",
            tuple(code for code in re.split(r"[\s,]+", match.group("codes")) if code),
        )
        for match in MARKER.finditer(text)
    ]


def inline_suppressed(report: DocumentReport) -> tuple[Finding, ...]:
    """The findings no inline marker silences.

    Markers are read in the original file (an HTML loader may have dropped the comments from
    the text). A marker applies to the first paragraph that goes on after it: the paragraph it
    opens, or the next one when the comment stands alone (paragraphs of markers only are skipped,
    so markers can be stacked).
    """
    document = report.document
    original = document.original_text or document.text
    found = markers(original)
    if not found:
        return report.findings
    spans = [
        (document.original_offset(p.paragraph.start), document.original_offset(p.paragraph.end - 1) + 1)
        for p in report.paragraphs
    ]
    covered = _covered(found, len(original))
    eligible = [i for i, (start, end) in enumerate(spans) if not _only_markers(original, start, end, covered)]
    ends = [spans[i][1] for i in eligible]
    by_paragraph: dict[int, list[Marker]] = {}
    whole_file = [marker for marker in found if marker.whole_file]
    for marker in found:
        if marker.whole_file:
            continue
        position = bisect.bisect_right(ends, marker.end)
        if position < len(eligible):
            index = report.paragraphs[eligible[position]].paragraph.index
            by_paragraph.setdefault(index, []).append(marker)
    return tuple(
        finding
        for finding in report.findings
        if not any(m.covers(finding) for m in (*whole_file, *by_paragraph.get(finding.paragraph, ())))
    )


def _covered(found: Sequence[Marker], length: int) -> bytearray:
    mask = bytearray(length)
    for marker in found:
        mask[marker.start : marker.end] = b"\x01" * (marker.end - marker.start)
    return mask


def _only_markers(text: str, start: int, end: int, covered: bytearray) -> bool:
    return all(covered[i] or text[i].isspace() for i in range(start, end))


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", MARKER.sub(" ", text)).split())


def fingerprints(report: DocumentReport) -> tuple[str, ...]:
    """One stable identity per finding, aligned with ``report.findings``.

    A hash of the rule id, the flagged text and the normalised text of its paragraph (not of
    line numbers), so a finding keeps its identity when lines above it move; ``:n`` counts
    identical hashes in the document, as GitHub does for its own line hashes. The paragraph
    enters as its own digest, computed once: hashing it again for every finding was quadratic
    in a long paragraph with many findings.
    """
    text = report.document.text
    paragraphs = {p.paragraph.index: p.paragraph for p in report.paragraphs}
    contexts: dict[int, str] = {}
    seen: Counter[str] = Counter()
    result = []
    for finding in report.findings:
        context = contexts.get(finding.paragraph)
        if context is None:
            paragraph = paragraphs.get(finding.paragraph)
            body = _normalised(text[paragraph.start : paragraph.end]) if paragraph else ""
            context = contexts[finding.paragraph] = hashlib.sha256(body.encode("utf-8")).hexdigest()
        key = "\x00".join((finding.rule, _normalised(finding.text), context))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        result.append(f"{digest}:{seen[digest]}")
    return tuple(result)


def baseline_path(document_path: str, baseline: Path) -> str:
    """The document's path relative to the baseline's folder, so any working directory agrees."""
    if document_path == "-":
        return "-"
    try:
        relative = os.path.relpath(Path(document_path).resolve(), baseline.resolve().parent)
    except ValueError:  # another drive on Windows
        relative = str(Path(document_path).resolve())
    return Path(relative).as_posix()


def baseline_entries(reports: Iterable[DocumentReport], baseline: Path) -> list[tuple[str, str, str]]:
    entries = []
    for report in reports:
        path = baseline_path(report.document.path, baseline)
        entries.extend(
            (path, finding.rule, fingerprint)
            for finding, fingerprint in zip(report.findings, fingerprints(report), strict=True)
        )
    return sorted(entries)


def render_baseline(reports: Iterable[DocumentReport], baseline: Path) -> str:
    findings = [
        {"path": path, "rule": rule, "fingerprint": fingerprint}
        for path, rule, fingerprint in baseline_entries(reports, baseline)
    ]
    payload = {"tool": "tqcheck", "baseline_version": BASELINE_VERSION, "findings": findings}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def read_baseline(baseline: Path) -> Counter[tuple[str, str, str]]:
    try:
        payload = json.loads(baseline.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{baseline}: no such baseline file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{baseline}: not a tqcheck baseline ({error})") from None
    if not isinstance(payload, dict):
        payload = {}
    entries = payload.get("findings")
    if payload.get("baseline_version") != BASELINE_VERSION or not isinstance(entries, list):
        raise BaselineError(f"{baseline}: not a tqcheck baseline (version {BASELINE_VERSION} expected)")
    try:
        return Counter((entry["path"], entry["rule"], entry["fingerprint"]) for entry in entries)
    except (TypeError, KeyError) as error:
        raise BaselineError(f"{baseline}: malformed finding entry (missing {error})") from None


def new_findings(
    report: DocumentReport, known: Counter[tuple[str, str, str]], baseline: Path
) -> tuple[Finding, ...]:
    """Findings not in the baseline; ``known`` is consumed, so each entry excuses one finding."""
    path = baseline_path(report.document.path, baseline)
    kept = []
    for finding, fingerprint in zip(report.findings, fingerprints(report), strict=True):
        key = (path, finding.rule, fingerprint)
        if known[key] > 0:
            known[key] -= 1
        else:
            kept.append(finding)
    return tuple(kept)
