"""Throughput of the full rule set on English news text, side by side with proselint.

Run: pip install ".[bench]" && python benchmarks/throughput.py [--megabytes 1.0] [--repeat 3]

Both tools lint the same input in the same process run; the best of --repeat runs counts.
The input is the project's English texts (clean and machine-translated corpora plus the seed),
repeated until it reaches the requested size, split into documents of about 4 KB as a site
would be.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scaling import best_of  # benchmarks run as scripts: their folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent


def english_documents() -> list[str]:
    paths = sorted((ROOT / "corpora").glob("clean-en/*.txt")) + sorted((ROOT / "corpora").glob("*-en/*.txt"))
    paths.append(ROOT / "seeds" / "000_9f623145526f7808.txt")
    return [path.read_text(encoding="utf-8") for path in paths]


def build_input(megabytes: float) -> list[str]:
    documents = english_documents()
    target = int(megabytes * 1_000_000)
    batch: list[str] = []
    size = 0
    while size < target:
        for document in documents:
            # A distinct first line per copy: proselint memoises results by text, and a site
            # never holds two identical articles.
            batch.append(f"Edition {len(batch)}\n\n{document}")
            size += len(document.encode("utf-8"))
            if size >= target:
                break
    return batch


def run_tqcheck(documents: list[str], select: tuple[str, ...] = ()) -> None:
    from tqcheck.api import Options, check

    options = Options(target_lang="en", select=select)
    for index, text in enumerate(documents):
        check(text, path=f"doc{index}", options=options)


def run_proselint(documents: list[str]) -> None:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)  # what proselint's own command line does

    for index, text in enumerate(documents):
        LintFile(f"doc{index}", text).lint()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-proselint", action="store_true")
    args = parser.parse_args()

    documents = build_input(args.megabytes)
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1_000_000
    words = sum(len(d.split()) for d in documents)
    run_tqcheck(documents[:3])  # warm-up: rule packs and automata are built once per process

    rows = [("tqcheck (all rules)", best_of(args.repeat, lambda: run_tqcheck(documents)))]
    rows.append(
        (
            "tqcheck (heuristic rules: no language ID)",
            best_of(args.repeat, lambda: run_tqcheck(documents, ("CN", "TE", "CQ", "RV", "TY", "BP", "MN"))),
        )
    )
    if not args.skip_proselint:
        run_proselint(documents[:3])
        rows.append(("proselint", best_of(args.repeat, lambda: run_proselint(documents))))

    print(f"input: {len(documents)} documents, {words:,} words, {megabytes:.2f} MB, best of {args.repeat}")
    print("| tool | seconds | words/s | MB/s |\n|---|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {words / seconds:,.0f} | {megabytes / seconds:.2f} |")
    if not args.skip_proselint:
        ratio = rows[-1][1] / rows[0][1]
        print(f"tqcheck (all rules) is {ratio:.1f}× proselint's words per second on the same input")


if __name__ == "__main__":
    main()
