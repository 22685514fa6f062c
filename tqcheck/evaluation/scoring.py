"""Match findings against gold spans and add them up per family, pair and clean language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tqcheck.evaluation.corpus import CorpusDocument, GoldSpan
from tqcheck.model import SEVERITY_RANK, DocumentReport, Finding

MIN_SEVERITY = "minor"
NO_SOURCE = "none"


def family_of(rule_id: str) -> str:
    return rule_id[:2]


def counted(report: DocumentReport) -> list[Finding]:
    """Findings that count: info findings are advice, not claims of an error."""
    floor = SEVERITY_RANK[MIN_SEVERITY]
    return [f for f in report.findings if SEVERITY_RANK[f.severity] >= floor]


def _spans(finding: Finding) -> list[tuple[int, int]]:
    # A zero-width finding still points at a place: treat it as covering one character.
    spans = [(finding.start, max(finding.end, finding.start + 1))]
    spans.extend((span.start, max(span.end, span.start + 1)) for span in finding.related)
    return spans


def _overlaps(finding: Finding, gold: GoldSpan) -> bool:
    return any(start < gold.end and gold.start < end for start, end in _spans(finding))


@dataclass
class Tally:
    findings: int = 0
    matched_findings: int = 0
    gold: int = 0
    matched_gold: int = 0
    cross_family: int = 0
    clean_false_alarms: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched_findings / self.findings if self.findings else None

    @property
    def recall(self) -> float | None:
        return self.matched_gold / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Located:
    """One finding or gold span placed in its file, for the --verbose listings."""

    path: str
    line: int
    column: int
    family: str
    rule: str
    text: str
    detail: str = ""


@dataclass
class SourceTally:
    correct: int = 0
    total: int = 0
    inferred: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class CleanTally:
    documents: int = 0
    words: int = 0
    false_alarms: int = 0

    @property
    def per_1000_words(self) -> float | None:
        return 1000 * self.false_alarms / self.words if self.words else None


@dataclass
class PairResult:
    documents: int = 0
    tally: Tally = field(default_factory=Tally)
    families: dict[str, Tally] = field(default_factory=dict)
    source: SourceTally = field(default_factory=SourceTally)


@dataclass
class Evaluation:
    root: str
    mt_documents: int = 0
    clean_documents: int = 0
    overall: Tally = field(default_factory=Tally)
    families: dict[str, Tally] = field(default_factory=dict)
    pairs: dict[str, PairResult] = field(default_factory=dict)
    clean: dict[str, CleanTally] = field(default_factory=dict)
    clean_overall: CleanTally = field(default_factory=CleanTally)
    source: SourceTally = field(default_factory=SourceTally)
    missed: list[Located] = field(default_factory=list)
    false_positives: list[Located] = field(default_factory=list)
    false_alarms: list[Located] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _tallies(*groups: dict[str, Tally], key: str) -> list[Tally]:
    return [group.setdefault(key, Tally()) for group in groups]


def _locate(item: CorpusDocument, start: int, family: str, rule: str, text: str, detail: str = "") -> Located:
    line, column = item.document.line_col(start)
    return Located(item.document.path, line, column, family, rule, text, detail)


def add_mt(evaluation: Evaluation, item: CorpusDocument, report: DocumentReport) -> None:
    pair = evaluation.pairs.setdefault(item.folder.name, PairResult())
    pair.documents += 1
    evaluation.mt_documents += 1
    findings = counted(report)
    for gold in item.gold:
        found = any(family_of(f.rule) == gold.family and _overlaps(f, gold) for f in findings)
        for tally in (
            evaluation.overall,
            pair.tally,
            *_tallies(evaluation.families, pair.families, key=gold.family),
        ):
            tally.gold += 1
            tally.matched_gold += found
        if not found:
            evaluation.missed.append(_locate(item, gold.start, gold.family, "", gold.text, gold.category))
    for finding in findings:
        family = family_of(finding.rule)
        overlapping = [gold for gold in item.gold if _overlaps(finding, gold)]
        matched = any(gold.family == family for gold in overlapping)
        cross = not matched and bool(overlapping)
        for tally in (
            evaluation.overall,
            pair.tally,
            *_tallies(evaluation.families, pair.families, key=family),
        ):
            tally.findings += 1
            tally.matched_findings += matched
            tally.cross_family += cross
        if not matched:
            detail = f"overlaps gold {overlapping[0].family} [{overlapping[0].text}]" if cross else ""
            evaluation.false_positives.append(
                _locate(item, finding.start, family, finding.rule, finding.text, detail)
            )
    inferred = report.source_language.inferred
    for source in (evaluation.source, pair.source):
        source.total += 1
        source.correct += inferred == item.folder.source
        source.inferred[inferred or NO_SOURCE] += 1


def add_clean(evaluation: Evaluation, item: CorpusDocument, report: DocumentReport) -> None:
    evaluation.clean_documents += 1
    words = sum(paragraph.paragraph.word_count for paragraph in report.paragraphs)
    findings = counted(report)
    for tally in (evaluation.clean.setdefault(item.folder.target, CleanTally()), evaluation.clean_overall):
        tally.documents += 1
        tally.words += words
        tally.false_alarms += len(findings)
    for finding in findings:
        family = family_of(finding.rule)
        evaluation.families.setdefault(family, Tally()).clean_false_alarms += 1
        evaluation.false_alarms.append(_locate(item, finding.start, family, finding.rule, finding.text))
