"""The source side of a bilingual check: alignment, glossary, lengths (numbers: numbers.py)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.loaders.text import InputRejected
from tqcheck.rules.base import Context
from tqcheck.segment import split_paragraphs

if TYPE_CHECKING:
    from tqcheck.scoring.metrics import SentencePieceModel

CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class AlignmentError(InputRejected):
    """A source or reference that does not align paragraph by paragraph with the checked text."""

    def __init__(self, what: str, theirs: int, ours: int, ours_label: str = "the checked text") -> None:
        super().__init__(f"{what} has {theirs} paragraph(s), {ours_label} {ours}")
        self.what, self.theirs, self.ours = what, theirs, ours


class GlossaryError(ValueError):
    """A glossary file that cannot be used; str() is the one-line reason."""


def paragraph_texts(text: str) -> tuple[str, ...]:
    return tuple(text[start:end] for start, end in split_paragraphs(text))


def aligned(
    target_text: str, other_text: str, what: str, ours_label: str = "the checked text"
) -> tuple[str, ...]:
    """The other side's paragraphs, one per paragraph of the target (blank lines separate both)."""
    theirs = paragraph_texts(other_text)
    ours = len(split_paragraphs(target_text))
    if len(theirs) != ours:
        raise AlignmentError(what, len(theirs), ours, ours_label)
    return theirs


def base_language(language: str | None) -> str:
    return (language or "").lower().split("-")[0].split("_")[0]


@dataclass(frozen=True)
class GlossaryTerm:
    source: str
    targets: tuple[str, ...]


@dataclass
class BilingualContext(Context):
    """A Context that also sees the source paragraph aligned with each target paragraph."""

    sources: tuple[str, ...] = ()
    source_detected: str | None = None
    glossary: tuple[GlossaryTerm, ...] = ()
    spm: SentencePieceModel | None = None

    @property
    def source_language(self) -> str:
        return base_language(self.source or self.source_detected)

    @property
    def target_language(self) -> str:
        return base_language(self.target)


# --- lengths ---------------------------------------------------------------------------------

# Units (words, or characters for CJK) per English word in ordinary prose. zh and de come from the
# WMT23 references in /work/shared/benchmarks/wmt-mqm (median ratio of reference to source);
# the others are typical word-count ratios of parallel news text, rounded. Unknown languages: 1.0.
VERBOSITY = {
    "en": 1.0, "de": 0.97, "fr": 1.15, "es": 1.12, "it": 1.08, "pt": 1.08, "nl": 1.02,
    "ru": 0.85, "uk": 0.85, "pl": 0.88, "zh": 1.36, "ja": 2.0, "ko": 1.6,
}  # fmt: skip
# Band around the expected ratio: human references of zh-en and en-de all fall inside it except a
# truncated one; a translation outside it has lost (or gained) a large part of the content.
RATIO_LOW, RATIO_HIGH = 0.4, 2.0
# Below this many English-word equivalents in the source, ratios are too noisy to mean anything.
MIN_SOURCE_WORDS = 8


def length(text: str, language: str, spm: SentencePieceModel | None = None) -> int:
    """Subword pieces with a model; else characters (plus non-CJK words) for CJK, words otherwise."""
    if spm is not None:
        return spm.count(text)
    if base_language(language) in CJK_LANGUAGES:
        return len(CJK_CHAR.findall(text)) + len(_WORD.findall(CJK_CHAR.sub(" ", text)))
    return len(_WORD.findall(text))


def expected_ratio(source: str, target: str, spm: SentencePieceModel | None = None) -> float:
    """Target length per source length for the pair; 1.0 with a shared subword model."""
    if spm is not None:
        return 1.0
    return VERBOSITY.get(base_language(target), 1.0) / VERBOSITY.get(base_language(source), 1.0)


def source_word_equivalents(text: str, language: str, spm: SentencePieceModel | None = None) -> float:
    if spm is not None:
        return spm.count(text) / 1.3  # ~1.3 pieces per word in common 8k–32k vocabularies
    return length(text, language) / VERBOSITY.get(base_language(language), 1.0)


# --- glossary --------------------------------------------------------------------------------


def load_glossary(path: Path) -> tuple[GlossaryTerm, ...]:
    """TSV (source<TAB>target[<TAB>alternative…]) or TOML ([terms] "source" = "target" or [...])."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"{path}: cannot read glossary: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"{path}: glossary is not UTF-8 (byte {error.start})") from None
    terms = _glossary_toml(path, text) if path.suffix.lower() == ".toml" else _glossary_tsv(path, text)
    if not terms:
        raise GlossaryError(f"{path}: glossary holds no terms")
    return tuple(sorted(terms, key=lambda term: term.source.lower()))


def _glossary_tsv(path: Path, text: str) -> list[GlossaryTerm]:
    terms = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 2 or not cells[0] or not any(cells[1:]):
            raise GlossaryError(f"{path}:{number}: expected 'source term<TAB>target term'")
        terms.append(GlossaryTerm(cells[0], tuple(c for c in cells[1:] if c)))
    return terms


def _glossary_toml(path: Path, text: str) -> list[GlossaryTerm]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise GlossaryError(f"{path}: invalid TOML: {error}") from None
    table = data.get("terms")
    if not isinstance(table, dict):
        raise GlossaryError(f'{path}: expected a [terms] table of "source" = "target" entries')
    terms = []
    for source, target in table.items():
        targets = (target,) if isinstance(target, str) else target
        if (
            not isinstance(targets, list | tuple)
            or not targets
            or not all(isinstance(t, str) for t in targets)
        ):
            raise GlossaryError(f"{path}: term {source!r} needs a target string or a list of strings")
        terms.append(GlossaryTerm(source, tuple(targets)))
    return terms


def term_pattern(term: str, language: str) -> re.Pattern[str]:
    """A term as whole words, allowing a short inflectional ending (Bundestag-es, Assembly-'s)."""
    escaped = r"\s+".join(re.escape(word) for word in term.split())
    if base_language(language) in CJK_LANGUAGES or CJK_CHAR.search(term):
        return re.compile(escaped, re.IGNORECASE)
    return re.compile(rf"(?<!\w){escaped}(?:\w{{0,3}})(?!\w)", re.IGNORECASE)


# --- examples --------------------------------------------------------------------------------

_GLOSSARY_PREFIX = re.compile(r"^\[glossary:\s*(?P<entries>[^\]]*)\]\s*")


@dataclass(frozen=True)
class BilingualExample:
    source: str | None
    target: str
    glossary: tuple[GlossaryTerm, ...] = ()


def split_example(example: str) -> BilingualExample:
    """A rule example: 'TARGET', or 'SOURCE ⇒ TARGET' (⟦⟧ marks only in the target), optionally
    preceded by '[glossary: source term → target term; …]'."""
    glossary: tuple[GlossaryTerm, ...] = ()
    prefix = _GLOSSARY_PREFIX.match(example)
    if prefix:
        pairs = [entry.split("→") for entry in prefix.group("entries").split(";") if entry.strip()]
        glossary = tuple(GlossaryTerm(s.strip(), (t.strip(),)) for s, t in pairs)
        example = example[prefix.end() :]
    if " ⇒ " not in example:
        return BilingualExample(None, example, glossary)
    source, target = example.split(" ⇒ ", 1)
    return BilingualExample(source, target, glossary)


def fold(text: str) -> str:
    """Lower-case without diacritics, for comparing names across languages."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
