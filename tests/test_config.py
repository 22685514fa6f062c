"""Project configuration through the real CLI: discovery, precedence, validation, init."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tqcheck.cli import main
from tqcheck.config import STARTER, Settings, load_config

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9f623145526f7808.txt"


def _check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args])


def _rules(result: Result) -> set[str]:
    payload = json.loads(result.stdout)
    return {f["rule"] for d in payload["documents"] for f in d["findings"]}


def _document(result: Result) -> dict[str, Any]:
    return json.loads(result.stdout)["documents"][0]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """project/deep/er/seed.txt, checked from the project folder."""
    deep = tmp_path / "project" / "deep" / "er"
    deep.mkdir(parents=True)
    shutil.copy(SEED, deep / "seed.txt")
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "project"


def test_config_is_found_by_walking_up_from_the_checked_file(project: Path) -> None:
    (project / ".tqcheck.toml").write_text('select = ["CN", "TE"]\n')
    result = _check("--format", "json", "deep/er/seed.txt")
    assert _rules(result) == {"CN001", "TE001"}


def test_nearest_config_wins_and_dotfile_beats_pyproject(project: Path) -> None:
    (project / ".tqcheck.toml").write_text('select = ["CN"]\n')
    (project / "deep" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.tqcheck]\nselect = ["TE"]\n'
    )
    assert _rules(_check("--format", "json", "deep/er/seed.txt")) == {"TE001"}
    (project / "deep" / ".tqcheck.toml").write_text('select = ["RV"]\n')
    assert _rules(_check("--format", "json", "deep/er/seed.txt")) == {"RV001", "RV002"}


def test_pyproject_without_a_tqcheck_table_is_passed_over(project: Path) -> None:
    (project / ".tqcheck.toml").write_text('select = ["TE"]\n')
    (project / "deep" / "pyproject.toml").write_text('[project]\nname = "tqcheck-docs"\n')
    assert _rules(_check("--format", "json", "deep/er/seed.txt")) == {"TE001"}


def test_explicit_config_overrides_discovery_and_the_command_line_overrides_both(project: Path) -> None:
    (project / ".tqcheck.toml").write_text('select = ["CN"]\n')
    other = project / "ci.toml"
    other.write_text('select = ["TE", "RV"]\nignore = ["RV002"]\n')
    assert _rules(_check("--format", "json", "--config", str(other), "deep/er/seed.txt")) == {
        "TE001",
        "RV001",
    }
    # --select replaces the config's list; --ignore adds to it.
    result = _check("--format", "json", "--config", str(other), "--select", "RV", "deep/er/seed.txt")
    assert _rules(result) == {"RV001"}


def test_severity_override_changes_the_finding_and_the_exit_code(project: Path) -> None:
    (project / ".tqcheck.toml").write_text('select = ["CQ108"]\n')
    assert _check("deep/er/seed.txt").exit_code == 0
    (project / ".tqcheck.toml").write_text('select = ["CQ108"]\n[severity]\nCQ108 = "major"\n')
    result = _check("--format", "json", "deep/er/seed.txt")
    assert result.exit_code == 1
    assert {f["severity"] for f in _document(result)["findings"]} == {"major"}


def test_fail_on_and_min_score_from_config_and_command_line(project: Path) -> None:
    (project / ".tqcheck.toml").write_text('fail_on = "never"\n')
    assert _check("deep/er/seed.txt").exit_code == 0
    (project / ".tqcheck.toml").write_text('fail_on = "never"\nmin_score = 95\n')
    assert _check("deep/er/seed.txt").exit_code == 1  # the seed scores 91.5
    assert _check("--min-score", "90", "deep/er/seed.txt").exit_code == 0
    assert _check("--fail-on", "major", "--min-score", "90", "deep/er/seed.txt").exit_code == 1


def test_per_path_settings_apply_to_matching_files_only(project: Path) -> None:
    shutil.copy(SEED, project / "top.txt")
    (project / ".tqcheck.toml").write_text(
        'select = ["CN", "TE"]\n'
        '[per_path."deep/*"]\nignore = ["CN"]\n'
        '[per_path."*.txt"]\nfail_on = "critical"\n'
    )
    result = _check("--format", "json", "deep/er/seed.txt", "top.txt")
    by_path = {d["path"]: {f["rule"] for f in d["findings"]} for d in json.loads(result.stdout)["documents"]}
    assert by_path == {"deep/er/seed.txt": {"TE001"}, "top.txt": {"CN001", "TE001"}}
    assert result.exit_code == 0


def test_scoring_weights_and_languages_from_config(project: Path) -> None:
    (project / ".tqcheck.toml").write_text(
        'target_lang = "en"\nsource_lang = "fr"\n[scoring.weights]\nmajor = 10\n'
    )
    document = _document(_check("--format", "json", "deep/er/seed.txt"))
    assert document["scoring"]["weights"]["major"] == 10.0
    assert document["source_language"]["given"] == "fr"


def test_rule_packs_from_config_are_loaded_relative_to_it(project: Path) -> None:
    (project / "packs").mkdir()
    (project / "packs" / "house.toml").write_text(
        """\
[pack]
target = "en"

[[rule]]
id = "ZZ901"
name = "house-style-whilst"
kind = "phrase"
severity = "minor"
category = "style/unidiomatic"
phrases = ["whilst"]
suggestion = "while"
message = "House style: 'while', not 'whilst'."
why = "The style guide prefers the plain form."
bad = ["He waited ⟦whilst⟧ they talked."]
good = ["He waited while they talked."]
""",
        encoding="utf-8",
    )
    (project / ".tqcheck.toml").write_text('rule_packs = ["packs/house.toml"]\nselect = ["ZZ"]\n')
    (project / "deep" / "note.txt").write_text("The board met whilst the markets were closed on Friday.\n")
    result = _check("--format", "json", "deep/note.txt")
    assert _rules(result) == {"ZZ901"}
    sarif = json.loads(_check("--format", "sarif", "deep/note.txt").stdout)
    assert "ZZ901" in {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('fail-on = "major"\n', "fail-on: unknown key; did you mean 'fail_on'?"),
        ('min_score = "high"\n', "min_score: expected a number from 0 to 100, got 'high'"),
        ("select = 'TE'\n", "select: expected a list of rule ids, prefixes or names, got 'TE'"),
        ('[severity]\nCQ108 = "serious"\n', "severity.CQ108: expected one of info, minor, major, critical"),
        ('[severity]\nXX999 = "major"\n', "severity.XX999: no such rule"),
        ("[scoring.weights]\nhuge = 3\n", "scoring.weights: unknown scoring weight 'huge'"),
        ('rule_packs = ["nowhere.toml"]\n', "rule_packs[0]: no such file or directory"),
        ('[per_path."*.md"]\ncolour = true\n', 'per_path."*.md".colour: unknown key'),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_a_malformed_config_is_a_one_line_error_naming_file_and_key(
    project: Path, content: str, message: str
) -> None:
    (project / ".tqcheck.toml").write_text(content)
    result = _check("deep/er/seed.txt")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("tqcheck: error: ") and ".tqcheck.toml: " in line
    assert message in line
    assert result.stdout == ""


def test_pyproject_errors_name_the_dotted_tool_key(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.tqcheck]\nfail_on = "sometimes"\n')
    result = _check("deep/er/seed.txt")
    assert result.exit_code == 2
    assert (
        "pyproject.toml: tool.tqcheck.fail_on: expected one of critical, major, minor, never" in result.stderr
    )


def test_missing_explicit_config_is_an_error(project: Path) -> None:
    result = _check("--config", "absent.toml", "deep/er/seed.txt")
    assert result.exit_code == 2
    assert "absent.toml: no such config file" in result.stderr


def test_init_writes_a_starter_that_loads_and_refuses_to_overwrite(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    written = project / ".tqcheck.toml"
    assert written.read_text() == STARTER
    config = load_config(written)
    assert config.settings_for("x.txt") == Settings(source=written)
    written.write_text("# mine\n")
    refused = runner.invoke(main, ["init"])
    assert refused.exit_code == 2 and "already exists; pass --force" in refused.stderr
    assert written.read_text() == "# mine\n"
    assert runner.invoke(main, ["init", "--force"]).exit_code == 0
    assert written.read_text() == STARTER


def test_glossary_from_config_reaches_the_options_and_a_bad_one_names_the_key(project: Path) -> None:
    from tqcheck.api import Options
    from tqcheck.policy import Policy

    (project / "terms.tsv").write_text(
        "ministère des Armées\tMinistry of the Armed Forces\n", encoding="utf-8"
    )
    (project / ".tqcheck.toml").write_text('glossary = "terms.tsv"\n')
    options = Policy().options_for("deep/er/seed.txt", Options())
    assert [term.source for term in options.glossary] == ["ministère des Armées"]
    (project / "terms.tsv").write_text("no tab here\n", encoding="utf-8")
    result = _check("deep/er/seed.txt")
    assert result.exit_code == 2
    assert (
        ".tqcheck.toml: glossary: " in result.stderr
        and "expected 'source term<TAB>target term'" in result.stderr
    )


def test_the_readme_config_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "house-rules").mkdir()
    (tmp_path / "glossary.tsv").write_text("ministère\tministry\n", encoding="utf-8")
    (tmp_path / ".tqcheck.toml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / ".tqcheck.toml")
    legacy = config.settings_for(str(tmp_path / "docs" / "legacy" / "a.md"))
    assert legacy.ignore == ("BP", "TY") and legacy.fail_on == "critical"
    assert dict(legacy.severity) == {"CQ108": "major"} and legacy.min_score == 90.0
