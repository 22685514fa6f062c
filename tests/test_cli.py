"""The command line through click's runner: formats, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tqcheck.cli import main

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_9f623145526f7808.txt"


def test_check_seed_text_output_is_linter_style_and_fails_on_major() -> None:
    result = CliRunner().invoke(main, ["check", str(SEED)])
    assert result.exit_code == 1
    assert f"{SEED}:9:142: TE001 major" in result.output


def test_fail_on_never_exits_zero_and_clean_text_exits_zero(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["check", "--fail-on", "never", str(SEED)]).exit_code == 0
    clean = tmp_path / "clean.txt"
    clean.write_text("The council approved the budget on Tuesday after a short debate.\n")
    result = CliRunner().invoke(main, ["check", str(clean)])
    assert result.exit_code == 0, result.output


def test_bad_inputs_get_one_line_errors_and_the_rest_is_checked(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Le café était fermé.".encode("latin-1"))
    runner = CliRunner()
    result = runner.invoke(
        main, ["check", "--format", "json", str(empty), str(latin1), str(tmp_path / "missing.txt"), str(SEED)]
    )
    assert result.exit_code == 2
    assert f"tqcheck: error: {empty}: empty file" in result.stderr
    assert f"tqcheck: error: {latin1}: invalid UTF-8 at byte 6 (line 1)" in result.stderr
    assert "missing.txt: no such file" in result.stderr
    payload = json.loads(result.stdout)
    assert [d["path"] for d in payload["documents"]] == [str(SEED)]
    assert len(payload["errors"]) == 3


def test_encoding_option_decodes_other_encodings(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("The café in Pékin closed on Monday after a long dispute.".encode("latin-1"))
    result = CliRunner().invoke(
        main, ["check", "--encoding", "latin-1", "--target-lang", "en", "--format", "json", str(latin1)]
    )
    assert result.exit_code in (0, 1)
    assert "Pékin" in result.stdout


def test_output_file_is_written_and_select_filters(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--select", "CN,TE", "-o", str(out), str(SEED)]
    )
    assert result.exit_code == 1
    rules = {f["rule"] for f in json.loads(out.read_text())["documents"][0]["findings"]}
    assert rules == {"CN001", "TE001"}
    assert not list(tmp_path.glob(".report.json.*"))


def test_rules_explain_prints_doc_and_examples() -> None:
    result = CliRunner().invoke(main, ["rules", "--explain", "CQ101"])
    assert result.exit_code == 0
    assert "night-of-day-to-day" in result.output
    assert "Why it matters:" in result.output
    assert "✗ Russia claimed ⟦on the night of Sunday to Monday⟧" in result.output
    table = CliRunner().invoke(main, ["rules"])
    assert "CQ101" in table.output and "TE001" in table.output
    assert CliRunner().invoke(main, ["rules", "--explain", "XX999"]).exit_code == 2
