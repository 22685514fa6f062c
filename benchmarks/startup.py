"""Wall time of one small `tqcheck check` (the seed article): what a pre-commit hook pays per run.

Run: python benchmarks/startup.py [--runs 30] [--importtime]

With hyperfine installed (apt-get install hyperfine) it does the measuring (3 warm-up runs);
otherwise a subprocess loop. The command is the installed console script, as a hook calls it.
--importtime also lists the slowest imports (python -X importtime) of that command, to find
eager imports of libraries the check path does not need. PYTHONDONTWRITEBYTECODE is dropped for
the runs: an installed package has its .pyc files, and the warm-up runs write them here too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
SEED = "seeds/000_9f623145526f7808.txt"
# Must never be imported by `tqcheck check` on a plain text file.
HEAVY = ("sacrebleu", "sentencepiece", "fastapi", "uvicorn", "lxml", "markdown_it", "jsonschema", "polib")


def command() -> list[str]:
    script = Path(sys.executable).parent / "tqcheck"
    return [str(script) if script.exists() else "tqcheck", "check", SEED]


def with_hyperfine(runs: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "times.json"
        subprocess.run(
            ["hyperfine", "--warmup", "3", "--runs", str(runs), "--ignore-failure", "--style", "none",
             "--export-json", str(export), " ".join(command())],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=ENVIRONMENT,
        )  # fmt: skip
        times = json.loads(export.read_text())["results"][0]["times"]
    return statistics.median(times), min(times), max(times)


def with_loop(runs: int) -> tuple[float, float, float]:
    times = []
    for index in range(runs + 3):
        started = time.perf_counter()
        subprocess.run(command(), cwd=ROOT, stdout=subprocess.DEVNULL, check=False, env=ENVIRONMENT)
        if index >= 3:  # warm-up: the page cache and .pyc files
            times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def import_times(top: int) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest top-level imports of the command."""
    script = f"import sys; sys.argv = {command()!r}; from tqcheck.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=ENVIRONMENT,
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line[13:]:
            continue
        _, cumulative, name = (part.strip() for part in line[12:].split("|"))
        if cumulative.isdigit():
            rows.append((int(cumulative), name))
    heavy = sorted({name.split(".")[0] for _, name in rows} & set(HEAVY))
    print(f"heavy libraries imported: {', '.join(heavy) or 'none'}")
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()

    tool = "hyperfine" if shutil.which("hyperfine") else "subprocess loop"
    median, fastest, slowest = (with_hyperfine if tool == "hyperfine" else with_loop)(args.runs)
    print(f"`{' '.join(['tqcheck', *command()[1:]])}`, {args.runs} runs ({tool}), {os.cpu_count()} cores")
    print("| median | min | max |\n|---|---|---|")
    print(f"| {median * 1000:.0f} ms | {fastest * 1000:.0f} ms | {slowest * 1000:.0f} ms |")
    if args.importtime:
        print("| import (cumulative) | ms |\n|---|---|")
        for microseconds, name in import_times(25):
            print(f"| {name} | {microseconds / 1000:.1f} |")


if __name__ == "__main__":
    main()
