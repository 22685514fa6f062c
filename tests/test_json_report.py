"""The JSON contract: validates against the shipped schema, exact offsets, byte-identical output."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema

from tqcheck.api import check
from tqcheck.model import Report
from tqcheck.reporters.json_report import render


def _schema() -> dict:  # type: ignore[type-arg]
    return json.loads(files("tqcheck").joinpath("schema/report.schema.json").read_text("utf-8"))


def test_real_report_validates_against_the_shipped_schema(seed_text: str) -> None:
    payload = json.loads(render(Report((check(seed_text, path="seed.txt"),))))
    jsonschema.validate(payload, _schema())
    assert payload["documents"][0]["source_language"]["inferred"] == "fr"


def test_every_finding_points_at_its_text(seed_text: str) -> None:
    payload = json.loads(render(Report((check(seed_text),))))
    lines = seed_text.splitlines()
    for finding in payload["documents"][0]["findings"]:
        assert seed_text[finding["start"] : finding["end"]] == finding["text"]
        line = lines[finding["line"] - 1]
        column = finding["column"] - 1
        assert line[column : column + len(finding["text"])] == finding["text"].split("\n")[0]


def test_same_input_gives_byte_identical_json(seed_text: str) -> None:
    first = render(Report((check(seed_text),)))
    second = render(Report((check(seed_text),)))
    assert first == second


def test_schema_rejects_a_finding_without_offsets(seed_text: str) -> None:
    payload = json.loads(render(Report((check(seed_text),))))
    del payload["documents"][0]["findings"][0]["start"]
    try:
        jsonschema.validate(payload, _schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted a finding without 'start'")
