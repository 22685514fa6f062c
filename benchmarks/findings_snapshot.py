"""Every finding on every text we have, to show that a speed change changed no finding.

Run:  python benchmarks/findings_snapshot.py write before.json   (on the old code)
      python benchmarks/findings_snapshot.py write after.json    (on the new code)
      python benchmarks/findings_snapshot.py diff before.json after.json

The texts: both corpora (checked with their own target language and again as English), the seed,
and the WMT system outputs in ../shared/benchmarks/wmt-mqm/ (one document per system and source
document, when that folder is there). Each finding is kept whole: rule, offsets, severity,
message, suggestions, linked spans, source language; and each document's inferred source
language and score. `diff` lists the documents that differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WMT = ROOT.parent / "shared" / "benchmarks" / "wmt-mqm"


def _texts() -> list[tuple[str, str, str | None]]:
    """(key, text, target language or None for detection)."""
    paths = sorted(ROOT.glob("corpora/*/*.txt")) + sorted(ROOT.glob("benchmarks/holdout/*/*.txt"))
    paths.append(ROOT / "seeds" / "000_9f623145526f7808.txt")
    texts: list[tuple[str, str, str | None]] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        key = path.relative_to(ROOT).as_posix()
        texts += [(key, text, None), (f"{key}#en", text, "en")]
    for path in sorted(WMT.glob("*.jsonl")):
        documents: dict[tuple[str, str], list[str]] = defaultdict(list)
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line)
                documents[(row["doc"], row["system"])].append(row["target"])
        for doc, system in sorted(documents):
            texts.append((f"{path.name}:{doc}:{system}", "\n\n".join(documents[(doc, system)]), None))
    return texts


def _finding(f) -> list[object]:  # type: ignore[no-untyped-def]
    related = [[span.start, span.end] for span in f.related]
    return [f.rule, f.start, f.end, f.severity, f.message, list(f.suggestions), related, f.source_language]


def write(output: Path) -> None:
    from tqcheck.api import Options, check

    snapshot = {}
    for key, text, target in _texts():
        report = check(text, path=key, options=Options(target_lang=target))
        snapshot[key] = {
            "findings": [_finding(f) for f in report.findings],
            "source": [report.source_language.inferred, report.source_language.confidence],
            "score": report.score,
        }
    output.write_text(json.dumps(snapshot, ensure_ascii=False, indent=0), encoding="utf-8")
    findings = sum(len(entry["findings"]) for entry in snapshot.values())
    print(f"{len(snapshot)} documents, {findings} findings → {output}")


def diff(before: Path, after: Path) -> int:
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    differing = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    for key in differing[:20]:
        print(f"== {key}")
        was = {json.dumps(f, ensure_ascii=False) for f in (old.get(key) or {}).get("findings", [])}
        now = {json.dumps(f, ensure_ascii=False) for f in (new.get(key) or {}).get("findings", [])}
        for line in sorted(was - now):
            print(f"  - {line[:200]}")
        for line in sorted(now - was):
            print(f"  + {line[:200]}")
    print(f"differing documents: {len(differing)} of {len(old.keys() | new.keys())}")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("write").add_argument("output", type=Path)
    compare = commands.add_parser("diff")
    compare.add_argument("before", type=Path)
    compare.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.output)
    else:
        sys.exit(diff(args.before, args.after))


if __name__ == "__main__":
    main()
