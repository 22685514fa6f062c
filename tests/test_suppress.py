"""Inline <!-- tqcheck: ignore --> markers and the baseline, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tqcheck.api import Options, check
from tqcheck.cli import main
from tqcheck.scoring.mqm import MqmScorer
from tqcheck.suppress import fingerprints

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9f623145526f7808.txt"
TRUNCATED = "Earlier on Sunday, according to the official T agency, drones were shot down over the sea."
CALQUE = "Russia claimed on the night of Sunday to Monday to have shot down several drones."


def _check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--target-lang", "en", "--source-lang", "fr", *args])


def _findings(result: Result) -> list[dict[str, Any]]:
    return [f for d in json.loads(result.stdout)["documents"] for f in d["findings"]]


def _lines_flagged(path: Path, *args: str) -> list[tuple[int, str]]:
    # Only these families: a paragraph repeated on purpose would also be a duplicated sentence.
    result = _check("--format", "json", "--fail-on", "never", "--select", "CQ,TE", *args, str(path))
    assert result.exit_code == 0, result.output
    return [(f["line"], f["rule"]) for f in _findings(result)]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_marker_on_its_own_paragraph_silences_the_named_rule_in_the_next_paragraph(workdir: Path) -> None:
    doc = workdir / "doc.md"
    doc.write_text(f"<!-- tqcheck: ignore TE001 -->\n\n{TRUNCATED}\n\n{TRUNCATED}\n", encoding="utf-8")
    assert _lines_flagged(doc) == [(5, "TE001")]


def test_marker_opening_a_paragraph_applies_to_that_paragraph(workdir: Path) -> None:
    doc = workdir / "doc.txt"
    doc.write_text(
        f"<!-- tqcheck: ignore CQ101,TE001 -->\n{TRUNCATED} {CALQUE}\n\n{CALQUE}\n", encoding="utf-8"
    )
    assert _lines_flagged(doc) == [(4, "CQ101")]


def test_bare_marker_silences_every_rule_and_prefixes_and_names_work(workdir: Path) -> None:
    doc = workdir / "doc.md"
    doc.write_text(
        f"<!-- tqcheck: ignore -->\n{TRUNCATED} {CALQUE}\n\n"
        f"<!-- tqcheck: ignore CQ -->\n{TRUNCATED} {CALQUE}\n\n"
        f"<!-- tqcheck: ignore truncated-entity -->\n{TRUNCATED} {CALQUE}\n",
        encoding="utf-8",
    )
    assert _lines_flagged(doc) == [(5, "TE001"), (8, "CQ101")]


def test_stacked_markers_all_reach_the_next_paragraph(workdir: Path) -> None:
    doc = workdir / "doc.md"
    doc.write_text(
        "<!-- tqcheck: ignore TE001 -->\n\n<!--tqcheck:ignore CQ101-->\n\n"
        f"{TRUNCATED} {CALQUE}\n\n{CALQUE}\n",
        encoding="utf-8",
    )
    assert _lines_flagged(doc) == [(7, "CQ101")]


def test_ignore_file_silences_the_whole_document(workdir: Path) -> None:
    doc = workdir / "doc.txt"
    doc.write_text(f"{TRUNCATED}\n\n{CALQUE}\n\n<!-- tqcheck: ignore-file TE -->\n", encoding="utf-8")
    assert _lines_flagged(doc) == [(3, "CQ101")]
    doc.write_text(f"<!-- tqcheck: ignore-file -->\n{TRUNCATED}\n\n{CALQUE}\n", encoding="utf-8")
    assert _lines_flagged(doc) == []
    assert _check(str(doc)).exit_code == 0


def test_suppressed_findings_leave_the_score(workdir: Path) -> None:
    doc = workdir / "doc.md"
    doc.write_text(f"<!-- tqcheck: ignore TE001 -->\n{TRUNCATED} {CALQUE}\n", encoding="utf-8")
    result = _check("--format", "json", "--fail-on", "never", str(doc))
    document = json.loads(result.stdout)["documents"][0]
    assert [f["rule"] for f in document["findings"]] == ["CQ101"]
    words = document["word_count"]
    assert document["score"] == MqmScorer().score(1.0, words)
    assert sum(p["penalty"] for p in document["paragraphs"]) == document["penalty"] == 1.0


def test_fingerprints_do_not_move_with_lines(seed_text: str) -> None:
    before = fingerprints(check(seed_text, options=None))
    after = fingerprints(check("\n\n\n" + seed_text.replace("\n\n", "\n\n\n\n", 3), options=None))
    assert before == after
    assert len(set(before)) == len(before)


def test_fingerprints_tell_identical_findings_apart(workdir: Path) -> None:
    report = check(f"{TRUNCATED}\n\n{TRUNCATED}\n", options=Options(select=("TE",)))
    assert [fp.rsplit(":", 1)[1] for fp in fingerprints(report)] == ["1", "2"]
    assert len({fp.rsplit(":", 1)[0] for fp in fingerprints(report)}) == 1


def test_baseline_round_trip_fails_only_on_new_findings(workdir: Path) -> None:
    docs = workdir / "docs"
    docs.mkdir()
    seed = docs / "seed.txt"
    shutil.copy(SEED, seed)
    baseline = workdir / "tqcheck-baseline.json"

    wrote = _check("--write-baseline", str(baseline), "docs/seed.txt")
    assert wrote.exit_code == 0, wrote.output
    payload = json.loads(baseline.read_text(encoding="utf-8"))
    entries = payload["findings"]
    assert len(entries) == 15 and entries == sorted(
        entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"])
    )
    assert {e["path"] for e in entries} == {"docs/seed.txt"}
    first = baseline.read_bytes()
    assert _check("--write-baseline", str(baseline), "docs/seed.txt").exit_code == 0
    assert baseline.read_bytes() == first
    assert not list(workdir.glob(".tqcheck-baseline.json.*"))

    clean = _check("--format", "json", "--baseline", str(baseline), "docs/seed.txt")
    assert clean.exit_code == 0 and _findings(clean) == []
    assert json.loads(clean.stdout)["documents"][0]["score"] == 100.0

    # Lines move (a paragraph inserted above): nothing comes back.
    original = seed.read_text(encoding="utf-8")
    seed.write_text("A calm opening paragraph about the weather.\n\n\n" + original, encoding="utf-8")
    assert _check("--baseline", str(baseline), "docs/seed.txt").exit_code == 0

    # A new artifact: exit 1 and only it is reported.
    seed.write_text(seed.read_text(encoding="utf-8") + f"\n\n{TRUNCATED}\n", encoding="utf-8")
    new = _check("--format", "json", "--baseline", str(baseline), "docs/seed.txt")
    assert new.exit_code == 1
    assert [(f["rule"], f["text"]) for f in _findings(new)] == [("TE001", "T agency")]


def test_baseline_paths_are_relative_to_the_baseline_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "docs").mkdir()
    shutil.copy(SEED, workdir / "docs" / "seed.txt")
    baseline = workdir / "baseline.json"
    assert _check("--write-baseline", str(baseline), "docs/seed.txt").exit_code == 0
    monkeypatch.chdir(workdir / "docs")
    assert _check("--baseline", str(baseline), "seed.txt").exit_code == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such baseline file"),
        ("{not json", "not a tqcheck baseline"),
        ('{"findings": []}', "not a tqcheck baseline (version 1 expected)"),
        ('{"baseline_version": 1, "findings": [{"rule": "TE001"}]}', "malformed finding entry"),
    ],
)
def test_a_bad_baseline_is_a_one_line_usage_error(workdir: Path, content: str | None, reason: str) -> None:
    baseline = workdir / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    result = _check("--baseline", str(baseline), str(SEED))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"tqcheck: error: {baseline}: ") and reason in line


def test_jsonl_rows_follow_the_config_and_markers_of_their_batch(workdir: Path) -> None:
    (workdir / ".tqcheck.toml").write_text('fail_on = "never"\n[scoring.weights]\nminor = 2\n')
    rows = [
        {"id": "a", "target": f"<!-- tqcheck: ignore TE001 -->\n{TRUNCATED} {CALQUE}"},
        {"id": "b", "target": CALQUE},
    ]
    (workdir / "batch.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = _check("--format", "json", "--select", "CQ,TE", "batch.jsonl")
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)["documents"]
    assert [[f["rule"] for f in d["findings"]] for d in documents] == [["CQ101"], ["CQ101"]]
    for document in documents:
        assert document["penalty"] == 2.0
        assert document["score"] == MqmScorer({**document["scoring"]["weights"]}).score(
            2.0, document["word_count"]
        )


def test_markers_work_where_a_loader_drops_the_comments_from_the_text(workdir: Path) -> None:
    page = workdir / "page.html"
    page.write_text(
        "<html><body>\n<!-- tqcheck: ignore TE001 -->\n"
        f"<p>{TRUNCATED}</p>\n<p>Later: {TRUNCATED}</p>\n</body></html>\n",
        encoding="utf-8",
    )
    assert _lines_flagged(page) == [(4, "TE001")]
