"""SARIF 2.1.0 through the real CLI: schema-valid, rule metadata, exact regions, stable fingerprints."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.rules.registry import load_rules

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9f623145526f7808.txt"
# The official OASIS schema is copied beside the tests; the shared copy is the fallback.
SCHEMAS = (
    Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json",
    ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json",
)
MARKDOWN = """\
# Drones over Crimea

<!-- tqcheck: ignore TE001 -->
Earlier on Sunday, according to the official T agency, drones were shot down over the peninsula.

Later, the official T agency said the strikes went on in a context of fear.
"""


def _schema() -> dict[str, Any]:
    for path in SCHEMAS:
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.skip("the SARIF 2.1.0 schema is in neither tests/data/ nor ../shared/schemas/")


def _sarif(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["check", "--format", "sarif", "--fail-on", "never", *args])
    assert result.exit_code in (0, 2), result.output
    return json.loads(result.stdout)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    shutil.copy(SEED, tmp_path / "docs" / "seed.txt")
    (tmp_path / "docs" / "drones.md").write_text(MARKDOWN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sarif_of_the_seed_and_a_markdown_file_validates_against_the_oasis_schema(workdir: Path) -> None:
    log = _sarif("docs/seed.txt", "docs/drones.md")
    jsonschema.Draft4Validator(_schema()).validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"docs/seed.txt", "docs/drones.md"}


def test_inline_marker_keeps_the_suppressed_finding_out_of_sarif(workdir: Path) -> None:
    results = _sarif("docs/drones.md")["runs"][0]["results"]
    truncated = [r for r in results if r["ruleId"] == "TE001"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in truncated] == [6]


def test_rules_carry_their_documentation_and_levels(workdir: Path) -> None:
    run = _sarif("docs/seed.txt")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    metas = {meta.id: meta for meta in load_rules().metas()}
    assert [rule["id"] for rule in rules] == sorted(metas)
    levels = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}
    for rule in rules:
        meta = metas[rule["id"]]
        assert rule["name"] == meta.name
        assert rule["fullDescription"]["text"] == meta.why
        assert rule["shortDescription"]["text"] and "{" not in rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] == levels[meta.severity]
        assert meta.category in rule["properties"]["tags"]
        assert meta.bad[0] in rule["help"]["text"] and meta.good[0] in rule["help"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_regions_are_one_based_code_point_columns_with_exclusive_end(workdir: Path) -> None:
    # An emoji flag is two code points (four UTF-16 units) before the flagged span.
    line = "Drones 🇺🇦 fell, according to the official T agency, on Kyiv overnight on Sunday."
    (workdir / "emoji.txt").write_text(f"First paragraph here.\n\n{line}\n", encoding="utf-8")
    results = _sarif("--select", "TE", "emoji.txt")["runs"][0]["results"]
    (result,) = results
    region = result["locations"][0]["physicalLocation"]["region"]
    start = line.index("T agency")
    assert region == {
        "startLine": 3,
        "startColumn": start + 1,
        "endLine": 3,
        "endColumn": start + len("T agency") + 1,
        "snippet": {"text": "T agency"},
    }
    assert result["level"] == "error"


def test_related_spans_become_related_locations(workdir: Path) -> None:
    results = _sarif("docs/seed.txt")["runs"][0]["results"]
    (name,) = [r for r in results if r["ruleId"] == "CN001"]
    (related,) = name["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"]["region"]["snippet"]["text"] == "kyiv"
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "docs/seed.txt"


def test_fingerprints_survive_a_paragraph_inserted_above(workdir: Path) -> None:
    def fingerprints() -> dict[str, int]:
        results = _sarif("docs/seed.txt")["runs"][0]["results"]
        return {
            r["partialFingerprints"]["tqcheck/v1"]: r["locations"][0]["physicalLocation"]["region"][
                "startLine"
            ]
            for r in results
        }

    before = fingerprints()
    seed = workdir / "docs" / "seed.txt"
    seed.write_text(
        "\n\n\nA new clean opening paragraph.\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8"
    )
    after = fingerprints()
    assert set(after) == set(before) and len(before) == 15
    assert all(after[key] == before[key] + 5 for key in before)


def test_unreadable_input_is_a_tool_notification_and_the_log_stays_valid(workdir: Path) -> None:
    log = _sarif("docs/seed.txt", "missing.txt")
    jsonschema.Draft4Validator(_schema()).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == "missing.txt: no such file"


def test_the_schema_rejects_a_wrong_version() -> None:
    # Guards the guard: the validator really checks the log against SARIF 2.1.0.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(_schema()).validate({"version": "2.0.0", "runs": []})


@pytest.mark.skipif(
    shutil.which("sarif-multitool") is None,
    reason="sarif-multitool not installed (npm install -g @microsoft/sarif-multitool; .ci/run tries)",
)
def test_github_code_scanning_ingestion_rules_accept_the_log(workdir: Path) -> None:
    log = workdir / "tqcheck.sarif"
    result = CliRunner().invoke(
        main,
        ["check", "--format", "sarif", "-o", str(log), "docs/seed.txt", "docs/drones.md", "missing.txt"],
    )
    assert result.exit_code == 2 and log.is_file()
    verdict = workdir / "verdict.sarif"
    # The npm wrapper hands its arguments to a shell: plain words only (no "Gh;Sarif").
    subprocess.run(
        ["sarif-multitool", "validate", str(log), "--rule-kind", "Gh", "-o", str(verdict)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    problems = json.loads(verdict.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [(p["ruleId"], p["message"].get("text", "")) for p in problems] == []
