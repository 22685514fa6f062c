"""Language identification: a cheap function-word vote first, langdetect only when it is unsure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tqcheck.langdetect_fast import FastDetector

# Short, frequent words that are rare in the other supported languages.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to is was were are that with for this have has had by from which "
        "would been their they will not but also its it his her who said says".split()
    ),
    "fr": frozenset(
        "le la les des du et est une dans pour que qui sur avec au aux ce cette sont pas "
        "par il elle ont été leur mais nous vous où plus son ses été".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine mit den dem des von zu auf für sich auch "
        "wird wurde sind im nach bei aus wie noch über oder hat haben".split()
    ),
    "es": frozenset(
        "el la los las de del y en que es por con una para se al lo como más pero sus "
        "su fue está han ha este esta entre".split()
    ),
    "it": frozenset(
        "il lo la gli le di del della che è per con una un sono non anche nel nella "
        "dei delle alla ha hanno come questo questa".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e em que é para com uma um não por mais como foi "
        "são seu sua também ao pelo pela".split()
    ),
    "nl": frozenset(
        "de het een en van is dat op te in niet met voor zijn er aan ook als bij om "
        "door maar wordt werd naar heeft".split()
    ),
}
# More words that are common in one language and rare in the other supported ones. Two distinct
# ones (or function words) in a sentence settle that it is in that language without statistics:
# UT001 then skips langdetect for the headlines and short quotes that have too few function words.
_MORE_COMMON_WORDS: dict[str, str] = {
    "en": "after at about into than more when while before because could should there these those "
    "what where them then only other such some most many she we you our your out up all just did "
    "does first two years us can even very now how why being since under between against during "
    "without through across any each both last next",
    "fr": "aussi après avant depuis encore comme déjà très sans sous dont lors selon ainsi alors "
    "toujours leurs cela ceux celle avait était sera peut fait tout tous toute même deux trois ans "
    "ils elles ces notre votre vers chez puis donc",
    "de": "einen einem einer eines wir ihre ihren ihrer sein seine seiner seinen dass aber waren "
    "werden wurden kann können muss soll sollen hatte hatten gibt schon nur mehr sehr jetzt heute "
    "immer wieder gegen unter zwischen seit durch ohne bis vor zum zur vom beim ins dieser diese "
    "dieses diesem diesen kein keine uns wenn weil doch etwa rund jahren prozent neue neuen zwei drei",
    "es": "también muy hasta cuando donde sin ya hay sido tiene tienen había puede pueden hace dijo "
    "según tras años tres nuevo nueva ellos ellas él ella unos unas otro otra otros todo todos "
    "toda todas cada mismo aunque mientras después ahora aún así estos estas esto eso ese esa están "
    "estaba fueron será",
    "it": "degli dello dalla dal dai dalle sul sulla sui agli alle allo nei nelle negli più già "
    "ancora essere stato stata stati erano sarà può deve fatto dopo prima mentre però perché dove "
    "anni due tre nuovo nuova ogni tutto tutti tutte molto ci loro suo suoi sue questi queste "
    "quello quella secondo oggi sempre",
}
COMMON_WORDS: dict[str, frozenset[str]] = {
    language: words | frozenset(_MORE_COMMON_WORDS.get(language, "").split())
    for language, words in FUNCTION_WORDS.items()
}
SUPPORTED = ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "zh-cn", "ja", "ko")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґ]", re.IGNORECASE)
_HIRAGANA_KATAKANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


@dataclass(frozen=True)
class Guess:
    language: str | None
    confidence: float
    method: str


_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {}
for _language, _words in FUNCTION_WORDS.items():
    for _word in _words:
        _LANGUAGES_OF_WORD[_word] = (*_LANGUAGES_OF_WORD.get(_word, ()), _language)
_NON_LATIN = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


def function_word_vote(text: str) -> tuple[dict[str, int], int]:
    """Hits per language among the function-word lists, and the number of words seen."""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    words = _WORD.findall(text.lower())
    # Only the few listed words get a Python iteration: the lookups and the filter run in C.
    for languages in filter(None, map(_LANGUAGES_OF_WORD.get, words)):
        for language in languages:
            counts[language] += 1
    return counts, len(words)


def script_guess(text: str) -> Guess | None:
    if not _NON_LATIN.search(text):
        return None
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic / letters > 0.5:
        language = "uk" if _UKRAINIAN_LETTERS.search(text) else "ru"
        return Guess(language, 0.9, "script")
    cjk = len(_CJK.findall(text))
    if cjk / letters > 0.3:
        if _HANGUL.search(text):
            return Guess("ko", 0.9, "script")
        if _HIRAGANA_KATAKANA.search(text):
            return Guess("ja", 0.9, "script")
        return Guess("zh", 0.9, "script")
    return None


def quick_guess(text: str, min_words: int = 4) -> Guess:
    """Script, then function words; confidence says how clear the vote was."""
    by_script = script_guess(text)
    if by_script is not None:
        return by_script
    counts, total = function_word_vote(text)
    if total < min_words:
        return Guess(None, 0.0, "function-words")
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    (best, best_hits), (_, second_hits) = ranked[0], ranked[1]
    if best_hits == 0:
        return Guess(None, 0.0, "function-words")
    share = best_hits / total
    margin = (best_hits - second_hits) / best_hits
    return Guess(best, round(min(1.0, share * 3) * margin, 4), "function-words")


@lru_cache(maxsize=1)
def _factory():  # type: ignore[no-untyped-def]
    # Loaded lazily and restricted to the languages we support: loading every profile
    # costs ~0.4 s, these few ~40 ms.
    import json
    from pathlib import Path

    import langdetect
    from langdetect.detector_factory import DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    profiles = Path(langdetect.__file__).parent / "profiles"
    factory = DetectorFactory()
    for index, language in enumerate(SUPPORTED):
        data = json.loads((profiles / language).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(SUPPORTED))
    factory.set_seed(0)
    return factory


@lru_cache(maxsize=1)
def _fast_detector() -> FastDetector:
    # langdetect's get_probabilities() on a fresh detector, computed ~2x faster with identical
    # floats (tests/test_langdetect_fast.py compares the two). Imported here, like langdetect.
    from tqcheck.langdetect_fast import FastDetector

    factory = _factory()
    return FastDetector(factory.word_lang_prob_map, factory.langlist, factory.seed)


def load_profiles() -> None:
    """Load the language profiles now rather than on the first uncertain span."""
    _fast_detector()


@lru_cache(maxsize=4096)
def statistical_guess(text: str) -> Guess:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        language, probability = _fast_detector().probabilities(text)[0]
    except (LangDetectException, IndexError):
        return Guess(None, 0.0, "langdetect")
    if language.startswith("zh"):
        language = "zh"
    return Guess(language, round(probability, 4), "langdetect")


def guess(text: str, threshold: float = 0.5) -> Guess:
    """Best guess for a span: the cheap vote when it is clear, langdetect otherwise."""
    quick = quick_guess(text)
    if quick.language is not None and quick.confidence >= threshold:
        return quick
    statistical = statistical_guess(text[:2000])
    if statistical.language is None:
        return quick
    return statistical
