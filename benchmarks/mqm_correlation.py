"""How well tqcheck's scores track expert MQM judgements (WMT23 zh-en/en-de, WMT21 TED en-de).

    python benchmarks/mqm_correlation.py [--limit N] [--data DIR]

For every annotated unit (one system's translation of one segment) it runs tqcheck four ways and
prints segment-level Kendall tau-b and Pearson r against the human MQM score (negated, so that
agreement is positive), per file:

- heuristic: the 0–100 MQM-style score from the target alone (source language given);
- + bilingual: the same with the source text (--source): BI findings add penalties;
- combined: with --source and --reference, tqcheck's "combined" metric, a fixed a-priori
  weighting 0.5 × heuristic score + 0.5 × sentence chrF++ (no tuning on these data);
- chrF++: sentence chrF++ alone (sacrebleu), the reference-based baseline.

Then it prints which MQM error categories the heuristics can see at all: the share of annotated
error spans overlapped by a tqcheck finding, by category. The human score is ``mqm_no_creative``
(the dataset's README: it reproduces WMT's own per-segment MQM for every unit).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqcheck.api import Options, check
from tqcheck.model import DocumentReport

DATA = Path("/work/shared/benchmarks/wmt-mqm")
FILES = ("zhen", "ende", "ende_ted21")
SYSTEMS = ("heuristic", "+ bilingual", "combined", "chrF++")


# --- correlation, without scipy -----------------------------------------------------------


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b (ties in either variable handled as scipy.stats.kendalltau does)."""
    n = len(x)
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        xi, yi = x[i], y[i]
        for j in range(i + 1, n):
            dx, dy = xi - x[j], yi - y[j]
            if dx == 0 or dy == 0:
                ties_x += dx == 0
                ties_y += dy == 0
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    pairs = n * (n - 1) // 2
    denominator = math.sqrt((pairs - ties_x) * (pairs - ties_y))
    return (concordant - discordant) / denominator if denominator else math.nan


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    n = len(x)
    mean_x, mean_y = sum(x) / n, sum(y) / n
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True))
    spread = math.sqrt(sum((a - mean_x) ** 2 for a in x) * sum((b - mean_y) ** 2 for b in y))
    return covariance / spread if spread else math.nan


# --- running tqcheck ----------------------------------------------------------------------


@dataclass
class Visibility:
    """Annotated error spans by MQM category, and how many a tqcheck finding overlaps."""

    spans: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seen: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, category: str, hits: dict[str, bool]) -> None:
        self.spans[category] += 1
        for view, hit in hits.items():
            self.seen[view][category] += hit


def _overlaps(findings: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    if start == end:  # an insertion point (a rater marked the very end of the segment)
        return any(s <= start <= e for s, e in findings)
    return any(s < end and start < e for s, e in findings)


def _units(path: Path, limit: int | None) -> Iterator[dict]:  # type: ignore[type-arg]
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def run_file(path: Path, limit: int | None, visibility: Visibility) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = {name: [] for name in (*SYSTEMS, "human")}
    for unit in _units(path, limit):
        source_lang, target_lang = unit["lp"].split("-")
        options = Options(target_lang=target_lang, source_lang=source_lang)
        alone = check(unit["target"], options=options)
        full = check(unit["target"], options=options, source=unit["source"], reference=unit["reference"])
        metrics = {name: m.score for name, m in full.metrics}
        scores["heuristic"].append(alone.score)
        scores["+ bilingual"].append(full.score)
        scores["combined"].append(metrics["combined"])
        scores["chrF++"].append(metrics["chrf"])
        scores["human"].append(-unit["mqm_no_creative"])
        _record_visibility(unit, alone, full, visibility)
    return scores


def _record_visibility(
    unit: dict, alone: DocumentReport, full: DocumentReport, visibility: Visibility
) -> None:  # type: ignore[type-arg]
    length = len(unit["target"])
    target_only = [(f.start, f.end) for f in alone.findings]
    with_source = [(f.start, f.end) for f in full.findings]
    # A finding over the whole segment says "something is wrong here", not where.
    pinpointed = [(s, e) for s, e in with_source if (e - s) < 0.9 * length]
    has_omission = any(f.category == "accuracy/omission" for f in full.findings)
    for error in unit["errors"]:
        if error["side"] == "source":
            # Source-side spans mark what the target left out: no target offset can overlap them.
            hits = {
                "target only": False,
                "with --source, pinpointed": False,
                "with --source, any": has_omission,
            }
            visibility.add(f"{error['category']} [source side]", hits)
            continue
        start, end = error["start"], error["end"]
        hits = {
            "target only": _overlaps(target_only, start, end),
            "with --source, pinpointed": _overlaps(pinpointed, start, end),
            "with --source, any": _overlaps(with_source, start, end),
        }
        visibility.add(error["category"], hits)


# --- output -------------------------------------------------------------------------------


def _figure(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:+.3f}"


def correlation_table(results: dict[str, dict[str, list[float]]]) -> list[str]:
    files = list(results)
    lines = [
        "| score | " + " | ".join(f"{name} τ_b | {name} r" for name in files) + " |",
        "|---|" + "---:|---:|" * len(files),
    ]
    for system in SYSTEMS:
        cells = []
        for name in files:
            human = results[name]["human"]
            ours = results[name][system]
            cells += [_figure(kendall_tau_b(ours, human)), _figure(pearson(ours, human))]
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    units = ", ".join(f"{name} {len(results[name]['human'])}" for name in files)
    lines.append(f"\nUnits: {units}. Human score: −mqm_no_creative (higher = better, as tqcheck's).")
    return lines


def visibility_table(visibility: Visibility, minimum: int = 20) -> list[str]:
    views = ("target only", "with --source, pinpointed", "with --source, any")
    lines = [
        "| MQM category | spans | " + " | ".join(views) + " |",
        "|---|---:|" + "---:|" * len(views),
    ]
    ranked = sorted(visibility.spans.items(), key=lambda item: (-item[1], item[0]))
    rest = defaultdict(int)
    for category, count in ranked:
        if count < minimum:
            rest["spans"] += count
            for view in views:
                rest[view] += visibility.seen[view][category]
            continue
        shares = " | ".join(f"{100 * visibility.seen[view][category] / count:.1f} %" for view in views)
        lines.append(f"| {category} | {count} | {shares} |")
    if rest["spans"]:
        shares = " | ".join(f"{100 * rest[view] / rest['spans']:.1f} %" for view in views)
        lines.append(f"| (categories with < {minimum} spans) | {rest['spans']} | {shares} |")
    total = sum(visibility.spans.values())
    shares = " | ".join(f"{100 * sum(visibility.seen[view].values()) / total:.1f} %" for view in views)
    lines.append(f"| **all** | {total} | {shares} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="Only the first N units of each file.")
    parser.add_argument("--data", type=Path, default=DATA, help=f"The benchmark folder (default: {DATA}).")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, list[float]]] = {}
    visibility = Visibility()
    started = time.perf_counter()
    for name in FILES:
        path = args.data / f"{name}.jsonl"
        if not path.exists():
            print(f"mqm_correlation: error: {path}: no such file", file=sys.stderr)
            return 2
        results[name] = run_file(path, args.limit, visibility)
    print("## Segment-level correlation with human MQM\n")
    print("\n".join(correlation_table(results)))
    print("\n## Annotated error spans overlapped by a tqcheck finding\n")
    print("\n".join(visibility_table(visibility)))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
