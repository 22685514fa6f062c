"""The one entry point: check a text (or a loaded document) and get a report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from tqcheck import inference, langid
from tqcheck.model import (
    Document,
    DocumentReport,
    Finding,
    Paragraph,
    ParagraphReport,
    Role,
    SourceLanguage,
)
from tqcheck.rules import engine
from tqcheck.rules.base import Context, RuleMeta
from tqcheck.rules.registry import RuleSet, load_rules
from tqcheck.scoring import bilingual
from tqcheck.scoring.bilingual import AlignmentError, GlossaryTerm
from tqcheck.scoring.mqm import MqmScorer
from tqcheck.segment import segment

DEFAULT_TARGET = "en"


@dataclass(frozen=True)
class Options:
    target_lang: str | None = None
    source_lang: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_packs: tuple[Path, ...] = ()
    scorer: MqmScorer = field(default_factory=MqmScorer)
    # Reference metrics and bilingual checks (used when a document has references or sources).
    tokenize: str | None = None
    spm_model: Path | None = None
    glossary: tuple[GlossaryTerm, ...] = ()


def detect_target(text: str) -> str:
    guess = langid.guess(text[:5000])
    return guess.language or DEFAULT_TARGET


def check(
    text: str,
    path: str = "<text>",
    options: Options | None = None,
    *,
    source: str | None = None,
    reference: str | None = None,
) -> DocumentReport:
    """Check a text; ``source``/``reference`` must align with it paragraph by paragraph."""
    sources = bilingual.aligned(text, source, "the source") if source is not None else None
    references = bilingual.aligned(text, reference, "the reference") if reference is not None else None
    return check_document(Document(path=path, text=text, sources=sources, references=references), options)


def check_document(document: Document, options: Options | None = None) -> DocumentReport:
    job = _prepared(document, options or Options())
    return _reported(job, engine.run(job.rules, job.context))


def check_batch(items: Sequence[tuple[Document, Options]]) -> list[DocumentReport]:
    """What check_document gives for each (document, options), detected rule by rule over the
    whole batch (engine.run_batch: faster on many short documents). An error is raised as soon as
    it happens, whichever document it concerns: a caller that must know which document failed
    checks them one by one then."""
    jobs = [_prepared(document, options) for document, options in items]
    found = engine.run_batch([(job.rules, job.context) for job in jobs])
    return [_reported(job, findings) for job, findings in zip(jobs, found, strict=True)]


@dataclass(frozen=True)
class _Job:
    """A document ready for detection: its segmentation, languages and rules in play."""

    document: Document
    options: Options
    target: str
    source_given: str | None
    detected: langid.Guess | None  # the language of the document's own source text, if any
    paragraphs: tuple[Paragraph, ...]
    context: Context
    rules: RuleSet
    metas: dict[str, RuleMeta]
    spm: object


def _prepared(document: Document, options: Options) -> _Job:
    target = (options.target_lang or document.target_lang or detect_target(document.text)).lower()
    source_option = options.source_lang or document.source_lang
    source_given = source_option.lower() if source_option else None
    paragraphs = _with_role_hints(segment(document.text), document.role_hints)
    for side, texts in (("the source", document.sources), ("the reference", document.references)):
        if texts is not None and len(texts) != len(paragraphs):
            raise AlignmentError(side, len(texts), len(paragraphs))
    spm = _spm(options)
    detected = _source_language_of(document) if source_given is None else None
    if document.sources is not None:
        context: Context = bilingual.BilingualContext(
            document.text, paragraphs, target, source_given or (detected and detected.language),
            sources=document.sources, glossary=options.glossary, spm=spm,
        )  # fmt: skip
    else:
        context = Context(document.text, paragraphs, target, source_given)
    in_play, metas = _rules_in_play(
        options.rule_packs, target, context.source, options.select, options.ignore
    )
    return _Job(document, options, target, source_given, detected, paragraphs, context, in_play, metas, spm)


def _reported(job: _Job, detected_findings: Iterable[Finding]) -> DocumentReport:
    findings = _deduplicated(detected_findings)
    inferred, confidence = inference.infer(findings, job.metas, job.target)
    if job.detected is not None and job.detected.language:
        # The source text itself says which language it is: better evidence than traces in the target.
        inferred, confidence = job.detected.language, job.detected.confidence
    source = SourceLanguage(job.source_given, inferred, confidence)
    findings = inference.one_per_span(inference.settle_weak(findings, job.metas, source), job.metas, source)
    findings = sorted(findings, key=Finding.sort_key)
    report = _scored(job.document, job.target, source, job.paragraphs, findings, job.options.scorer)
    if job.document.references is None:
        return report
    from tqcheck.scoring.metrics import attach

    return attach(report, job.document.references, job.options.tokenize, job.spm)


def _source_language_of(document: Document) -> langid.Guess | None:
    if not document.sources:
        return None
    return langid.guess("\n\n".join(document.sources)[:5000])


def _spm(options: Options):  # type: ignore[no-untyped-def]
    if options.spm_model is None:
        return None
    from tqcheck.scoring.metrics import load_spm

    return load_spm(options.spm_model)


def _with_role_hints(
    paragraphs: tuple[Paragraph, ...], hints: tuple[tuple[int, Role], ...]
) -> tuple[Paragraph, ...]:
    """Markup knows better than the heuristics that a heading is a headline; furniture stays furniture."""
    if not hints:
        return paragraphs
    by_start = dict(hints)
    return tuple(
        replace(p, role=by_start[p.start]) if p.start in by_start and p.role != "boilerplate" else p
        for p in paragraphs
    )


@lru_cache(maxsize=64)
def _rules_in_play(
    packs: tuple[Path, ...], target: str, source: str | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> tuple[RuleSet, dict[str, RuleMeta]]:
    """Selection and language filtering, done once per combination rather than per document.
    (User packs are read again only when the process restarts, as the built-in ones are.)"""
    in_play = load_rules(packs, target).selected(select, ignore).for_languages(target, source)
    return in_play, {meta.id: meta for meta in in_play.metas()}


def _deduplicated(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per rule and span; a span inside a longer one of the same rule is dropped
    ("en adición" within "en adición a")."""
    unique: dict[tuple[str, int, int], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.rule, finding.start, finding.end), finding)
    ordered = sorted(unique.values(), key=lambda f: (f.rule, f.start, -f.end))
    kept: list[Finding] = []
    for finding in ordered:
        last = kept[-1] if kept else None
        if last is not None and last.rule == finding.rule and finding.end <= last.end:
            continue
        kept.append(finding)
    return kept


def _scored(
    document: Document,
    target: str,
    source: SourceLanguage,
    paragraphs: Sequence,  # type: ignore[type-arg]
    findings: list[Finding],
    scorer: MqmScorer,
) -> DocumentReport:
    penalties = list(map(scorer.penalty, findings))
    by_paragraph: dict[int, list[float]] = {}
    for finding, penalty in zip(findings, penalties, strict=True):
        by_paragraph.setdefault(finding.paragraph, []).append(penalty)
    paragraph_reports = []
    words = 0
    for paragraph in paragraphs:
        words += paragraph.word_count
        own = by_paragraph.get(paragraph.index)
        if own is None:
            # Most paragraphs have no finding: no penalty to add up.
            report = ParagraphReport(paragraph, scorer.clean_score(paragraph.word_count), 0.0)
        else:
            penalty = sum(own)
            score = scorer.score(penalty, paragraph.word_count)
            report = ParagraphReport(paragraph, score, round(float(penalty), 3))
        paragraph_reports.append(report)
    total_penalty = sum(penalties)
    return DocumentReport(
        document=document,
        target_language=target,
        source_language=source,
        paragraphs=tuple(paragraph_reports),
        findings=tuple(findings),
        score=scorer.score(total_penalty, words),
        penalty=round(float(total_penalty), 3),
        scoring=scorer.describe(),
    )
