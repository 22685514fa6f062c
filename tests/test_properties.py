"""Properties that hold for any input: offsets, line/column, determinism, tiling, no crash."""

from __future__ import annotations

import bisect
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.api import Options, check, check_document
from tqcheck.loaders.html import load_html
from tqcheck.loaders.markdown import load_markdown
from tqcheck.loaders.offsets import PLACEHOLDER
from tqcheck.loaders.text import InputRejected
from tqcheck.model import Document, DocumentReport, Report
from tqcheck.reporters.json_report import render

# Text built from pieces that trigger rules, mixed with arbitrary Unicode (combining marks,
# emoji, RTL, CR/LF variants, NUL and other control characters).
_PIECES = st.sampled_from(
    [
        "Kiev",
        "kyiv",
        "Kyiv",
        " the official T agency",
        "“",
        "”",
        "«",
        "»",
        " ?",
        "3,5 million",
        "the night of Sunday to Monday",
        "\n\n",
        "\r\n\r\n",
        "\r",
        "Source link",
        "the the",
        "DonetskThe",
        "Tthe",
        "é",
        "e\u0301",
        "👩‍👩‍👧",
        "שלום",
        "İstanbul",
        "ß",
        "\x00",
        "\x0b",
        ", judges the minister",
        "AFP/HO/x",
        "&nbsp;",
        "Le président a quitté la salle hier soir.",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40).map("".join)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_TEXT)
def test_findings_point_at_their_text_and_line_col_agree(text: str) -> None:
    report = check(text, options=Options(target_lang="en"))
    document = report.document
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        for span in finding.related:
            assert 0 <= span.start < span.end <= len(text)
        line, column = document.line_col(finding.start)
        starts = document.line_starts
        assert starts[line - 1] + column - 1 == finding.start


@_SETTINGS
@given(st.text(alphabet="ab \r\n\u2028", max_size=40))
def test_a_line_starts_after_each_line_break(text: str) -> None:
    # \r\n, lone \r and \n break lines (the fast path for "\n" only must agree); \u2028 does not.
    breaks = [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    assert Document(path="t", text=text).line_starts == (0, *breaks)


def _assert_tiled(text: str, report: DocumentReport) -> None:
    """Paragraphs, and the sentences of each, follow one another in order with only whitespace
    between and around them."""
    cursor = 0
    for paragraph_report in report.paragraphs:
        paragraph = paragraph_report.paragraph
        assert cursor <= paragraph.start < paragraph.end <= len(text)
        assert text[cursor : paragraph.start].strip() == ""
        sentence_cursor = paragraph.start
        for sentence in paragraph.sentences:
            assert sentence_cursor <= sentence.start < sentence.end <= paragraph.end
            sentence_cursor = sentence.end
        cursor = paragraph.end
    assert text[cursor:].strip() == ""


@_SETTINGS
@given(_TEXT)
def test_paragraphs_tile_the_text_in_order(text: str) -> None:
    _assert_tiled(text, check(text, options=Options(target_lang="en")))


@_SETTINGS
@given(_TEXT)
def test_same_input_gives_byte_identical_json(text: str) -> None:
    first = render(Report((check(text, options=Options(target_lang="en")),)))
    second = render(Report((check(text, options=Options(target_lang="en")),)))
    assert first == second


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_language_detection_never_raises(text: str) -> None:
    report = check(text)
    assert report.target_language


def test_crlf_and_lone_cr_keep_offsets_and_lines() -> None:
    text = "Headline here\r\n\r\nDrones hit Kiev.\rLater kyiv was calm.\r\n"
    report = check(text, options=Options(target_lang="en"))
    finding = next(f for f in report.findings if f.rule == "CN001")
    assert text[finding.start : finding.end] == finding.text
    assert Document("x", text).line_col(text.index("kyiv")) == (4, 7)


# Markdown and HTML: the same properties on text a loader extracted, plus the map back to the file.
_MARKUP_PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<br>", "<b>", "</b>", "<i>", "<h1>", "</h1>", "<blockquote>", "<div>", "</div>"),
        *("<script>x</script>", "<code>c</code>", "<!-- c -->", "<![if x]>", "<![--x>", "&amp;", "&#x4B;"),
        *("&bogus;", "<", ">", "&", "\\", "*", "_", "`", "# ", "> ", "- ", "1. ", "    ", "---\n", "```\n"),
        *("[T](http://t.example)", "![img](x.png)", "<http://a.example>", "| a | b |\n|---|---|\n"),
        *("\n", "\n\n", "\r\n", "\r", " ", "\t", "\x00", "\u2028", "\u202e"),
    ]
)
_MARKUP = st.lists(st.one_of(_PIECES, _MARKUP_PIECES, st.text(max_size=10)), max_size=50).map("".join)
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _loaded(loader, source: str):  # type: ignore[no-untyped-def]
    try:
        return loader("x", source.encode("utf-8", "surrogatepass"))
    except InputRejected:
        return None


@_SETTINGS
@given(_MARKUP, st.sampled_from(["markdown", "html"]))
def test_markup_findings_map_to_the_original_and_everything_holds(source: str, kind: str) -> None:
    loader = load_markdown if kind == "markdown" else load_html
    document = _loaded(loader, source)
    if document is None:
        return
    text, original = document.text, document.original_text or document.text
    report = check_document(document, Options(target_lang="en"))
    starts = [0, *(match.end() for match in _NEWLINES.finditer(original))]
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        at = document.original_offset(finding.start)
        assert 0 <= at < len(original)
        if finding.text[0] not in (" ", "\n", PLACEHOLDER):
            assert original[at] == finding.text[0] or original[at] in "&\\"
        line = bisect.bisect_right(starts, at)
        assert document.line_col(finding.start) == (line, at - starts[line - 1] + 1)
    _assert_tiled(text, report)
    again = check_document(loader("x", source.encode("utf-8", "surrogatepass")), Options(target_lang="en"))
    assert render(Report((report,))) == render(Report((again,)))
