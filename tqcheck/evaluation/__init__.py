"""Measure the detectors on an annotated corpus: precision/recall per family and pair, false alarms."""

from __future__ import annotations

from pathlib import Path

from tqcheck.evaluation.corpus import Corpus, CorpusUnreadable, load_corpus
from tqcheck.evaluation.scoring import Evaluation, add_clean, add_mt

__all__ = ["Corpus", "CorpusUnreadable", "Evaluation", "evaluate", "evaluate_path", "load_corpus"]


def evaluate(corpus: Corpus, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Evaluation:
    """Check every document once, with its folder's target language and no source language."""
    from tqcheck.api import Options, check_document

    evaluation = Evaluation(corpus.root, errors=[(error.path, error.reason) for error in corpus.errors])
    options: dict[str, Options] = {}
    for item in corpus.documents:
        target = item.folder.target
        report = check_document(
            item.document,
            options.setdefault(target, Options(target_lang=target, select=select, ignore=ignore)),
        )
        if item.kind == "mt":
            add_mt(evaluation, item, report)
        else:
            add_clean(evaluation, item, report)
    return evaluation


def evaluate_path(root: Path, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Evaluation:
    """Raises CorpusUnreadable when the corpus directory itself cannot be read."""
    return evaluate(load_corpus(root), select, ignore)
