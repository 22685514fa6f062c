"""Time per call of langdetect's Detector and of tqcheck.langdetect_fast on the same spans.

Run: PYTHONPATH=$PWD python benchmarks/langdetect_speed.py [--repeat 5]

Spans: the English sentences of 8-15 words of the corpora (what reaches langdetect in practice:
headlines and short quotes with too few function words), sentences of 16-40 words, whole
paragraphs, and a text beyond langdetect's 10000-character limit. The best of --repeat runs counts.
"fast, cold" starts each run with a new FastDetector, whose cache of each word's n-grams is empty
(the words of the spans in one run still meet each other), as on text never seen before.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from langdetect.lang_detect_exception import LangDetectException

from tqcheck import langid
from tqcheck.segment import segment

ROOT = Path(__file__).resolve().parent.parent


def spans() -> dict[str, list[str]]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpora").glob("*-en/*.txt"))]
    sentences = [
        text[sentence.start : sentence.end]
        for text in texts
        for paragraph in segment(text)
        for sentence in paragraph.sentences
    ]
    paragraphs = [text[p.start : p.end] for text in texts for p in segment(text)]
    return {
        "sentences of 8-15 words": [s for s in sentences if 8 <= len(s.split()) <= 15],
        "sentences of 16-40 words": [s for s in sentences if 16 <= len(s.split()) <= 40],
        "paragraphs": [p for p in paragraphs if len(p.split()) > 40][:40],
        "text > 10000 characters": ["\n\n".join(texts)[:12000]],
    }


def with_langdetect(text: str) -> object:
    detector = langid._factory().create()
    detector.append(text)
    try:
        return detector.get_probabilities()
    except LangDetectException:
        return None


def with_fast(text: str) -> object:
    try:
        return langid._fast_detector().probabilities(text)
    except LangDetectException:
        return None


def per_call(function: Callable[[str], object], texts: list[str], repeat: int, cold: bool = False) -> float:
    best = float("inf")
    for _ in range(repeat):
        if cold:  # a new FastDetector: no word's n-grams known yet
            langid._fast_detector.cache_clear()
            langid._fast_detector()
        start = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, (time.perf_counter() - start) / len(texts))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    langid.load_profiles()
    print(f"{'spans':26} {'count':>5} {'langdetect':>11} {'fast':>9} {'speed-up':>8} {'fast, cold':>11}")
    for name, texts in spans().items():
        slow = per_call(with_langdetect, texts, args.repeat)
        fast = per_call(with_fast, texts, args.repeat)
        cold = per_call(with_fast, texts, args.repeat, cold=True)
        print(
            f"{name:26} {len(texts):5} {slow * 1e6:9.0f}us {fast * 1e6:7.0f}us {slow / fast:7.2f}x"
            f" {cold * 1e6:7.0f}us {slow / cold:5.2f}x"
        )


if __name__ == "__main__":
    main()
