"""Output and configuration are attack surfaces too: reports are written atomically and escape
everything they show; nothing in a config or rule pack is executed. Through the real CLI."""

from __future__ import annotations

import builtins
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tqcheck.cli import main

GOOD = "The council approved the budget on Tuesday after a short debate.\n"
ARTIFACT = "Kim met, according to the official T agency, the envoy."


def _cli(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["check", *arguments])


def _documents(result: Result) -> dict[str, dict[str, Any]]:
    return {document["path"]: document for document in json.loads(result.stdout)["documents"]}


# Config and rule packs are data ----------------------------------------------------------------
_SENTINEL = "TQCHECK_PWNED"
_HOSTILE_STRINGS = (
    f"__import__('os').system('touch {_SENTINEL}')",
    f"$(touch {_SENTINEL}) `touch {_SENTINEL}` ${{{_SENTINEL}}}",
    f"!!python/object/apply:os.system ['touch {_SENTINEL}']",
    "{match.__class__.__mro__} {0} {__import__}",
)


def test_a_broken_rule_pack_named_by_a_config_is_one_line_naming_the_pack_and_key(tmp_path: Path) -> None:
    (tmp_path / "house.toml").write_text(
        '[[rule]]\nid = "ZZ901"\nname = "x"\nkind = "phrase"\nseverity = "minor"\n'
        'category = "style"\nphrases = ["whilst"]\nmesage = "typo in the key"\n',
        encoding="utf-8",
    )
    (tmp_path / ".tqcheck.toml").write_text('rule_packs = ["house.toml"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = _cli(str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("tqcheck: error: ") and "house.toml" in line and "'mesage'" in line


def test_a_user_pattern_past_its_time_limit_fails_that_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck.rules import data

    monkeypatch.setattr(data, "USER_PATTERN_TIMEOUT", 0.05)
    (tmp_path / "house.toml").write_text(
        '[[rule]]\nid = "ZZ902"\nname = "ambiguous"\nkind = "pattern"\ntarget = "en"\nseverity = "minor"\n'
        "category = \"style/unidiomatic\"\ntriggers = [\"a\"]\npattern = '''(?:a|a)*c'''\n"
        'message = "m"\nwhy = "w"\nbad = ["⟦aac⟧"]\ngood = ["fine"]\n',
        encoding="utf-8",
    )
    (tmp_path / ".tqcheck.toml").write_text(
        'rule_packs = ["house.toml"]\ntarget_lang = "en"\n', encoding="utf-8"
    )
    slow, good = tmp_path / "slow.txt", tmp_path / "good.txt"
    slow.write_text("a" * 40 + "!c\n", encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    result = _cli("--format", "json", str(slow), str(good))
    assert result.exit_code == 2  # it was a crash with a traceback
    (line,) = result.stderr.splitlines()
    assert (
        line.startswith(f"tqcheck: error: {slow}: ") and "house.toml: rule ZZ902 gave up after 0.05 s" in line
    )
    assert list(_documents(result)) == [str(good)]


def test_nothing_in_a_config_or_rule_pack_is_executed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluated: list[str] = []
    real_eval, real_exec = builtins.eval, builtins.exec

    def spy_eval(source: Any, *args: Any) -> Any:
        evaluated.append(str(source))
        return real_eval(source, *args)

    def spy_exec(source: Any, *args: Any, **kwargs: Any) -> Any:
        evaluated.append(str(source))
        return real_exec(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", spy_eval)
    monkeypatch.setattr(builtins, "exec", spy_exec)
    monkeypatch.chdir(tmp_path)
    hostile = json.dumps(" ".join(_HOSTILE_STRINGS))
    (tmp_path / "house.toml").write_text(
        f'[pack]\ntarget = "en"\n[macros]\nevil = {hostile}\n[[rule]]\nid = "ZZ901"\nname = "house-whilst"\n'
        f'kind = "pattern"\nseverity = "minor"\ncategory = "style/unidiomatic"\ntriggers = ["whilst"]\n'
        f"pattern = '''\\bwhilst\\b'''\nmessage = {hostile}\nsuggestion = {hostile}\nwhy = {hostile}\n"
        f'bad = ["He waited ⟦whilst⟧ they talked."]\ngood = [{hostile}]\n',
        encoding="utf-8",
    )
    (tmp_path / ".tqcheck.toml").write_text(
        f'rule_packs = ["house.toml"]\ntarget_lang = "en"\nselect = ["ZZ"]\n'
        f'[per_path.{hostile}]\nfail_on = "never"\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("The board met whilst the markets were closed.\n", encoding="utf-8")
    result = _cli("--format", "json", "a.txt")
    assert result.exit_code == 0, result.output  # a minor finding
    (finding,) = _documents(result)["a.txt"]["findings"]
    assert finding["message"] == json.loads(hostile) and finding["suggestions"] == [json.loads(hostile)]
    assert not (tmp_path / _SENTINEL).exists()
    assert not [source for source in evaluated if _SENTINEL in source or "__mro__" in source]


# Output safety ---------------------------------------------------------------------------------
def _no_temporary_files(directory: Path) -> bool:
    return not [path.name for path in directory.iterdir() if path.name.startswith(".")]


def test_a_renderer_that_fails_mid_run_leaves_the_previous_report_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck.reporters import json_report

    good, out = tmp_path / "good.txt", tmp_path / "out" / "report.json"
    good.write_text(GOOD, encoding="utf-8")
    out.parent.mkdir()
    out.write_text("previous report\n", encoding="utf-8")

    def broken(report: object) -> str:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(json_report, "render", broken)
    result = _cli("--format", "json", "-o", str(out), str(good))
    assert isinstance(result.exception, RuntimeError)
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert _no_temporary_files(out.parent)


def test_a_write_that_fails_half_way_leaves_the_previous_report_and_baseline_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, out, baseline = (
        tmp_path / "good.txt",
        tmp_path / "out" / "report.json",
        tmp_path / "out" / "base.json",
    )
    good.write_text(f"{ARTIFACT}\n", encoding="utf-8")
    out.parent.mkdir()
    out.write_text("previous report\n", encoding="utf-8")
    baseline.write_text("previous baseline\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class DiskFull(io.TextIOWrapper):
        def write(self, text: str) -> int:
            super().write(text[: len(text) // 2])
            self.flush()
            raise OSError(28, "No space left on device")

    def fdopen(handle: int, *args: Any, **kwargs: Any) -> Any:
        stream = real_fdopen(handle, *args, **kwargs)
        return DiskFull(stream.detach(), encoding="utf-8", newline="") if "w" in args[:1] else stream

    monkeypatch.setattr(os, "fdopen", fdopen)
    for arguments in (["--format", "json", "-o", str(out)], ["--write-baseline", str(baseline)]):
        result = _cli(*arguments, str(good))
        assert isinstance(result.exception, OSError) and result.exception.errno == 28
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert baseline.read_text(encoding="utf-8") == "previous baseline\n"
    assert _no_temporary_files(out.parent)


def test_a_report_written_with_output_gets_ordinary_file_permissions(tmp_path: Path) -> None:
    good, out = tmp_path / "good.txt", tmp_path / "report.json"
    good.write_text(GOOD, encoding="utf-8")
    mask = os.umask(0o022)
    try:
        assert _cli("--format", "json", "-o", str(out), str(good)).exit_code == 0
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_the_html_report_escapes_messages_suggestions_rules_and_paths() -> None:
    from html.parser import HTMLParser

    from tqcheck.model import (
        Document,
        DocumentReport,
        Finding,
        InputError,
        Paragraph,
        ParagraphReport,
        Report,
        Scoring,
        Sentence,
        SourceLanguage,
        Span,
    )
    from tqcheck.reporters.html import render

    evil = "\"><script>alert(1)</script><img src=x onerror=alert(2)>' onmouseover='alert(3)"
    text = f"Intro {evil} and Kiev then kyiv."
    kiev, kyiv = text.index("Kiev"), text.index("kyiv")
    finding = Finding(
        f"XX1{evil}", "x", "fluency", "major", f"message {evil}", kiev, kiev + 4, "Kiev", 0,
        suggestions=(f"fix {evil}",), related=(Span(kyiv, kyiv + 4),),
    )  # fmt: skip
    paragraph = Paragraph(0, 0, len(text), "body", (Sentence(0, len(text)),), 8)
    document = DocumentReport(
        Document(f"dir/{evil}.txt", text), f"en{evil}", SourceLanguage(f"fr{evil}", None, 0.0),
        (ParagraphReport(paragraph, 90.0, 1.0),), (finding,), 90.0, 1.0, Scoring("mqm", "1", ()),
    )  # fmt: skip
    page = render(Report((document,), (InputError(f"bad/{evil}.txt", f"reason {evil}"),)))

    class Elements(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.attributes: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            self.attributes.update(name for name, _ in attrs)

    elements = Elements()
    elements.feed(page)
    assert "script" not in elements.tags and "img" not in elements.tags
    assert not {name for name in elements.attributes if name.startswith("on")}
    assert page.count("&lt;script&gt;") >= 8  # text, path, message, fix, rule, languages, error
