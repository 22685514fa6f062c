"""A bug inside one rule is reported as one line for that input; the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.rules.builtin import noise


def test_a_crashing_rule_names_the_input_and_the_rest_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self, context):  # type: ignore[no-untyped-def]
        if "boom" in context.text:
            raise ValueError("simulated bug")
        return iter(())

    monkeypatch.setattr(noise.RepeatedWord, "check", broken)
    bad = tmp_path / "a.txt"
    bad.write_text("This text goes boom in the rule.\n", encoding="utf-8")
    good = tmp_path / "b.txt"
    good.write_text("The council approved the budget on Tuesday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(bad), str(good)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert f"{bad}: internal error while checking (ValueError: simulated bug)" in result.stderr
    assert str(good) in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_crash_while_reporting_a_streamed_document_names_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    # With --format jsonl the line is made where the document was checked (a worker with --jobs).
    from tqcheck.reporters import json_report

    real = json_report.document_dict

    def broken(report):  # type: ignore[no-untyped-def]
        if "boom" in report.document.text:
            raise ValueError("simulated bug")
        return real(report)

    monkeypatch.setattr(json_report, "document_dict", broken)
    monkeypatch.setattr("tqcheck.reporters.jsonl.document_dict", broken)
    # The first input is checked in the main process; with --jobs 2 the others in workers.
    first, bad, last = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    first.write_text("The council approved the budget on Tuesday.\n", encoding="utf-8")
    bad.write_text("This text goes boom in the reporter.\n", encoding="utf-8")
    last.write_text("The mayor opened the library on Friday.\n", encoding="utf-8")
    arguments = ["check", "--format", "jsonl", "--jobs", jobs, str(first), str(bad), str(last)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert f"{bad}: internal error while reporting (ValueError: simulated bug)" in result.stderr
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(first), str(last)]
