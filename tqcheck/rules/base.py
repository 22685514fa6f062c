"""Rule metadata, the detection context, and the base class every rule extends."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from tqcheck.model import SEVERITIES, Finding, Paragraph, Sentence, Severity, Span

CATEGORIES = (
    "accuracy/mistranslation",
    "accuracy/untranslated",
    "accuracy/omission",
    "accuracy/addition",
    "fluency/grammar",
    "fluency/spelling",
    "fluency/punctuation",
    "fluency/inconsistency",
    "fluency/character-encoding",
    "style/unidiomatic",
    "terminology",
    "locale-convention",
    "other/boilerplate",
)
ANY_LANGUAGE = "*"
_MARK = re.compile(r"⟦(.*?)⟧", re.DOTALL)
T = TypeVar("T")


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    category: str
    severity: Severity
    message: str
    why: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    targets: tuple[str, ...] = (ANY_LANGUAGE,)
    sources: tuple[str, ...] = ()
    # Weak evidence ("notably", "the latter") is common in native text: reported above
    # info only when the document's source language is known or strongly inferred.
    weak: bool = False
    origin: str = "builtin"

    def validate(self) -> None:
        where = f"rule {self.id or '?'} ({self.origin})"
        if not re.fullmatch(r"[A-Z]{2}\d{3}", self.id):
            raise ValueError(f"{where}: id must be two capitals and three digits, e.g. CQ101")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", self.name):
            raise ValueError(f"{where}: name must be kebab-case")
        if self.category not in CATEGORIES:
            raise ValueError(f"{where}: unknown category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"{where}: unknown severity {self.severity!r}")
        if not self.bad or not self.good:
            raise ValueError(f"{where}: needs at least one bad and one good example")
        if not self.message or not self.why:
            raise ValueError(f"{where}: needs a message and a why")
        for example in self.bad:
            if not _MARK.search(example):
                raise ValueError(f"{where}: bad example without ⟦…⟧ mark: {example!r}")

    def applies_to(self, target: str) -> bool:
        return ANY_LANGUAGE in self.targets or target in self.targets


def parse_example(example: str) -> tuple[str, tuple[Span, ...]]:
    """Strip ⟦…⟧ marks from an example and return the text and the marked spans."""
    spans: list[Span] = []
    plain: list[str] = []
    cursor = 0
    length = 0
    for match in _MARK.finditer(example):
        before = example[cursor : match.start()]
        plain.append(before)
        length += len(before)
        inner = match.group(1)
        spans.append(Span(length, length + len(inner)))
        plain.append(inner)
        length += len(inner)
        cursor = match.end()
    plain.append(example[cursor:])
    return "".join(plain), tuple(spans)


@dataclass
class Context:
    """What a rule sees: the text, its segmentation and the languages in play."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    target: str
    source: str | None = None
    _paragraph_starts: list[int] = field(default_factory=list, repr=False)
    _derived: dict[str, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._paragraph_starts = [p.start for p in self.paragraphs]

    def derived(self, key: str, compute: Callable[[Context], T]) -> T:
        """Something several rules derive from this document (``compute(context)``), computed
        by the first rule to ask and kept with the context."""
        if key not in self._derived:
            self._derived[key] = compute(self)
        return self._derived[key]  # type: ignore[return-value]

    @cached_property
    def all_sentences(self) -> tuple[Sentence, ...]:
        return tuple(sentence for paragraph in self.paragraphs for sentence in paragraph.sentences)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.all_sentences]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding ``offset``, or the last one that starts before it."""
        index = max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)
        return self.all_sentences[index]

    @cached_property
    def lowered(self) -> str:
        """Lower-cased text with the same length, so offsets carry over unchanged."""
        lowered = self.text.lower()
        if len(lowered) == len(self.text):
            return lowered
        return "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)

    def paragraph_at(self, offset: int) -> Paragraph:
        index = max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)
        return self.paragraphs[index]

    def paragraphs_holding(self, offsets: Iterable[int]) -> list[Paragraph]:
        """The paragraphs holding these offsets (ascending), each once: rules use it to run a
        costly pattern only where a cheap whole-text search found something."""
        held: list[Paragraph] = []
        if not self.paragraphs:
            return held
        for offset in offsets:
            paragraph = self.paragraph_at(offset)
            if not held or held[-1] is not paragraph:
                held.append(paragraph)
        return held

    def finding(
        self,
        meta: RuleMeta,
        start: int,
        end: int,
        message: str | None = None,
        suggestions: Iterable[str] = (),
        related: Iterable[Span] = (),
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            rule=meta.id,
            name=meta.name,
            category=meta.category,
            severity=severity or meta.severity,
            message=message or meta.message,
            start=start,
            end=end,
            text=self.text[start:end],
            paragraph=self.paragraph_at(start).index if self.paragraphs else 0,
            suggestions=tuple(s for s in suggestions if s is not None),
            related=tuple(related),
            source_language=meta.sources[0] if len(meta.sources) == 1 else None,
        )


class Rule:
    """A rule that needs logic. Subclasses set ``meta`` and implement ``check``."""

    meta: RuleMeta

    def triggers(self) -> Iterable[str]:
        """Literal strings this rule wants found in the text, in any case: the engine finds
        them in its one automaton pass (engine.trigger_hits hands them over)."""
        return ()

    def check(self, context: Context) -> Iterable[Finding]:
        raise NotImplementedError
