"""Peak memory of `tqcheck check --format jsonl --output …` against corpus size: it should not grow.

Run: python benchmarks/memory.py [--megabytes 10 1000] [--jobs 1]

Each corpus is generated in a temporary directory (deleted afterwards): JSONL rows of about
4 KB of English news text (the project's corpora, each copy with its own first line), the
shape of a site's articles. tqcheck runs as a subprocess; its peak resident set size comes from
``wait4`` (the largest single process, workers included), and the whole process tree is also
sampled from /proc every 0.2 s (main process plus workers, added up).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def english_bodies() -> list[str]:
    paths = sorted(ROOT.glob("corpora/clean-en/*.txt")) + sorted(ROOT.glob("corpora/*-en/*.txt"))
    paths.append(ROOT / "seeds" / "000_9f623145526f7808.txt")
    return [path.read_text(encoding="utf-8") for path in paths]


def write_corpus(path: Path, megabytes: float) -> int:
    """About ``megabytes`` of JSONL rows; returns the number of rows."""
    # Encoded once: a 1 GB corpus is written in seconds, not minutes.
    bodies = [json.dumps(body, ensure_ascii=False)[1:] for body in english_bodies()]
    target = int(megabytes * 1_000_000)
    written = rows = 0
    with path.open("w", encoding="utf-8") as stream:
        while written < target:
            body = bodies[rows % len(bodies)]
            row = f'{{"id":{rows},"target":"Edition {rows}\\n\\n{body}}}\n'
            stream.write(row)
            written += len(row.encode("utf-8"))
            rows += 1
    return rows


def _tree_rss(pid: int) -> int:
    """Resident kilobytes of a process and its descendants (0 once it has exited)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0)
        pending.extend(int(child) for child in children)
    return total


def measure(corpus: Path, output: Path, jobs: int) -> tuple[float, int, int, int]:
    """Seconds, peak RSS of the largest process (KB), peak RSS of the tree (KB), exit code."""
    command = [sys.executable, "-m", "tqcheck.cli", "check", "--format", "jsonl", "--jobs", str(jobs)]
    command += ["--output", str(output), str(corpus)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.2):
            peak_tree = max(peak_tree, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, peak_tree, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[10.0, 1000.0])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    rows = []
    folder = Path(tempfile.mkdtemp(prefix="tqcheck-memory-"))
    try:
        for megabytes in args.megabytes:
            corpus = folder / f"corpus-{megabytes:g}MB.jsonl"
            count = write_corpus(corpus, megabytes)
            size = corpus.stat().st_size
            seconds, peak, tree, code = measure(corpus, folder / "report.jsonl", args.jobs)
            assert code in (0, 1), f"tqcheck exited {code}"
            with (folder / "report.jsonl").open("rb") as reports:
                lines = sum(1 for _ in reports)
            assert lines == count, f"{lines} report lines for {count} rows"
            report_size = (folder / "report.jsonl").stat().st_size
            rows.append((size, count, seconds, peak, tree, report_size))
            corpus.unlink()
            print(f"done: {size / 1e6:,.0f} MB in {seconds:,.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"tqcheck check --format jsonl --jobs {args.jobs} --output report.jsonl corpus.jsonl")
    print("| input | rows | report | seconds | MB/s | peak RSS, largest process | peak RSS, all processes |")
    print("|---|---|---|---|---|---|---|")
    for size, count, seconds, peak, tree, report_size in rows:
        print(
            f"| {size / 1e6:,.0f} MB | {count:,} | {report_size / 1e6:,.0f} MB | {seconds:,.1f} "
            f"| {size / 1e6 / seconds:.2f} | {peak / 1024:,.0f} MB | {tree / 1024:,.0f} MB |"
        )


if __name__ == "__main__":
    main()
