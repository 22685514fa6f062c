"""Frozen data types that flow through load → segment → detect → score → report."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Literal

Severity = Literal["info", "minor", "major", "critical"]
SEVERITIES: tuple[Severity, ...] = ("info", "minor", "major", "critical")
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}

Role = Literal["headline", "body", "quote", "caption", "boilerplate"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """Decoded text of one input plus where it came from.

    ``text`` is what every offset points into. ``origin`` maps a text offset back to
    an offset in the original file when a loader stripped markup (None: identity).
    """

    path: str
    text: str
    origin: tuple[int, ...] | None = None
    original_text: str | None = None
    # Bilingual inputs (XLIFF, PO, TMX): one source string per paragraph of ``text``, in order.
    sources: tuple[str, ...] | None = None
    # (text offset where a paragraph starts, role) declared by markup: <h1>, "# ", <blockquote>…
    role_hints: tuple[tuple[int, Role], ...] = ()
    # Languages the file declares (XLIFF srcLang/trgLang, PO Language, TMX xml:lang); options win.
    target_lang: str | None = None
    source_lang: str | None = None
    # Human reference, one string per paragraph of ``text``, in order (--reference, JSONL).
    references: tuple[str, ...] | None = None

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        # Computed when a reporter first asks for a line number, not for every checked text.
        return _line_starts(self.original_text or self.text)

    def original_offset(self, offset: int) -> int:
        if self.origin is None:
            return offset
        if offset >= len(self.origin):
            return self.origin[-1] + 1 if self.origin else 0
        return self.origin[offset]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a text offset, in the original file."""
        original = self.original_offset(offset)
        line_index = bisect.bisect_right(self.line_starts, original) - 1
        return line_index + 1, original - self.line_starts[line_index] + 1


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> tuple[int, ...]:
    # \r\n, lone \r and \n all end a line; offsets stay those of the decoded text.
    if "\r" in text:
        return (0, *(match.end() for match in _NEWLINE.finditer(text)))
    # Only "\n": each line starts one past the end of the one before, summed in C (the
    # JSON report asks for every paragraph's line, and --jobs does that in the main process).
    lengths = map(len, text.split("\n")[:-1])
    return tuple(itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)), initial=0))


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    role: Role
    sentences: tuple[Sentence, ...]
    word_count: int


# segment() makes a Sentence per sentence and a Paragraph per paragraph. The frozen __init__
# sets each field through object.__setattr__ (a method wrapper and a type lookup per field);
# these fill the same slots through their descriptors: equal instances at half the cost.
# (Slots also make the rules' many reads of .start and .end cheaper.)
_new = object.__new__
_SENTENCE_SETTERS = tuple(getattr(Sentence, field.name).__set__ for field in fields(Sentence))
_PARAGRAPH_SETTERS = tuple(getattr(Paragraph, field.name).__set__ for field in fields(Paragraph))


def new_sentence(start: int, end: int) -> Sentence:
    """Sentence(start, end), made faster (see above)."""
    sentence = _new(Sentence)
    set_start, set_end = _SENTENCE_SETTERS
    set_start(sentence, start)
    set_end(sentence, end)
    return sentence


def new_paragraph(
    index: int, start: int, end: int, role: Role, sentences: tuple[Sentence, ...], word_count: int
) -> Paragraph:
    """Paragraph(index, start, end, role, sentences, word_count), made faster (see above)."""
    paragraph = _new(Paragraph)
    set_index, set_start, set_end, set_role, set_sentences, set_word_count = _PARAGRAPH_SETTERS
    set_index(paragraph, index)
    set_start(paragraph, start)
    set_end(paragraph, end)
    set_role(paragraph, role)
    set_sentences(paragraph, sentences)
    set_word_count(paragraph, word_count)
    return paragraph


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    text: str
    paragraph: int
    suggestions: tuple[str, ...] = ()
    related: tuple[Span, ...] = ()
    source_language: str | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)


@dataclass(frozen=True)
class SourceLanguage:
    given: str | None
    inferred: str | None
    confidence: float


@dataclass(frozen=True)
class Scoring:
    method: str
    version: str
    weights: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class MetricScore:
    """One reference-metric figure and how it was computed (sacrebleu signature or formula)."""

    name: str
    score: float
    signature: str


@dataclass(frozen=True)
class ParagraphReport:
    paragraph: Paragraph
    score: float
    penalty: float
    metrics: tuple[tuple[str, MetricScore], ...] = ()


@dataclass(frozen=True)
class DocumentReport:
    document: Document
    target_language: str
    source_language: SourceLanguage
    paragraphs: tuple[ParagraphReport, ...]
    findings: tuple[Finding, ...]
    score: float
    penalty: float
    scoring: Scoring
    metrics: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class InputError:
    path: str
    reason: str


@dataclass(frozen=True)
class Report:
    documents: tuple[DocumentReport, ...]
    errors: tuple[InputError, ...] = ()
