"""The CI formats through the real CLI: GitHub workflow commands, JUnit XML, text with carets and colour."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.reporters.github import escape_data, escape_property

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9f623145526f7808.txt"
MARKDOWN = """\
# Drones over Crimea

<!-- tqcheck: ignore TE001 -->
Earlier on Sunday, according to the official T agency, drones were shot down over the peninsula.

Later, the official T agency said the strikes went on in a context of fear.
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "drones.md").write_text(MARKDOWN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout


def test_github_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_format_annotates_each_finding_with_its_span(workdir: Path) -> None:
    code, output = _run("--format", "github", "seed.txt", "drones.md")
    assert code == 1
    lines = output.splitlines()
    assert (
        "::error file=seed.txt,line=9,endLine=9,col=142,endColumn=150,"
        "title=TE001 truncated-entity (major)::A lone capital 'T' stands where a name should be: "
        "the entity looks truncated. [T agency]"
    ) in lines
    assert any(line.startswith("::warning file=seed.txt,line=13,") and "CQ101" in line for line in lines)
    # The marker silences the first truncated entity of the Markdown file, not the second.
    drones = [line for line in lines if "file=drones.md" in line and "TE001" in line]
    assert len(drones) == 1 and "line=6," in drones[0]
    assert lines[-1] == "tqcheck: 2 document(s) checked, 17 finding(s)"


def test_github_format_drops_columns_on_a_span_across_lines(workdir: Path) -> None:
    (workdir / "wrapped.txt").write_text(
        "Russia claimed on the\nnight of Sunday to Monday to have shot down drones over the Black Sea.\n",
        encoding="utf-8",
    )
    code, output = _run("--format", "github", "--select", "CQ", "--source-lang", "fr", "wrapped.txt")
    assert code == 0
    assert output.splitlines()[0] == (
        "::warning file=wrapped.txt,line=1,endLine=2,title=CQ101 night-of-day-to-day (minor)::"
        "'the night of Sunday to Monday' calques French 'dans la nuit de dimanche à lundi'. "
        "[on the night of Sunday to Monday] → 'overnight on Sunday'"
    )


def test_junit_has_one_suite_per_document_and_fails_paragraphs_at_fail_on(workdir: Path) -> None:
    code, output = _run("--format", "junit", "seed.txt", "drones.md", "missing.txt")
    assert code == 2
    root = ET.fromstring(output.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["seed.txt", "drones.md", "missing.txt"]
    seed = suites[0]
    cases = seed.findall("testcase")
    assert seed.get("tests") == str(len(cases)) == "14"
    failed = [case for case in cases if case.find("failure") is not None]
    assert seed.get("failures") == str(len(failed)) == "4"
    failure = failed[0].find("failure")
    assert failure is not None and failure.get("type") == "major"
    assert "seed.txt:9:142: TE001 major" in (failure.text or "")
    # Findings below fail-on are reported, not failed.
    assert "CQ106 minor" in (failed[0].findtext("system-out") or "")
    error = suites[2].find("testcase/error")
    assert error is not None and error.get("message") == "no such file"
    totals = {key: sum(int(s.get(key, "0")) for s in suites) for key in ("tests", "failures", "errors")}
    assert {key: int(root.get(key, "-1")) for key in totals} == totals


def test_junit_with_fail_on_never_has_no_failures_and_stays_well_formed(workdir: Path) -> None:
    (workdir / "control.txt").write_text("Form\x0cfeed in the official T agency report.\n", encoding="utf-8")
    code, output = _run("--format", "junit", "--fail-on", "never", "seed.txt", "control.txt")
    assert code == 0
    root = ET.fromstring(output.encode("utf-8"))
    assert root.get("failures") == "0"
    assert "\x0c" not in output


def test_text_shows_the_source_line_with_a_caret_under_the_span(workdir: Path) -> None:
    (workdir / "wide.txt").write_text(
        "東京の記者は the official T agency quoted Kyiv sources.\n", encoding="utf-8"
    )
    code, output = _run("--select", "TE", "seed.txt", "wide.txt")
    assert code == 1
    lines = output.splitlines()
    for index, line in enumerate(lines):
        if ": TE001 major" not in line:
            continue
        source, caret = lines[index + 1], lines[index + 2]
        bar = source.index("| ") + 2
        assert caret.index("| ") + 2 == bar
        flagged = source[bar:].index("T agency")
        # East Asian wide characters take two terminal columns each.
        wide = sum(1 for c in source[bar : bar + flagged] if "\u3000" <= c <= "\u9fff")
        assert caret[bar:] == " " * (flagged + wide) + "^" * len("T agency")
    assert "\x1b[" not in output


def test_color_is_forced_on_and_off_by_the_flags(workdir: Path) -> None:
    _, coloured = _run("--color", "--select", "TE", "seed.txt")
    assert "\x1b[" in coloured and "\x1b[0m" in coloured
    _, plain = _run("--no-color", "--select", "TE", "seed.txt")
    assert "\x1b[" not in plain


def _on_a_terminal(env: dict[str, str], *args: str) -> str:
    primary, secondary = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "tqcheck.cli", "check", "--select", "TE", *args, str(SEED)],
            stdout=secondary,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=60,
            check=False,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: the other side is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8")
    finally:
        os.close(primary)


def test_terminal_output_is_coloured_unless_no_color_is_set() -> None:
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    assert "\x1b[" in _on_a_terminal(env)
    assert "\x1b[" not in _on_a_terminal({**env, "NO_COLOR": "1"})
    assert "\x1b[" in _on_a_terminal({**env, "NO_COLOR": "1"}, "--color")
