"""Properties that hold for any input: offsets, line/column, determinism, tiling, no crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.api import Options, check
from tqcheck.model import Document, Report
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
@given(_TEXT)
def test_paragraphs_tile_the_text_in_order(text: str) -> None:
    report = check(text, options=Options(target_lang="en"))
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
