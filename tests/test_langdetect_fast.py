"""tqcheck.langdetect_fast must give exactly langdetect's answers: the same languages, the same
probability floats (compared with ==, not approximately), the same failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from langdetect.lang_detect_exception import LangDetectException

from tqcheck import langdetect_fast, langid
from tqcheck.segment import segment

ROOT = Path(__file__).resolve().parent.parent
WMT_MQM = ROOT.parent / "shared" / "benchmarks" / "wmt-mqm"
NO_FEATURES = "no features"

# The sorted (language, probability) pairs above 0.1 and every language's probability: the
# pairs alone would hide most arithmetic slips, as the leader's share rounds to the same float.
Answer = tuple[list[tuple[str, float]], list[float]] | str


def _langdetect(text: str) -> Answer:
    detector = langid._factory().create()
    detector.append(text)
    try:
        pairs = [(language.lang, language.prob) for language in detector.get_probabilities()]
    except LangDetectException:
        return NO_FEATURES
    return pairs, detector.langprob


def _fast(text: str) -> Answer:
    detector = langid._fast_detector()
    try:
        return detector.probabilities(text), detector.averaged(text)
    except LangDetectException:
        return NO_FEATURES


def _reference_guess(text: str) -> langid.Guess:
    """statistical_guess as it was, on langdetect's own Detector."""
    answer = _langdetect(text)
    if isinstance(answer, str) or not answer[0]:
        return langid.Guess(None, 0.0, "langdetect")
    language, probability = answer[0][0]
    return langid.Guess("zh" if language.startswith("zh") else language, round(probability, 4), "langdetect")


def _same_ngrams(text: str) -> bool:
    """preprocess() and ngrams() against Detector.append(), cleaning_text() and _extract_ngrams()."""
    detector = langid._factory().create()
    detector.append(text)
    detector.cleaning_text()
    preprocessed = langdetect_fast.preprocess(text)
    return preprocessed == detector.text and langid._fast_detector().ngrams(preprocessed) == (
        detector._extract_ngrams()
    )


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for paragraph in segment(text) for s in paragraph.sentences]


def _mismatches(spans: list[str]) -> list[tuple[str, Answer, Answer]]:
    return [(span, fast, slow) for span in spans if (fast := _fast(span)) != (slow := _langdetect(span))]


def test_every_corpus_sentence() -> None:
    paths = sorted((ROOT / "corpora").glob("*/*.txt"))
    spans = [span for path in paths for span in _sentences(path.read_text(encoding="utf-8"))]
    assert len(spans) > 1000
    assert _mismatches(spans) == []
    assert [span for span in spans if not _same_ngrams(span)] == []


@pytest.mark.skipif(not WMT_MQM.is_dir(), reason="the shared WMT MQM benchmark is not checked out")
def test_every_wmt_mqm_target_sentence() -> None:
    targets = {
        json.loads(line)["target"]
        for path in sorted(WMT_MQM.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    spans = sorted({span for target in targets for span in _sentences(target)})
    assert len(spans) > 1000
    assert _mismatches(spans) == []


def test_text_beyond_max_text_length() -> None:
    # langdetect reads the first 10000 characters; these texts need about 1000 iterations a trial.
    text = (ROOT / "corpora" / "clean-en" / "cup-final.txt").read_text(encoding="utf-8")
    long_text = (text + " ") * (10001 // len(text) + 2)
    assert len(long_text) > 10000
    mixed = "Ситуация остается напряженной, 東京都庁舎 and the city. " * 300
    assert _mismatches([long_text, long_text[:9999] + "   x", mixed]) == []


@pytest.mark.parametrize("text", ["", " ", " \n\t ", "12345 678", "--- !!! ???", "http://example.com/a?b=c"])
def test_no_features(text: str) -> None:
    assert _fast(text) == _langdetect(text) == NO_FEATURES
    assert langid.statistical_guess.__wrapped__(text) == langid.Guess(None, 0.0, "langdetect")


_PIECES = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ  ", min_size=1, max_size=30),
    st.text(alphabet="éèàùçñßäöüøåæœÉÀÇ’'«»„“”—–…ąęłńśźżąćđăâêôơưşţșț", min_size=1, max_size=10),
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДіїєґ", min_size=1, max_size=20),
    st.text(alphabet="東京都庁舎日本語中文漢字国家あいうえおアイウエオ서울시한국어ㄅㄆ", max_size=20),
    # Vietnamese letters with combining marks (NGram.normalize_vi), Arabic, Latin Extended Additional.
    st.text(alphabet="aeiouyAEIOUY\u0300\u0301\u0303\u0309\u0323\u06cc\u064a\u1ea0\u1ec3\u1e00", max_size=10),
    st.text(alphabet="0123456789 .,;:!?()[]{}@#%&*+-=/\\\t\n\u00a0\u202f", max_size=10),
    # Title case, upper case that is not a letter, lone surrogates, NUL: str.isupper and islower edges.
    st.text(alphabet="ǅǈǋⒶⓐİıſßẞ\ud800\udfff\x00", max_size=6),
    st.from_regex(r"https?://[a-z0-9.-]{1,20}/[-_.?&~;+=/#0-9A-Za-z]{0,20}", fullmatch=True),
    st.from_regex(r"[a-z0-9._-]{1,10}@[a-z0-9-]{1,10}\.[a-z]{2,3}", fullmatch=True),
    st.sampled_from(["the", "and", "der", "und", "le", "la", "el", "de", "il", "het", "не", "и", "的", "は"]),
    st.characters(),
)
_TEXTS = st.lists(
    st.tuples(_PIECES, st.sampled_from([" ", "", "  ", ". ", "\n"])).map("".join), max_size=20
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
@example("")
@example("   ")
@example("2024 1,800 42")
@example("NASA USA EU UN")  # capitalised words only: no n-gram is extracted
@example("Tiếng Việt có dấu")
def test_generated_text(text: str) -> None:
    assert _same_ngrams(text)
    assert _fast(text) == _langdetect(text)
    assert langid.statistical_guess.__wrapped__(text) == _reference_guess(text)


@settings(max_examples=15, deadline=None)
@given(_TEXTS.filter(bool), st.integers(min_value=2, max_value=40))
def test_generated_long_text(text: str, copies: int) -> None:
    text = " ".join([text] * (10000 // len(text) + copies))
    assert _fast(text) == _langdetect(text)
