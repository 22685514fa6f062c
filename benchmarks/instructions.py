"""Instructions a whole check costs, counted by valgrind: a figure that does not move with the
machine's load, for deciding whether a change to the checker is faster.

Run: python benchmarks/instructions.py [--megabytes 0.3] [--runs 1]   (needs valgrind on PATH)

Wall-clock timings on a shared machine move by 5-10 % from run to run; callgrind's count of
executed instructions repeats to about 0.1 %. The script counts a child process that checks the
throughput benchmark's site input in batches after a warm-up, and subtracts a child that does only
the warm-up (imports, packs, first compilation of the patterns). Garbage collection is frozen
after the warm-up and then disabled, so that a change in how many objects are allocated does not
move a collection in or out of the counted part. Instructions are not time (cache misses are not
counted): confirm a gain this finds with alternating timed runs (CONTRIBUTING).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = """
import gc, sys
sys.path.insert(0, {here!r})
import throughput
warm = throughput.build_input(0.3)
throughput.run_tqcheck(warm, batch=64)  # compiles everything this kind of text needs
gc.freeze()
gc.disable()
if {megabytes} > 0:
    site = [f"Again {{i}}\\n\\n{{text}}" for i, text in enumerate(throughput.build_input({megabytes}))]
    throughput.run_tqcheck(site, batch=64)
"""
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def count(megabytes: float) -> int:
    """Instructions executed by a child checking ``megabytes`` after the warm-up."""
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            _CHILD.format(here=str(HERE), megabytes=megabytes),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = _COLLECTED.search(result.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=0.3)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not on PATH (Debian: apt-get install valgrind)")
    warm_up = count(0)
    for _ in range(args.runs):
        checked = count(args.megabytes) - warm_up
        print(f"{checked / 1e6:,.0f} M instructions to check {args.megabytes} MB (warm-up apart)")


if __name__ == "__main__":
    main()
