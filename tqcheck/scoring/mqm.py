"""MQM-style heuristic score: severity penalties per word, mapped to 0–100."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tqcheck.model import Finding, Scoring

METHOD = "mqm-heuristic"
VERSION = "1"

# WMT MQM convention (Freitag et al. 2021): major 5, minor 1, minor punctuation 0.1,
# non-translation 25. "critical" is not in that scheme; we give it the non-translation
# weight because both make a segment unusable. "info" findings are advice: no penalty.
DEFAULT_WEIGHTS: dict[str, float] = {
    "critical": 25.0,
    "major": 5.0,
    "minor": 1.0,
    "info": 0.0,
    "minor-punctuation": 0.1,
    "untranslated": 25.0,
}
# A paragraph shorter than this is scored as if it had this many words, so one minor
# slip in a four-word headline does not zero it.
MIN_WORDS = 10


@dataclass(frozen=True)
class MqmScorer:
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    min_words: int = MIN_WORDS

    def penalty(self, finding: Finding) -> float:
        if finding.category == "accuracy/untranslated" and finding.severity in ("major", "critical"):
            return self.weights["untranslated"]
        if finding.category == "fluency/punctuation" and finding.severity == "minor":
            return self.weights["minor-punctuation"]
        return self.weights[finding.severity]

    def total_penalty(self, findings: Iterable[Finding]) -> float:
        return sum(map(self.penalty, findings))

    def score(self, penalty: float, words: int) -> float:
        """100 × (1 − penalty per word), floored at 0: 100 means no findings."""
        per_word = penalty / max(words, self.min_words)
        return round(max(0.0, 100.0 * (1.0 - per_word)), 2)

    def clean_score(self, words: int) -> float:
        """score(0, words), the score without findings, without the arithmetic."""
        return 100.0 if words > 0 else self.score(0, words)

    def describe(self) -> Scoring:
        weights = (*tuple(sorted(self.weights.items())), ("min_words", float(self.min_words)))
        return Scoring(method=METHOD, version=VERSION, weights=weights)


def scorer_from_config(overrides: Mapping[str, float] | None) -> MqmScorer:
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in (overrides or {}).items():
        if key not in weights:
            raise ValueError(f"unknown scoring weight {key!r}; known: {', '.join(sorted(weights))}")
        weights[key] = float(value)
    return MqmScorer(weights)
