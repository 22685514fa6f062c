"""Loaders: Markdown, HTML, XLIFF, PO and TMX become Documents whose offsets map back to the file."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.api import check_document
from tqcheck.cli import main
from tqcheck.inputs import expand, read_documents
from tqcheck.loaders import load_path, sniff
from tqcheck.loaders.html import load_html
from tqcheck.loaders.markdown import load_markdown
from tqcheck.loaders.offsets import PLACEHOLDER
from tqcheck.loaders.text import InputRejected

ARTIFACT = "the official T agency"


def _at(original: str, line: int, column: int) -> str:
    return original.splitlines()[line - 1][column - 1 :]


def _finding(report, rule: str):  # type: ignore[no-untyped-def]
    return next(f for f in report.findings if f.rule == rule)


# Markdown ------------------------------------------------------------------------------------
MARKDOWN = """---
title: "Kiev and kyiv in front matter are not checked"
---
# Drones over *Crimea*

Kim received drones, according to **the official [T](https://t.example/a_(b)) agency**, on Monday.

```text
the official T agency inside a fence is code
```

    the official T agency indented is code too

Run `the official T agency` in a shell, see <https://example.org/the-official-T-agency>.
"""


def test_markdown_finding_reports_line_and_column_of_the_original_file() -> None:
    document = load_markdown("a.md", MARKDOWN.encode())
    report = check_document(document)
    finding = _finding(report, "TE001")
    line, column = document.line_col(finding.start)
    assert (line, column) == (6, 51)
    assert _at(MARKDOWN, line, column).startswith("T](https://")


def test_markdown_skips_front_matter_code_urls_and_keeps_prose() -> None:
    text = load_markdown("a.md", MARKDOWN.encode()).text
    assert "Kiev" not in text and "title" not in text
    assert "inside a fence" not in text and "indented is code" not in text
    assert "https" not in text and "example" not in text
    assert text.count(ARTIFACT) == 1  # the prose one, its markup and link URL gone
    assert "according to the official T agency, on Monday." in text
    assert f"Run {PLACEHOLDER} in a shell, see {PLACEHOLDER}." in text


def test_markdown_headings_become_headlines_and_quotes_quotes() -> None:
    source = "## The minister said it was fine.\n\n> He said the night was calm and long.\n\nBody text.\n"
    report = check_document(load_markdown("b.md", source.encode()))
    roles = [p.paragraph.role for p in report.paragraphs]
    assert roles == ["headline", "quote", "body"]


def test_markdown_escapes_and_entities_map_to_their_source() -> None:
    source = "AT&amp;T and \\*stars\\* in Kyiv.\n"
    document = load_markdown("c.md", source.encode())
    assert document.text == "AT&T and *stars* in Kyiv."
    assert source[document.original_offset(2)] == "&"
    assert document.line_col(document.text.index("Kyiv")) == (1, source.index("Kyiv") + 1)


# HTML ----------------------------------------------------------------------------------------
HTML = """<!doctype html>
<html><head><title>The official T agency in the title</title>
<style>p::before { content: "the official T agency"; }</style>
<script>var s = "<p>the official T agency</p>";</script></head>
<body><noscript><p>the official T agency</p></noscript>
<h1>Drones &amp; diplomacy</h1>
<p>Kim received drones, according to <em>the official</em> <b>T</b> agency, on Monday.</p>
<p>Caf&eacute; &#8220;owner&#x201D;&nbsp;said
   so.</p>
</body></html>
"""


def test_html_finding_reports_line_and_column_of_the_original_file() -> None:
    document = load_html("a.html", HTML.encode())
    finding = _finding(check_document(document), "TE001")
    line, column = document.line_col(finding.start)
    assert line == 7
    assert _at(HTML, line, column).startswith("T</b> agency")


def test_html_ignores_script_style_noscript_and_title() -> None:
    document = load_html("a.html", HTML.encode())
    assert document.text.count("official") == 1
    assert "content" not in document.text and "var s" not in document.text


def test_html_blocks_are_paragraphs_and_entities_map_to_the_ampersand() -> None:
    document = load_html("a.html", HTML.encode())
    paragraphs = document.text.split("\n\n")
    assert paragraphs[0] == "Drones & diplomacy"
    assert paragraphs[2] == "Café “owner”\u00a0said so."
    e_acute = document.text.index("é")
    assert HTML[document.original_offset(e_acute) :].startswith("&eacute;")
    closing_quote = document.text.index("”")
    assert HTML[document.original_offset(closing_quote) :].startswith("&#x201D;")
    report = check_document(document)
    assert report.paragraphs[0].paragraph.role == "headline"


@pytest.mark.parametrize(
    "broken",
    [
        "<p>unclosed <b>bold <i>nested</p> text",
        "<div><p>a</div></p></span>&#xZZ; &bogus; & < > <!-- never closed",
        "<scr<script>ipt>alert(1)</script>Hello there",
        "<p>Unclosed <code>x <div>the text after</div> <pre>more",
        "\x00\x01<p>\ufeffOdd bytes</p>",
    ],
)
def test_malformed_html_does_not_crash_and_offsets_stay_in_the_file(broken: str) -> None:
    try:
        document = load_html("m.html", broken.encode())
    except InputRejected:
        return
    assert len(document.origin or ()) == len(document.text)
    assert all(0 <= offset <= len(broken) for offset in document.origin or ())


_MARKUP = st.sampled_from(
    [
        *"<>/&;#!-*_`[]()\\ \n\r\tabT\"'=|~",
        *("<p>", "</p>", "<script>", "</script>", "<br>", "&amp;", "&#x41;", "```", "---\n", "<code>"),
        *("    ", "# ", "> ", "[a](b)", "<!--", "-->", "&nbsp", "<b>"),
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_MARKUP, max_size=40).map("".join))
def test_every_extracted_character_points_at_itself_or_its_escape(source: str) -> None:
    for loader in (load_html, load_markdown):
        try:
            document = loader("x", source.encode())
        except InputRejected:
            continue
        origin = document.origin or ()
        assert len(origin) == len(document.text)
        assert list(origin) == sorted(origin)
        for char, offset in zip(document.text, origin, strict=True):
            if not char.isspace() and char != PLACEHOLDER:
                assert source[offset] == char or source[offset] in "&\\"


# XLIFF, PO, TMX ------------------------------------------------------------------------------
XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="fr-FR" target-language="en-GB" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1"><source>Selon l'agence officielle TASS.</source>
        <target>According to the official <g id="b">T</g> agency &amp; others.</target></trans-unit>
      <trans-unit id="2" translate="no"><source>NE PAS</source><target>NE PAS</target></trans-unit>
      <trans-unit id="3"><source>Vide</source><target/></trans-unit>
      <trans-unit id="4"><source>Bonjour <x id="1"/> !</source><target>Hello <x id="1"/>, friends.

A second paragraph of the same unit.</target></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF_20 = """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">
 <file id="f1"><unit id="u1">
  <segment><source>Hallo <pc id="1">Welt</pc>.</source><target>Hello <pc id="1">world</pc>.</target></segment>
  <segment><source>Zwei.</source><target>Two &lt;three&gt;.</target></segment>
 </unit></file>
</xliff>
"""

PO = r"""msgid ""
msgstr ""
"Language: fr_FR\n"
"Content-Type: text/plain; charset=UTF-8\n"

#: app.c:10
msgid "The minister said"
msgstr "Le ministre a dit \"oui\""

#, fuzzy
msgid "Draft"
msgstr "Brouillon"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Un fichier"
msgstr[1] "%d fichiers"

msgid "Not yet"
msgstr ""
"""

TMX = """<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" adminlang="en" datatype="plaintext"
 o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="en"><seg>Hello world</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour le monde</seg></tuv>
<tuv xml:lang="de"><seg>Hallo <ph x="1">&lt;b&gt;</ph>Welt</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Goodbye</seg></tuv><tuv xml:lang="fr"><seg>Au revoir</seg></tuv></tu>
</body></tmx>
"""


def test_xliff_12_targets_are_paragraphs_with_their_sources_and_languages() -> None:
    [document] = load_path("a.xlf", XLIFF_12.encode())
    assert document.text == (
        f"According to the official T agency & others.\n\nHello {PLACEHOLDER}, friends.\n"
        "A second paragraph of the same unit."
    )
    assert document.sources == ("Selon l'agence officielle TASS.", f"Bonjour {PLACEHOLDER} !")
    assert (document.target_lang, document.source_lang) == ("en", "fr")
    report = check_document(document)  # sources align one per paragraph
    assert len(report.paragraphs) == 2
    line, column = document.line_col(_finding(report, "TE001").start)
    assert _at(XLIFF_12, line, column).startswith("T</g> agency")


def test_xliff_20_segments_and_inline_codes() -> None:
    [document] = load_path("b.xliff", XLIFF_20.encode())
    assert document.text == "Hello world.\n\nTwo <three>."
    assert document.sources == ("Hallo Welt.", "Zwei.")
    assert (document.target_lang, document.source_lang) == ("en", "de")
    three = document.text.index("<three")
    assert XLIFF_20[document.original_offset(three) :].startswith("&lt;three")


def test_po_skips_header_fuzzy_and_empty_and_keeps_plural_forms() -> None:
    [document] = load_path("c.po", PO.encode())
    assert document.text == 'Le ministre a dit "oui"\n\nUn fichier\n\n%d fichiers'
    assert document.sources == ("The minister said", "One file", "%d files")
    assert document.target_lang == "fr"
    assert document.line_col(document.text.index("Un fichier")) == (16, 12)
    assert len(check_document(document).paragraphs) == 3


def test_tmx_gives_one_document_per_target_language() -> None:
    documents = load_path("d.tmx", TMX.encode())
    assert [d.path for d in documents] == ["d.tmx#de", "d.tmx#fr"]
    german, french = documents
    assert german.text == f"Hallo {PLACEHOLDER}Welt" and german.sources == ("Hello world",)
    assert french.text == "Bonjour le monde\n\nAu revoir"
    assert french.sources == ("Hello world", "Goodbye")
    assert (french.target_lang, french.source_lang) == ("fr", "en")
    line, column = french.line_col(french.text.index("Au revoir"))
    assert _at(TMX, line, column).startswith("Au revoir")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("e.xlf", "<xliff version='1.2'><file><body>", "invalid XML at line 1"),
        ("f.xlf", "<html><body/></html>", "not an XLIFF file (root element <html>)"),
        ("g.tmx", "<xliff version='1.2'/>", "not a TMX file"),
        ("h.po", "just some words\n", "not a PO file"),
        ("i.md", "```\nonly code\n```\n", "no text to check"),
        ("j.html", "", "empty file"),
    ],
)
def test_bad_inputs_are_rejected_with_a_one_line_reason(name: str, content: str, reason: str) -> None:
    with pytest.raises(InputRejected) as error:
        load_path(name, content.encode())
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


def test_xml_entities_are_not_expanded() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<xliff version="1.2"><file><body><trans-unit id="1"><source>s</source>'
        "<target>&b;&b;&b; Real words.</target></trans-unit></body></file></xliff>"
    )
    [document] = load_path("bomb.xlf", bomb.encode())
    assert "aaaa" not in document.text and "Real words." in document.text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<?xml version='1.0'?><xliff version='2.0'/>", "xliff"),
        (b"<tmx version='1.4'/>", "tmx"),
        (b"<!DOCTYPE html><p>x</p>", "html"),
        (b'msgid "a"\nmsgstr "b"\n', "po"),
        (b"---\ntitle: x\n---\nBody", "markdown"),
        (b"# Heading\n\nBody", "markdown"),
        (b"Plain words. #hashtag, C# and <3.", "text"),
    ],
)
def test_content_sniffing_for_stdin(content: bytes, expected: str) -> None:
    assert sniff(content) == expected


# Inputs: directories, globs, loops, stdin ------------------------------------------------------
def _tree(root: Path) -> None:
    (root / "docs" / "drafts").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("Plain text here.\n")
    (root / "docs" / "b.md").write_text("# Title\n\nBody text.\n")
    (root / "docs" / "c.html").write_text("<p>Body</p>")
    (root / "docs" / "drafts" / "d.md").write_text("Draft.\n")
    (root / "docs" / "e.png").write_bytes(b"\x89PNG")
    (root / ".git" / "f.txt").write_text("hidden\n")


def test_directories_are_walked_sorted_with_default_globs_and_hidden_entries_skipped(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = expand([str(tmp_path)]).paths
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt",
        "docs/b.md",
        "docs/c.html",
        "docs/drafts/d.md",
    ]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = expand([str(tmp_path)], include=["*.md"], exclude=["drafts"]).paths
    assert [Path(p).name for p in found] == ["b.md"]
    found = expand([str(tmp_path)], exclude=["docs/*.html", "*.txt"]).paths
    assert [Path(p).name for p in found] == ["b.md", "d.md"]


def test_symlink_loops_are_reported_once_and_not_followed(tmp_path: Path) -> None:
    _tree(tmp_path)
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "drafts" / "back")
    inputs = expand([str(tmp_path)])
    assert len(inputs.paths) == 4
    assert len(inputs.errors) == 1
    assert "symlink loop" in inputs.errors[0].reason and inputs.errors[0].path.endswith("back")


def test_stdin_is_read_and_sniffed(tmp_path: Path) -> None:
    import io

    [(name, documents)] = list(read_documents(["-"], stdin=io.BytesIO(b"<p>Hello <b>there</b></p>")))
    assert name == "-" and documents[0].text == "Hello there"


def test_cli_checks_a_directory_and_reports_bad_files_without_stopping(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "docs" / "broken.xlf").write_text("<xliff><file>")
    (tmp_path / "docs" / "news.md").write_text(f"Intro.\n\nKim met, according to *{ARTIFACT}*, on Monday.\n")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", str(tmp_path)])
    assert result.exit_code == 2
    assert f"tqcheck: error: {tmp_path / 'docs' / 'broken.xlf'}: invalid XML at line 1" in result.stderr
    payload = json.loads(result.stdout)
    assert len(payload["documents"]) == 5
    news = next(d for d in payload["documents"] if d["path"].endswith("news.md"))
    finding = next(f for f in news["findings"] if f["rule"] == "TE001")
    assert (finding["line"], finding["column"]) == (3, 37)
    assert (tmp_path / "docs" / "news.md").read_text().splitlines()[2][36:] == "T agency*, on Monday."


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty, self.written = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.written += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("stderr_tty", "stdout_tty", "ci", "shown"),
    [
        (True, True, None, True),
        (True, False, None, False),
        (False, True, None, False),
        (True, True, "true", False),
    ],
)
def test_progress_bar_only_for_a_person_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch, stderr_tty: bool, stdout_tty: bool, ci: str | None, shown: bool
) -> None:
    from tqcheck import cli_output

    err, out = _Terminal(stderr_tty), _Terminal(stdout_tty)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert list(cli_output.progress(iter(range(25)), 25, None)) == list(range(25))
    assert ("checking" in err.written) is shown
    assert out.written == ""
    assert list(cli_output.progress(iter(range(3)), 3, None)) == [0, 1, 2]  # short batches: never
