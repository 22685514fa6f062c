"""Bad and hostile input through the real CLI: one clear line per failed input naming the file and
the reason, the rest of the batch still checked, exit 2; exact offsets whatever the bytes.

Cases already proved elsewhere are not repeated here: a JSONL batch with a bad line
(tests/test_jsonl.py), malformed configs (tests/test_config.py), malformed rule packs and the
regex time limit at load time (tests/test_user_packs.py), XML entity bombs (tests/test_loaders.py),
output and config safety (tests/test_output_safety.py), the service (tests/test_service_limits.py).
The two @slow tests take about 50 s and 15 s (twice that on a busy machine); `-m "not slow"` skips them.
"""

from __future__ import annotations

import bisect
import builtins
import codecs
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tqcheck.cli import main

GOOD = "The council approved the budget on Tuesday after a short debate.\n"
ARTIFACT = "Kim met, according to the official T agency, the envoy."
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _cli(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["check", *arguments])


def _line_col(text: str) -> Any:
    """Offset → 1-based line and code-point column; \\r\\n, \\r and \\n end lines (as documented)."""
    starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]

    def at(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    return at


def _assert_exact(document: dict[str, Any], text: str) -> None:
    """Every finding of a plain-text document points at its text, line and column included."""
    assert document["findings"], "the case needs at least one finding to prove anything"
    line_col = _line_col(text)
    for finding in document["findings"]:
        start, end = finding["start"], finding["end"]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == finding["text"]
        assert (finding["line"], finding["column"]) == line_col(start)
        assert (finding["end_line"], finding["end_column"]) == line_col(end)


def _documents(result: Result) -> dict[str, dict[str, Any]]:
    return {document["path"]: document for document in json.loads(result.stdout)["documents"]}


# One bad input among good ones ---------------------------------------------------------------
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
_BROKEN_XLIFF = (
    b'<xliff version="1.2"><file><body><trans-unit id="1"><source>a</source>\n'
    b"<target>Hello <g id='1'>world</target></trans-unit></body></file></xliff>"
)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n \xc2\xa0\n", "file holds only whitespace"),
        ("image.txt", _PNG, "binary file (NUL bytes); not text"),
        (
            "latin1.txt",
            "First line.\nLe café est fermé.\n".encode("latin-1"),
            "invalid UTF-8 at byte 18 (line 2); pass --encoding if the file uses another encoding",
        ),
        (
            "lone-surrogate.txt",
            codecs.BOM_UTF16_LE + "Hi ".encode("utf-16-le") + b"\x00\xd8",
            "invalid utf-16-le after its byte-order mark",
        ),
        ("broken.xlf", _BROKEN_XLIFF, "invalid XML at line 2, column "),
        ("broken.tmx", b"<tmx><body><tu><tuv xml:lang='en'><seg>x</seg>", "invalid XML at line 1"),
        (  # found by the fuzzer: libxml2's message ran over two lines, quoting the file
            "cdata.xlf",
            b"<xliff version='1.2'><file><body><trans-unit id='1'>\n<source><![CDATA[ <b> ]='5' </source>",
            "invalid XML at line 2, column 38: CData section not finished",
        ),
        ("broken.po", b'msgid "Hello"\nmsgstr "Bonjour\n', "invalid PO file: line 2: unterminated string"),
        ("junk.po", b'msgid "a"\nmsgstr "b"\n<<<<<<< HEAD\n', "invalid PO file: line 3: expected a keyword"),
        ("code.md", b"```\nonly code here\n```\n", "no text to check"),
        ("script.html", b"<html><script>var a = 1;</script></html>", "no text to check"),
    ],
)
def test_a_bad_input_is_one_line_and_the_rest_of_the_batch_is_checked(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad, good = tmp_path / name, tmp_path / "good.txt"
    bad.write_bytes(content)
    good.write_text(GOOD, encoding="utf-8")
    result = _cli("--format", "json", str(bad), str(good))  # the bad one first: the batch goes on
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"tqcheck: error: {bad}: ") and reason in line
    payload = json.loads(result.stdout)
    assert [document["path"] for document in payload["documents"]] == [str(good)]
    assert payload["errors"] == [{"path": str(bad), "reason": line.removeprefix(f"tqcheck: error: {bad}: ")}]


def test_the_encoding_option_named_in_the_error_decodes_the_file(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(f"Le café. {ARTIFACT}\n".encode("latin-1"))
    result = _cli("--format", "json", "--encoding", "latin-1", "--target-lang", "en", str(latin))
    assert result.exit_code == 1 and result.stderr == ""
    _assert_exact(_documents(result)[str(latin)], f"Le café. {ARTIFACT}\n")


def test_missing_paths_dangling_links_and_empty_directories(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty-dir").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    missing = tmp_path / "missing.txt"
    dangling, empty = tmp_path / "dangling.txt", tmp_path / "empty-dir"
    result = _cli("--format", "json", str(missing), str(dangling), str(empty), str(good))
    assert result.exit_code == 2
    assert sorted(result.stderr.splitlines()) == sorted(
        [
            f"tqcheck: error: {missing}: no such file",
            f"tqcheck: error: {tmp_path / 'dangling.txt'}: no such file",
            f"tqcheck: error: {tmp_path / 'empty-dir'}: no files matching "
            "*.txt, *.md, *.markdown, *.html, *.htm, *.xlf, *.xliff, *.po, *.tmx, *.jsonl",
        ]
    )
    assert list(_documents(result)) == [str(good)]


def _permissions_apply(path: Path) -> bool:
    """False as root (as in CI), where chmod 000 does not stop reads."""
    try:
        with open(path, "rb"):
            return False
    except PermissionError:
        return True


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make the kernel's answer for a file we may not read happen for ``denied``, even as root."""
    real_open, real_scandir = io.open, os.scandir

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file) == denied:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def guarded_scandir(path: Any = ".") -> Any:
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "scandir", guarded_scandir)


def test_unreadable_files_and_directories_are_reported_and_the_rest_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked_file = tmp_path / "locked.txt"
    locked_file.write_text(GOOD, encoding="utf-8")
    locked_dir = tmp_path / "locked-dir"
    locked_dir.mkdir()
    (locked_dir / "inside.txt").write_text(GOOD, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    locked_file.chmod(0)
    locked_dir.chmod(0)
    try:
        if not _permissions_apply(locked_file):
            # Root (CI) reads through chmod 000: refuse the reads the way the kernel would.
            _deny(monkeypatch, locked_file)
            _deny(monkeypatch, locked_dir)
        result = _cli("--format", "json", str(locked_file), str(locked_dir), str(good))
    finally:
        monkeypatch.undo()
        locked_file.chmod(0o644)
        locked_dir.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert sorted(result.stderr.splitlines()) == [
        f"tqcheck: error: {locked_dir}: cannot list directory: Permission denied",
        f"tqcheck: error: {locked_file}: permission denied",
    ]
    assert list(_documents(result)) == [str(good)]


def test_a_directory_loop_through_symlinks_is_reported_once_and_not_followed(tmp_path: Path) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "docs" / "sub" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "docs" / "sub" / "up").symlink_to(tmp_path / "docs")
    (tmp_path / "docs" / "self").symlink_to(".")
    result = _cli("--format", "json", str(tmp_path / "docs"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all("symlink loop" in line and "not followed" in line for line in lines)
    assert sorted(Path(path).name for path in _documents(result)) == ["a.txt", "b.txt"]


def test_a_reference_or_source_with_another_paragraph_count_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("First paragraph here.\n\nSecond paragraph here.\n", encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("Only one paragraph.\n", encoding="utf-8")
    for option in ("--reference", "--source"):
        result = _cli("--format", "json", option, str(short), str(target))
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("tqcheck: error: ") and "short.txt" in line and "paragraph" in line
        assert "Traceback" not in result.output


# Decoding and offsets ------------------------------------------------------------------------
_ARTIFACTS = f"Drones hit Kiev.\n\n{ARTIFACT}\n\nLater kyiv was calm, said the official T agency.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_byte_order_marks_are_decoded_and_offsets_are_in_the_decoded_text(
    tmp_path: Path, encoding: str
) -> None:
    data = _ARTIFACTS.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    assert result.exit_code == 1 and result.stderr == ""
    document = _documents(result)[str(path)]
    _assert_exact(document, _ARTIFACTS)
    assert {"CN001", "TE001"} <= {finding["rule"] for finding in document["findings"]}


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "lone-cr", "lf"])
def test_crlf_and_lone_cr_keep_offsets_lines_and_columns_exact(tmp_path: Path, newline: str) -> None:
    text = _ARTIFACTS.replace("\n", newline) + f"A last line{newline}Kiev, the official T agency.{newline}"
    path = tmp_path / "newlines.txt"
    path.write_bytes(text.encode("utf-8"))
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    document = _documents(result)[str(path)]
    _assert_exact(document, text)
    assert max(finding["line"] for finding in document["findings"]) == 7
    text_report = _cli("--target-lang", "en", str(path)).stdout
    for finding in document["findings"]:
        assert f"{path}:{finding['line']}:{finding['column']}: {finding['rule']}" in text_report


_HOSTILE_CONTROLS = "\x1b[2J\x1b]0;owned\x07\x08\x7f\x85\u2028\u202e\u2066\x0b\x0c\x1c"


def test_nul_bytes_and_control_characters_keep_exact_offsets_and_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    # A NUL after the first 8 KiB does not make the file binary; control characters are text.
    text = (
        f"Intro {_HOSTILE_CONTROLS} Kiev.\n\n"
        + "Plain words fill the start of this long file. " * 200
        + f"\n\n\x00Later\x00 kyiv {_HOSTILE_CONTROLS}said the official T agency{_HOSTILE_CONTROLS}.\n"
    )
    path = tmp_path / f"controls{_HOSTILE_CONTROLS[:4]}.txt"
    path.write_bytes(text.encode("utf-8"))
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    assert result.exit_code == 1, result.output
    _assert_exact(_documents(result)[str(path)], text)
    # --color: click strips escape sequences from output that is not a terminal, and would hide
    # what a person at a terminal gets; only the report's own colour codes may remain.
    missing = tmp_path / f"gone{_HOSTILE_CONTROLS}.txt"
    report = _cli("--target-lang", "en", "--color", str(path), str(missing))
    own_colours = re.compile(r"\x1b\[[0-9;]*m")
    for output in (own_colours.sub("", report.stdout), report.stderr):
        leaked = {char for char in output if char != "\n" and not char.isprintable()}
        assert not leaked, f"raw control characters reach the terminal: {sorted(map(hex, map(ord, leaked)))}"
    assert "gone\\x1b[2J\\x1b]0;owned\\x07" in report.stderr  # spelled out, not lost
    assert "controls\\x1b[2J.txt" in report.stdout


def test_mixed_scripts_rtl_emoji_and_combining_marks_count_code_points(tmp_path: Path) -> None:
    text = (
        "👩‍👩‍👧 שלום עולם, مرحبا بالعالم — Kiev e\u0301te\u0301 🇺🇦.\n\n"
        "Привет 你好 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‏RTL‏ kyiv, a\u0308\u0301 said the official T agency 👍🏽.\n"
    )
    path = tmp_path / "scripts.txt"
    path.write_text(text, encoding="utf-8")
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    document = _documents(result)[str(path)]
    _assert_exact(document, text)
    kiev = next(finding for finding in document["findings"] if finding["text"] == "Kiev")
    # Code points: the family emoji is 5 of them (UTF-16 would say 8, UTF-8 bytes 18).
    assert (kiev["line"], kiev["column"]) == (1, text.index("Kiev") + 1)


def test_jsonl_rows_with_nul_and_control_characters_keep_exact_offsets(tmp_path: Path) -> None:
    target = f"Kiev\x00 and {_HOSTILE_CONTROLS} kyiv, said the official T agency."
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": 1, "target": target, "target_lang": "en"}) + "\n", encoding="utf-8")
    result = _cli("--format", "json", str(batch))
    _assert_exact(_documents(result)[f"{batch}#1"], target)


# Markup -------------------------------------------------------------------------------------
def test_malformed_html_is_checked_as_a_browser_reads_it_with_positions_in_the_file(tmp_path: Path) -> None:
    html = (
        "<html><body><div><p>Kim met, according to <b>the official <i>T</b> agency</i>, the envoy.\n"
        "<p>Unclosed <code>x <div>Drones hit Kiev.</span></div><![if x]> <!-- never closed\n"
        "<p>And &bogus; &#xZZ; kyiv too.</p>"
    )
    path = tmp_path / "broken.html"
    path.write_text(html, encoding="utf-8")
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    assert result.exit_code == 1 and result.stderr == ""
    findings = _documents(result)[str(path)]["findings"]
    te001 = next(finding for finding in findings if finding["rule"] == "TE001")
    line = html.splitlines()[te001["line"] - 1]
    assert line[te001["column"] - 1 :].startswith("T</b> agency")


# Size ---------------------------------------------------------------------------------------
_SENTENCES = (
    "The council approved the budget on Tuesday after a short debate about item {n}.",
    "Residents of district {n} asked for more buses and a new library.",
    "The mayor said that plan {n} would be reviewed again in the spring.",
    "Several members voted against motion {n}, citing the cost of the bridge repairs.",
    "Schools in zone {n} will receive additional funding for teachers and equipment.",
    "Critics argued that the figures in report {n} had not been checked by an auditor.",
    "A spokesman for the opposition declined to comment on vote {n}.",
)


def _prose(size: int, separator: str = " ", artifact_every: int = 5000) -> str:
    """Distinct ordinary sentences (each numbered), an artifact now and then: realistic cost."""
    parts, length, index = [], 0, 0
    while length < size:
        if index % artifact_every == artifact_every // 2:
            sentence = f"Kim met, according to the official T agency, envoy {index}."
        else:
            sentence = _SENTENCES[index % len(_SENTENCES)].format(n=index)
        parts.append(sentence)
        length += len(sentence) + len(separator)
        index += 1
    return separator.join(parts)


@pytest.mark.slow
def test_a_50_mb_single_paragraph_is_checked_exactly(tmp_path: Path) -> None:
    # Linear work throughout (about 1 s per MB): a quadratic step would never finish here.
    text = _prose(50_000_000)
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    assert result.exit_code == 1 and result.stderr == ""
    document = _documents(result)[str(path)]
    assert len(document["paragraphs"]) == 1 and document["paragraphs"][0]["end"] == len(text)
    assert sum(finding["rule"] == "TE001" for finding in document["findings"]) == text.count(" T agency")
    _assert_exact(document, text)


@pytest.mark.slow
def test_a_1_mb_line_dense_with_findings_renders_in_every_format(tmp_path: Path) -> None:
    # A finding every ~100 characters on one line: per-finding work in a reporter that scanned the
    # line, the paragraph or all findings again (fingerprints, HTML marks, JUnit) was quadratic.
    from tqcheck.api import Options, check
    from tqcheck.model import Report
    from tqcheck.reporters import github, html, junit, sarif, text

    base = "Drones struck Kiev on the night of Sunday to Monday, according to the official T agency. "
    line = (base * (1_000_000 // len(base) + 1))[:1_000_000]
    path = tmp_path / "line.txt"
    path.write_text(line, encoding="utf-8")
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    document = _documents(result)[str(path)]
    assert line.count("\n") == 0 and len(document["findings"]) > 20_000
    _assert_exact(document, line)
    report = Report((check(line, str(path), Options(target_lang="en")),))
    findings = len(report.documents[0].findings)
    assert text.render(report).count(f"{path}:1:") == findings
    assert html.render(report).count("data-note-for=") == findings
    assert len(json.loads(sarif.render(report))["runs"][0]["results"]) == findings
    assert junit.render(report).count(f"{path.name}:1:") == findings
    assert github.render(report).count("\n::") + 1 >= findings


# Found by benchmarks/fuzz.py -------------------------------------------------------------------
def test_a_control_character_in_a_jsonl_id_keeps_the_junit_report_well_formed(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "\x1f\x00", "target": f"Kiev. {ARTIFACT}"}) + "\n", encoding="utf-8")
    result = _cli("--format", "junit", "--target-lang", "en", str(batch))
    assert result.exit_code == 1
    suite = ET.fromstring(result.stdout.encode("utf-8")).find("testsuite")
    assert suite is not None and suite.get("name", "").endswith("batch.jsonl#\ufffd\ufffd")


def test_line_separators_inside_a_po_string_are_text_not_line_breaks(tmp_path: Path) -> None:
    # polib splits lines with str.splitlines(), which also breaks at U+2028, NEL, VT, FF...:
    # such a file was rejected as a syntax error, or its strings cut.
    target = "Kiev\u2028was calm\x85that night, said\x0bthe official T agency."
    po = tmp_path / "a.po"
    po.write_text(f'msgid "Source\u2028text"\nmsgstr "{target}"\n', encoding="utf-8")
    result = _cli("--format", "json", "--target-lang", "en", str(po))
    assert result.stderr == ""
    document = _documents(result)[str(po)]
    finding = next(f for f in document["findings"] if f["rule"] == "TE001")
    assert finding["text"] == "T agency"
    assert (finding["line"], finding["column"]) == (2, len('msgstr "') + target.index("T ") + 1)


def test_unpaired_surrogates_from_json_escapes_or_odd_codecs_are_refused_not_crashed_on(
    tmp_path: Path,
) -> None:
    # JSON may escape half a UTF-16 pair ("\\udb68"): such a string cannot be written as UTF-8,
    # and the SARIF fingerprint, the JSON report or the terminal crashed on it.
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(
        b'{"id": 1, "target": "Kiev \\udb68 kyiv, the official T agency."}\n'
        b'{"id": "\\ud800", "target": "x"}\n'
        b'{"id": 3, "target": "Kiev \\ud83d\\ude00 kyiv, the official T agency."}\n'
    )
    escaped = tmp_path / "escaped.txt"
    escaped.write_bytes(b"Kiev \\ud800 kyiv, the official T agency.\n")
    for output_format in ("json", "sarif", "text"):
        result = _cli("--format", output_format, "--target-lang", "en", str(batch))
        assert result.exit_code == 2, result.output
        assert sorted(result.stderr.splitlines()) == [
            f"tqcheck: error: {batch}:1: id 1: 'target' holds an unpaired surrogate '\\udb68' at "
            "character 5; not valid Unicode text",
            f"tqcheck: error: {batch}:2: 'id' holds an unpaired surrogate '\\ud800' at character 0; "
            "not valid Unicode text",
        ]
    assert list(_documents(_cli("--format", "json", str(batch)))) == [f"{batch}#3"]  # a real pair is fine
    result = _cli("--encoding", "unicode_escape", str(escaped))
    assert result.exit_code == 2 and "decoded as unicode_escape: unpaired surrogate" in result.stderr


def test_a_malformed_marked_section_does_not_shift_later_html_offsets(tmp_path: Path) -> None:
    # html.parser moved its position before asserting on "<![--x>": everything after was 3 off.
    html = "<p>a<![--x> and <![ y > then Kim met, according to the official T agency.</p><!["
    path = tmp_path / "marked.html"
    path.write_text(html, encoding="utf-8")
    result = _cli("--format", "json", "--target-lang", "en", str(path))
    finding = next(f for f in _documents(result)[str(path)]["findings"] if f["rule"] == "TE001")
    assert html.splitlines()[finding["line"] - 1][finding["column"] - 1 :].startswith("T agency")


def test_the_fuzz_harness_runs_on_every_target(benchmark: Callable[[str], ModuleType]) -> None:
    fuzz = benchmark("fuzz")
    for target in fuzz.TARGETS:
        outcomes = fuzz.run(target, 25, seed=0, progress=lambda line: None)
        assert outcomes["checked"] + outcomes["rejected"] == 25, target
