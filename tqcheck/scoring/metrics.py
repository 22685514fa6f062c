"""Reference metrics (BLEU, chrF++, TER, spBLEU) per paragraph and per document, via sacrebleu."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from tqcheck.model import DocumentReport, MetricScore

# sacrebleu tokenizers that run offline with sacrebleu's own dependencies. ja-mecab/ko-mecab
# need extra packages; flores101/flores200/spm download a model at run time: never offered.
TOKENIZERS = ("13a", "intl", "zh", "char", "none")
_CJK_TOKENIZER = {"zh": "zh", "ja": "char", "ko": "char"}
# The combined score: a fixed, a-priori weighting of the heuristic MQM score and chrF++, both on
# 0–100. Not fitted to any human judgement (see README, "Correlation with human MQM").
COMBINED_WEIGHTS = (("mqm-heuristic", 0.5), ("chrf", 0.5))
COMBINED_METHOD = "0.5*mqm-heuristic + 0.5*chrF++ (sentence chrF++ per paragraph, corpus per document)"


class MetricsError(ValueError):
    """A metrics input that cannot be used (unknown tokenizer, unreadable model); str() is one line."""


def base_language(language: str | None) -> str:
    return (language or "").lower().split("-")[0].split("_")[0]


def tokenizer_for(target_lang: str | None, override: str | None = None) -> str:
    """13a for space-delimited scripts, zh for Chinese, char for Japanese and Korean."""
    if override:
        if override not in TOKENIZERS:
            raise MetricsError(f"unknown tokenizer {override!r}; choose one of {', '.join(TOKENIZERS)}")
        return override
    return _CJK_TOKENIZER.get(base_language(target_lang), "13a")


def flatten(text: str) -> str:
    """One line per segment, as sacrebleu expects: a paragraph's inner line breaks become spaces."""
    return " ".join(text.split())


@dataclass(frozen=True)
class ReferenceMetrics:
    document: tuple[tuple[str, MetricScore], ...]
    paragraphs: tuple[tuple[tuple[str, MetricScore], ...], ...]


class SentencePieceModel:
    """A local SentencePiece model: subword pieces for spBLEU and for length ratios."""

    def __init__(self, path: Path) -> None:
        try:
            import sentencepiece
        except ImportError as error:  # pragma: no cover - a declared dependency
            raise MetricsError(f"sentencepiece is not installed: {error}") from None
        try:
            data = path.read_bytes()
        except OSError as error:
            raise MetricsError(f"{path}: cannot read SentencePiece model: {error.strerror}") from None
        processor = sentencepiece.SentencePieceProcessor()
        try:
            processor.LoadFromSerializedProto(data)
        except (RuntimeError, OSError, TypeError):
            raise MetricsError(f"{path}: not a SentencePiece model") from None
        self.path = path
        self.digest = hashlib.sha256(data).hexdigest()[:12]
        self._processor = processor

    def pieces(self, text: str) -> list[str]:
        return list(self._processor.EncodeAsPieces(text))

    def encode(self, text: str) -> str:
        return " ".join(self.pieces(text))

    def count(self, text: str) -> int:
        return len(self.pieces(text))


@lru_cache(maxsize=4)
def load_spm(path: Path) -> SentencePieceModel:
    return SentencePieceModel(path)


def _score(value: float) -> float:
    return round(float(value), 4)


def reference_metrics(
    hypotheses: Sequence[str],
    references: Sequence[str],
    target_lang: str | None,
    tokenize: str | None = None,
    spm: SentencePieceModel | None = None,
) -> ReferenceMetrics:
    """Corpus BLEU/chrF++/TER over the paragraphs, and sentence-level figures for each paragraph.

    Exactly sacrebleu's numbers on the flattened paragraph texts: corpus_score for the document,
    sentence_score (BLEU with effective order, as sacrebleu's sentence_bleu) per paragraph.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    if len(hypotheses) != len(references):
        raise MetricsError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    tokenizer = tokenizer_for(target_lang, tokenize)
    hyps = [flatten(h) for h in hypotheses]
    refs = [flatten(r) for r in references]
    asian = base_language(target_lang) in _CJK_TOKENIZER
    # Corpus BLEU has no effective order; sentence BLEU has (as sacrebleu's sentence_bleu).
    metrics = {
        "bleu": (BLEU(tokenize=tokenizer), BLEU(tokenize=tokenizer, effective_order=True)),
        "chrf": (CHRF(word_order=2), None),
        "ter": (TER(asian_support=asian), None),
    }
    document: list[tuple[str, MetricScore]] = []
    paragraphs: list[list[tuple[str, MetricScore]]] = [[] for _ in hyps]
    for name, (metric, sentence_metric) in metrics.items():
        corpus, sentences = _corpus_and_sentences(metric, sentence_metric, hyps, refs)
        document.append((name, MetricScore(name, _score(corpus), str(metric.get_signature()))))
        signature = str((sentence_metric or metric).get_signature())
        for row, value in zip(paragraphs, sentences, strict=True):
            row.append((name, MetricScore(name, _score(value), signature)))
    if spm is not None:
        document.append(("spbleu", _spbleu(spm, hyps, refs, corpus=True)))
        for row, h, r in zip(paragraphs, hyps, refs, strict=True):
            row.append(("spbleu", _spbleu(spm, [h], [r], corpus=False)))
    return ReferenceMetrics(tuple(document), tuple(tuple(row) for row in paragraphs))


def _corpus_and_sentences(metric, sentence_metric, hyps: list[str], refs: list[str]):  # type: ignore[no-untyped-def]
    """The corpus score and each sentence score, as corpus_score and sentence_score give them.

    Both are computed by sacrebleu from the same per-segment statistics, so one extraction serves
    both when the metric is configured alike (chrF++, TER: TER's edit distance is the slow part).
    """
    if sentence_metric is None:
        try:
            stats = metric._extract_corpus_statistics(hyps, [refs])
            corpus = metric._aggregate_and_compute(stats).score
            return corpus, [metric._aggregate_and_compute([s]).score for s in stats]
        except AttributeError:  # internals renamed in some sacrebleu: the public calls, twice the work
            sentence_metric = metric
    corpus = metric.corpus_score(hyps, [refs]).score
    return corpus, [sentence_metric.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)]


def _spbleu(spm: SentencePieceModel, hyps: Sequence[str], refs: Sequence[str], corpus: bool) -> MetricScore:
    """BLEU over SentencePiece pieces: both sides encoded with the model, then tokenize='none'."""
    from sacrebleu.metrics import BLEU

    metric = BLEU(tokenize="none", effective_order=not corpus)
    encoded_hyps = [spm.encode(h) for h in hyps]
    encoded_refs = [spm.encode(r) for r in refs]
    if corpus:
        value = metric.corpus_score(encoded_hyps, [encoded_refs]).score
    else:
        value = metric.sentence_score(encoded_hyps[0], [encoded_refs[0]]).score
    signature = f"{metric.get_signature()}|spm:{spm.path.name}@{spm.digest}"
    return MetricScore("spbleu", _score(value), signature)


def combined(heuristic_score: float, chrf: float) -> MetricScore:
    """The documented fixed weighting of the heuristic score and chrF++ (no tuning)."""
    weights = dict(COMBINED_WEIGHTS)
    value = weights["mqm-heuristic"] * heuristic_score + weights["chrf"] * chrf
    return MetricScore("combined", _score(value), COMBINED_METHOD)


def with_combined(
    metrics: tuple[tuple[str, MetricScore], ...], heuristic_score: float
) -> tuple[tuple[str, MetricScore], ...]:
    chrf = dict(metrics).get("chrf")
    if chrf is None:
        return metrics
    return (*metrics, ("combined", combined(heuristic_score, chrf.score)))


def attach(
    report: DocumentReport,
    references: Sequence[str],
    tokenize: str | None = None,
    spm: SentencePieceModel | None = None,
) -> DocumentReport:
    """The report with reference metrics (and the combined score) on the document and each paragraph."""
    text = report.document.text
    hypotheses = [text[p.paragraph.start : p.paragraph.end] for p in report.paragraphs]
    figures = reference_metrics(hypotheses, references, report.target_language, tokenize, spm)
    paragraphs = tuple(
        replace(p, metrics=with_combined(row, p.score))
        for p, row in zip(report.paragraphs, figures.paragraphs, strict=True)
    )
    return replace(report, paragraphs=paragraphs, metrics=with_combined(figures.document, report.score))


def carried_over(before: DocumentReport, after: DocumentReport) -> DocumentReport:
    """``after`` (``before`` rescored, e.g. after severity overrides) with the reference metrics of
    ``before`` and the combined score recomputed from the new heuristic scores."""
    if not before.metrics:
        return after

    def without_combined(metrics: tuple[tuple[str, MetricScore], ...]) -> tuple[tuple[str, MetricScore], ...]:
        return tuple((name, m) for name, m in metrics if name != "combined")

    paragraphs = tuple(
        replace(new, metrics=with_combined(without_combined(old.metrics), new.score))
        for old, new in zip(before.paragraphs, after.paragraphs, strict=True)
    )
    return replace(
        after, paragraphs=paragraphs, metrics=with_combined(without_combined(before.metrics), after.score)
    )
