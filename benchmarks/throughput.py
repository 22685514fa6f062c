"""Throughput of the full rule set on English news text, side by side with proselint.

Run: pip install ".[bench]" && python benchmarks/throughput.py [--megabytes 1.0] [--repeat 3]

Both tools lint the same input in the same process run; the best of --repeat runs counts.
tqcheck checks each document on its own (``check``, as ``tqcheck check`` does with rows read
from a pipe), and in batches (``check_batch``, as ``tqcheck check`` does with files and its --jobs
workers do), where each rule runs over the whole batch before the next.

Two inputs:
- a site: the project's English texts (clean and machine-translated corpora plus the seed)
  repeated until the requested size, as documents of about 4 KB. Repetition helps tqcheck's
  caches (langdetect answers, name keys) as recurring names and boilerplate do on a real site;
- each English text once, with tqcheck's caches emptied before every run: the cost of text
  never seen before;
- when ../shared/benchmarks/wmt-mqm/ is there, real machine-translated news never seen before:
  the WMT23 Chinese→English system outputs, one document per system and source article, caches
  emptied before every run as for unique text.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import defaultdict
from pathlib import Path

from scaling import best_of  # benchmarks run as scripts: their folder is on sys.path

from tqcheck import parallel

ROOT = Path(__file__).resolve().parent.parent
WMT_ZH_EN = ROOT.parent / "shared" / "benchmarks" / "wmt-mqm" / "zhen.jsonl"


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


def unique_documents(run: int) -> list[str]:
    # A distinct first line per run: nothing from the previous run can be reused.
    return [f"Run {run}\n\n{document}" for document in english_documents()]


def wmt_documents() -> list[str]:
    """One document per (source article, system) of the WMT23 zh→en outputs, segments as paragraphs."""
    if not WMT_ZH_EN.exists():
        return []
    segments: dict[tuple[str, str], list[str]] = defaultdict(list)
    with WMT_ZH_EN.open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            segments[(row["doc"], row["system"])].append(row["target"])
    return ["\n\n".join(segments[key]) for key in sorted(segments)]


# Caches of set-up work, not of text: rule packs and rule sets, language profiles, parsers,
# models. Every other cache of a tqcheck module is emptied for the runs on text never seen before.
_SET_UP_CACHES = frozenset(
    {
        "tqcheck.langid._factory",
        "tqcheck.rules.name_keys.curated_groups",
        "tqcheck.rules.registry._builtin_rules",
        "tqcheck.rules.engine._alone",
        "tqcheck.rules.builtin.boilerplate._tail_keywords",
        "tqcheck.api._rules_in_play",
        "tqcheck.scoring.metrics.load_spm",
        "tqcheck.loaders.markdown._parser",
    }
)


def empty_caches() -> None:
    """Empty every cache that remembers something about text (found, not listed: a cache added
    later cannot make the figures for unseen text flattering). langid._fast_detector goes too: it
    holds the n-grams of every word it has met."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("tqcheck"):
            continue
        for attribute, value in vars(module).items():
            cache = isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name
            if cache and f"{name}.{attribute}" not in _SET_UP_CACHES:
                value.cache_clear()


def run_tqcheck(documents: list[str], select: tuple[str, ...] = (), batch: int = 0) -> None:
    """Each document checked on its own (``check``), or ``batch`` at a time (``check_batch``)."""
    from tqcheck.api import Options, check, check_batch
    from tqcheck.model import Document

    options = Options(target_lang="en", select=select)
    if not batch:
        for index, text in enumerate(documents):
            check(text, path=f"doc{index}", options=options)
        return
    items = [(Document(path=f"doc{index}", text=text), options) for index, text in enumerate(documents)]
    for start in range(0, len(items), batch):
        check_batch(items[start : start + batch])


def run_proselint(documents: list[str]) -> None:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)  # what proselint's own command line does

    for index, text in enumerate(documents):
        LintFile(f"doc{index}", text).lint()


def measure(name: str, documents: list[str], rows: list[tuple[str, float]], repeat: int, fresh: bool) -> None:
    """Append (tool, seconds) rows for one input."""

    def tqcheck_run(select: tuple[str, ...] = (), batch: int = 0) -> float:
        def action() -> None:
            if fresh:
                empty_caches()
            run_tqcheck(documents, select, batch)

        return best_of(repeat, action)

    rows.append((f"tqcheck (all rules), {name}", tqcheck_run()))
    batch = parallel.BATCH_DOCUMENTS
    rows.append((f"tqcheck (all rules, in batches of {batch}), {name}", tqcheck_run(batch=batch)))
    heuristic = ("CN", "TE", "CQ", "RV", "TY", "BP", "MN")
    rows.append((f"tqcheck (heuristic rules: no language ID), {name}", tqcheck_run(heuristic)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-proselint", action="store_true")
    args = parser.parse_args()

    site = build_input(args.megabytes)
    unique = unique_documents(0)
    run_tqcheck(site)  # warm-up: rule packs, automata and patterns are built once per process
    if not args.skip_proselint:
        run_proselint(site[:3])

    print("| input | tool | seconds | words/s | MB/s | × proselint |\n|---|---|---|---|---|---|")
    inputs = [("site", site, False), ("unique", unique, True), ("wmt zh-en", wmt_documents(), True)]
    for name, documents, fresh in inputs:
        if not documents:
            continue
        rows: list[tuple[str, float]] = []
        measure(name, documents, rows, args.repeat, fresh)
        if not args.skip_proselint:
            rows.append((f"proselint, {name}", best_of(args.repeat, lambda d=documents: run_proselint(d))))
        megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1_000_000
        words = sum(len(d.split()) for d in documents)
        label = f"{name}: {len(documents)} docs, {words:,} words, {megabytes:.2f} MB"
        baseline = rows[-1][1] if not args.skip_proselint else None
        for tool, seconds in rows:
            ratio = f"{baseline / seconds:.1f}" if baseline else "-"
            print(
                f"| {label} | {tool.rsplit(', ', 1)[0]} | {seconds:.3f} | {words / seconds:,.0f} "
                f"| {megabytes / seconds:.2f} | {ratio} |"
            )
    print(f"best of {args.repeat} runs each")


if __name__ == "__main__":
    main()
