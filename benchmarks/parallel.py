"""Speed-up of `tqcheck check --jobs N` on a large batch, end to end (read, check, write).

Run: python benchmarks/parallel.py [--megabytes 8] [--jobs 1 2] [--repeat 2]

The batch is one JSONL file of about 4 KB English news articles (the corpus benchmarks/memory.py
writes), checked with --format jsonl --output in a subprocess; best of --repeat. The outputs of
the --jobs values are compared (they must be byte-identical). CPU seconds (tqcheck and its
workers) show what parallelism costs whatever else the machine runs, and the main process's
own share (reading rows, pickling them out and their JSONL lines back, writing) is measured on a
sample: work that the workers cannot take over.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import write_corpus


def run(corpus: Path, output: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of tqcheck and its workers (user + system)."""
    command = [sys.executable, "-m", "tqcheck.cli", "check", "--format", "jsonl", "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([*command, "--output", str(output), str(corpus)], check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode in (0, 1), f"tqcheck exited {result.returncode}"
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def serial_share(corpus: Path, sample: int = 200) -> tuple[float, float]:
    """Seconds per document for checking, and for the main process's own work (a sample): it
    reads each row and pickles it out; the workers send back each document's JSONL line."""
    from tqcheck.api import check_document
    from tqcheck.loaders.jsonl import iter_jsonl
    from tqcheck.reporters.jsonl import line

    with corpus.open("rb") as stream:
        documents = [d for _, d in zip(range(sample), iter_jsonl(str(corpus), stream), strict=False)]
    check_document(documents[0])  # warm-up
    started = time.perf_counter()
    reports = [check_document(document) for document in documents]
    checking = time.perf_counter() - started
    lines = [(line(report), False) for report in reports]  # made in the workers
    started = time.perf_counter()
    with corpus.open("rb") as stream:
        list(zip(range(sample), iter_jsonl(str(corpus), stream), strict=False))
    for document, rendered in zip(documents, lines, strict=True):
        pickle.loads(pickle.dumps(document))
        pickle.loads(pickle.dumps(rendered))
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.writelines(rendered for rendered, _ in lines)
    main_process = time.perf_counter() - started
    return checking / sample, main_process / sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=8.0)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tqcheck-parallel-") as folder:
        corpus = Path(folder) / "corpus.jsonl"
        rows = write_corpus(corpus, args.megabytes)
        timings = {}
        outputs = {}
        for jobs in args.jobs:
            output = Path(folder) / f"jobs{jobs}.jsonl"
            timings[jobs] = min(run(corpus, output, jobs) for _ in range(args.repeat))
            outputs[jobs] = output.read_bytes()
        if len(set(outputs.values())) != 1:  # tests/test_jobs.py asserts it; here, a tree being edited
            print("warning: the outputs differ between --jobs values; was the code edited meanwhile?")
        per_document, main_share = serial_share(corpus)

    size = args.megabytes
    print(f"input: {rows:,} documents, {size:g} MB JSONL; {len(os.sched_getaffinity(0))} cores available")
    command = "tqcheck check --format jsonl --jobs N --output report.jsonl corpus.jsonl"
    print(f"command: {command} (best of {args.repeat})")
    # CPU seconds do not depend on what else the machine runs: their growth is the true cost of
    # parallelism (pickling, a process per worker), the ceiling of the speed-up on idle cores.
    print("| jobs | seconds | MB/s | speed-up | CPU seconds | CPU vs 1 job |\n|---|---|---|---|---|---|")
    first_wall, first_cpu = timings[args.jobs[0]]
    for jobs, (seconds, cpu) in timings.items():
        print(
            f"| {jobs} | {seconds:.1f} | {size / seconds:.2f} | {first_wall / seconds:.2f}× "
            f"| {cpu:.1f} | {cpu / first_cpu:.2f}× |"
        )
    print(
        f"checking: {per_document * 1000:.2f} ms per document; main process alone (read, pickle "
        f"rows out and lines back, write): {main_share * 1000:.2f} ms ({main_share / per_document:.1%})"
    )


if __name__ == "__main__":
    main()
