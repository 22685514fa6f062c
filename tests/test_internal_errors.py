"""A bug inside one rule is reported as one line for that input; the batch goes on."""

from __future__ import annotations

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
