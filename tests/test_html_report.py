"""The pre-publication HTML report: escaped, self-contained, overlaps nested, and what a browser shows."""

from __future__ import annotations

import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.api import check_document
from tqcheck.cli import main
from tqcheck.model import (
    Document,
    DocumentReport,
    Finding,
    Paragraph,
    ParagraphReport,
    Report,
    Scoring,
    Sentence,
    SourceLanguage,
)
from tqcheck.reporters.html import render

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_9f623145526f7808.txt"
CHROMIUM = "/usr/bin/chromium"
HOSTILE = (
    "Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> "
    "on the night of Sunday to Monday."
)


class _Marks(HTMLParser):
    """Checks that the marks nest, and collects the text inside each finding's pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.open_findings: list[str | None] = []
        self.text: dict[str, str] = {}
        self.tags: list[str] = []
        self.all_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("meta", "br", "img", "input", "link"):
            return
        self.stack.append(tag)
        number = dict(attrs).get("data-finding") if tag == "mark" else None
        self.open_findings.append(number)
        if number is not None:
            self.text.setdefault(number, "")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        self.open_findings.pop()

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        for number in self.open_findings:
            if number is not None:
                self.text[number] += data


def _synthetic(text: str, spans: list[tuple[int, int, str]]) -> Report:
    paragraph = Paragraph(0, 0, len(text), "body", (Sentence(0, len(text)),), len(text.split()))
    findings = tuple(
        Finding(
            f"XX{index:03d}", "test", "fluency", severity, f"message {index}", start, end, text[start:end], 0
        )
        for index, (start, end, severity) in enumerate(spans)
    )
    report = DocumentReport(
        document=Document("<synthetic>", text),
        target_language="en",
        source_language=SourceLanguage(None, "fr", 0.8),
        paragraphs=(ParagraphReport(paragraph, 90.0, 1.0),),
        findings=findings,
        score=90.0,
        penalty=1.0,
        scoring=Scoring("mqm", "1", ()),
    )
    return Report((report,))


def test_checked_text_is_escaped_and_no_script_element_exists() -> None:
    document = Document("<b>evil</b>.txt", HOSTILE)
    page = render(Report((check_document(document),)))
    assert "&lt;script&gt;" in page and "&lt;b&gt;evil&lt;/b&gt;.txt" in page
    parser = _Marks()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "<script>alert(1)</script>" in "".join(parser.all_text)  # shown as text, not run
    assert "<script" not in page.lower()


def test_overlapping_and_crossing_findings_nest_and_keep_their_text() -> None:
    text = "abcdefghijklmnop"
    spans = [
        (0, 6, "major"),
        (3, 9, "minor"),
        (3, 6, "critical"),
        (8, 8, "info"),
        (10, 16, "minor"),
        (10, 16, "info"),
    ]
    page = render(_synthetic(text, spans))
    parser = _Marks()
    parser.feed(page)  # asserts that every end tag closes the innermost open element
    assert not parser.stack
    assert {int(number): value for number, value in parser.text.items()} == {
        index: text[start:end] for index, (start, end, _) in enumerate(spans)
    }
    assert page.count('id="f1"') == 1  # a split finding is anchored once


def test_report_shows_score_source_language_legend_and_paragraph_bars(seed_text: str) -> None:
    report = check_document(Document(str(SEED), seed_text))
    page = render(Report((report,)))
    assert f"{report.score:.1f}" in page
    assert "(inferred, confidence" in page and f"<b>{report.source_language.inferred}</b>" in page
    assert all(label in page for label in ("Critical", "Major", "Minor", "Info"))
    assert page.count('class="bar"') == len(report.paragraphs)
    assert "http://" not in page and "https://" not in page  # self-contained: nothing fetched


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["check", "--format", "html", "-o", str(out), str(SEED)])
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def _browser() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("TQCHECK_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM} is missing but TQCHECK_REQUIRE_BROWSER is set")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _chromium(browser: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_browser_renders_every_finding_highlighted_and_the_score(tmp_path: Path, seed_text: str) -> None:
    browser = _browser()
    seed = check_document(Document(str(SEED), seed_text))
    hostile = check_document(Document("hostile.txt", HOSTILE))
    page = tmp_path / "report.html"
    page.write_text(render(Report((seed, hostile))), encoding="utf-8")
    dom = _chromium(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = dom.stdout
    total = len(seed.findings) + len(hostile.findings)
    assert total > 10
    assert len(set(re.findall(r'<mark [^>]*data-finding="(\d+)"', rendered))) == total
    assert f"{seed.score:.1f}" in rendered and f"{hostile.score:.1f}" in rendered
    assert "<script" not in rendered.lower()
    assert "&lt;script&gt;" in rendered and "onerror=alert(2)&gt;" in rendered
    screenshot = tmp_path / "report.png"
    shot = _chromium(
        browser, tmp_path / "profile2", f"--screenshot={screenshot}", "--window-size=1280,2000", page.as_uri()
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000


def test_reference_metrics_are_shown_when_the_check_had_a_reference() -> None:
    from tqcheck.api import check

    report = check(
        "The cat sat on the mat.\n\nIt was on the night of Sunday to Monday.",
        reference="The cat sat on the mat.\n\nIt happened overnight on Sunday.",
    )
    page = render(Report((report,)))
    assert "reference metrics:" in page and "chrf" in page
    assert page.count('class="metrics"') == 1 + len(report.paragraphs)
