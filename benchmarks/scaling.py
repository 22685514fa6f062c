"""How check time grows with document length, with the number of rules, and with distinct names.

Run: python benchmarks/scaling.py [--max-chars 10000000] [--rules 10 100 1000 5000]
                                  [--names 500 1000 2000 4000 8000] [--repeat 3]

Linear growth shows as a "per unit" column that stays flat; a quadratic step shows as a
column that grows with the size (×10 per ×10 of length). All runs are in one process after a
warm-up (rule packs and language profiles loaded), best of --repeat, target language given.

1. One document of 1K … 10M characters of English news text (the project's corpora, each
   copy with its own first line and numbers, so it is not the same paragraphs verbatim).
2. N synthetic phrase rules in a temporary user pack (Options(rule_packs=…)), half of them
   phrases that occur in the text, on a fixed batch of 4 KB documents (--rule-documents).
3. One document naming N distinct capitalised people, each several times and some in a
   variant spelling: the name-consistency detector's worst case.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tqcheck.api import Options, check

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = Options(target_lang="en")


def english_texts() -> list[str]:
    paths = sorted(ROOT.glob("corpora/clean-en/*.txt")) + sorted(ROOT.glob("corpora/*-en/*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


def document_of(chars: int, texts: list[str]) -> str:
    parts: list[str] = []
    size = 0
    for copy in itertools.count():
        for text in texts:
            # Each copy's numbers shifted: distinct figures, as in a real archive.
            varied = re.sub(r"\d+", lambda m, c=copy: str(int(m.group()) + c), text)
            parts.append(f"Edition {copy}\n\n{varied.strip()}\n\n")
            size += len(parts[-1])
            if size >= chars:
                return "".join(parts)[:chars]
    raise AssertionError("unreachable")


def best_of(repeat: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def by_length(max_chars: int, repeat: int) -> None:
    texts = english_texts()
    print("\n#### Document length (all rules)\n")
    print("| characters | seconds | µs per character | ×time for ×length |\n|---|---|---|---|")
    previous: tuple[int, float] | None = None
    chars = 1000
    while chars <= max_chars:
        text = document_of(chars, texts)
        seconds = best_of(repeat if chars < 1_000_000 else 1, lambda t=text: check(t, options=OPTIONS))
        growth = f"{seconds / previous[1]:.1f} for ×{chars // previous[0]}" if previous else ""
        print(f"| {chars:,} | {seconds:.3f} | {seconds / chars * 1e6:.1f} | {growth} |", flush=True)
        previous = (chars, seconds)
        chars *= 10


_RULE = """
[[rule]]
id = "{id}"
name = "bench-phrase-{number}"
kind = "phrase"
target = "en"
severity = "minor"
category = "style/unidiomatic"
phrases = ["{phrase}"]
message = "Synthetic rule {number}."
suggestion = "something else"
why = "A benchmark rule."
bad = ["⟦{phrase}⟧"]
good = ["nothing to see"]
"""


def synthetic_pack(folder: Path, count: int, text: str) -> Path:
    """``count`` phrase rules: half bigrams from ``text`` (they hit), half made-up (they don't)."""
    words = re.findall(r"[a-z]{3,}", text.lower())
    bigrams = sorted({f"{a} {b}" for a, b in itertools.pairwise(words)})
    randomness = random.Random(count)
    real = randomness.sample(bigrams, min(count // 2, len(bigrams)))
    invented = [f"{randomness.choice(words)}x{number} {randomness.choice(words)}" for number in range(count)]
    phrases = (real + invented)[:count]
    path = folder / f"synthetic-{count}.toml"
    rules = (
        _RULE.format(id=f"Z{chr(ord('A') + n // 1000)}{n % 1000:03d}", number=f"{n:05d}", phrase=phrase)
        for n, phrase in enumerate(phrases)
    )
    path.write_text("".join(rules), encoding="utf-8")
    return path


def by_rule_count(counts: list[int], repeat: int, documents: int) -> None:
    texts = english_texts()
    batch = [document_of(4000, texts[i:] + texts[:i]) for i in range(documents)]
    joined = "\n".join(batch)

    def run(options: Options) -> None:
        for index, document in enumerate(batch):
            check(document, f"doc{index}", options)

    baseline = best_of(repeat, lambda: run(OPTIONS)) / documents
    alone = f"built-in rules alone: {baseline * 1000:.1f} ms each"
    print(f"\n#### Rule count ({documents} documents of 4 KB; {alone})\n")
    print(
        "| extra phrase rules | first check (s) | ms per document | extra ms per document per 1,000 rules |"
    )
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            pack = synthetic_pack(Path(folder), count, joined)
            options = Options(target_lang="en", rule_packs=(pack,))
            started = time.perf_counter()
            check("Warm-up.", options=options)  # parses the pack and builds its automaton
            first = time.perf_counter() - started
            seconds = best_of(repeat if count < 1000 else 1, lambda o=options: run(o)) / documents
            extra = (seconds - baseline) / count * 1000 * 1000
            print(f"| {count:,} | {first:.2f} | {seconds * 1000:.1f} | {extra:+.2f} |", flush=True)


_SYLLABLES = "ka lo mi ra ven dor sel tam bri gus hal nor pet vik zan mar cel tor lin das".split()


def names_document(count: int) -> str:
    """``count`` distinct people, each named three times; one in ten also misspelt once."""
    randomness = random.Random(7)
    people: set[tuple[str, str]] = set()
    while len(people) < count:
        first = "".join(randomness.sample(_SYLLABLES, 2)).capitalize()
        last = "".join(randomness.sample(_SYLLABLES, 3)).capitalize()
        people.add((first, last))
    paragraphs = []
    for index, (first, last) in enumerate(sorted(people)):
        variant = last[:-1] + "e" + last[-1] if index % 10 == 0 else last
        paragraphs.append(
            f"{first} {last} said on Tuesday that the council would meet again. "
            f"{last} added that the vote was close, and {variant} later confirmed it."
        )
    return "\n\n".join(paragraphs)


def by_name_count(counts: list[int], repeat: int) -> None:
    print("\n#### Distinct names in one document (all rules)\n")
    print("| names | characters | seconds | ms per name | ×time for ×names |\n|---|---|---|---|---|")
    previous: tuple[int, float] | None = None
    for count in counts:
        text = names_document(count)
        seconds = best_of(repeat, lambda t=text: check(t, options=OPTIONS))
        growth = f"{seconds / previous[1]:.1f} for ×{count / previous[0]:g}" if previous else ""
        print(
            f"| {count:,} | {len(text):,} | {seconds:.2f} | {seconds / count * 1000:.2f} | {growth} |",
            flush=True,
        )
        previous = (count, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-chars", type=int, default=10_000_000)
    parser.add_argument("--rules", type=int, nargs="*", default=[10, 100, 1000, 5000])
    parser.add_argument("--rule-documents", type=int, default=25, help="4 KB documents per rule-count run")
    parser.add_argument("--names", type=int, nargs="*", default=[500, 1000, 2000, 4000, 8000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    check(document_of(20_000, english_texts()), options=OPTIONS)  # warm-up
    if args.max_chars:
        by_length(args.max_chars, args.repeat)
    if args.rules:
        by_rule_count(args.rules, args.repeat, args.rule_documents)
    if args.names:
        by_name_count(args.names, args.repeat)


if __name__ == "__main__":
    main()
