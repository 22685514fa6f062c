"""Fuzz the loaders and the whole check: generated and corrupted inputs of every format must be
either rejected with a one-line reason or checked, with every invariant of the report holding.

    python benchmarks/fuzz.py --examples 20000                 # per target, all targets
    python benchmarks/fuzz.py --examples 500 --targets html,po --seed 3
    python benchmarks/fuzz.py --atheris 300       # coverage-guided bytes instead (pip install atheris)

Hypothesis drives it (a large example budget, shrinking a failure to a minimal input, which it
prints). Per input: load (InputRejected is an answer; any other exception is a crash), check,
then every reporter, and the invariants: findings point at their text (``text[start:end] ==
finding.text``), line/column agree with the original file, paragraphs and sentences tile the
text in order, the same input gives byte-identical JSON, the text report carries no raw control
character, the HTML report no element from the input, SARIF and JUnit parse.
tests/test_service_limits.py and tests/test_bad_input.py hold the regressions it found;
tests/test_bad_input.py runs a short smoke pass of it.
"""

from __future__ import annotations

import argparse
import bisect
import io
import json
import re
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from tqcheck.api import Options, check_document
from tqcheck.loaders import load_path
from tqcheck.loaders.jsonl import RowError, iter_jsonl
from tqcheck.loaders.text import InputRejected
from tqcheck.model import Document, Report
from tqcheck.reporters import github, html, json_report, junit, sarif, text

_NEWLINES = re.compile(r"\r\n|\r|\n")
_OWN_COLOURS = re.compile(r"\x1b\[[0-9;]*m")

# Prose that triggers rules, and the characters that break naive code.
PROSE = [
    "Kiev", "kyiv", "Kyiv", " the official T agency", "the night of Sunday to Monday", "Source link",
    "the the the", "DonetskThe", "3,5 million", " ?", "« quoted »", "“", "”", "\"", "'", "(", ")", "[]",
    ", judges the minister", "AFP/HO/x", "Le président a quitté la salle hier soir.", "Mr. Smith. ",
    "é", "e\u0301", "👩‍👩‍👧", "🇺🇦", "שלום", "مرحبا", "\u202e", "\u200f", "İstanbul", "ß", "ﬁ", "你好",
    "\x00", "\x0b", "\x0c", "\x1b[2J", "\x85", "\u2028", "\ufeff", "\ufffc", "\t", " ", "\n", "\n\n",
    "\r\n", "\r", "\r\n\r\n", "…", ".", "!", "?", "Plain words here. ", "<!-- tqcheck: ignore -->",
]  # fmt: skip
MARKDOWN = [
    "# ", "## ", "> ", "- ", "1. ", "    ", "```\n", "```text\n", "~~~\n", "---\n", "+++\n", "***\n",
    "*", "**", "_", "`", "``", "[", "]", "(", ")", "![", "[a](http://x.example/(b))", "[ref]: /url\n",
    "<http://a.example>", "<b>", "</b>", "<div>\n", "</div>\n", "<br>", "\\", "&amp;", "&#x41;", "&bogus;",
    "| a | b |\n|---|---|\n| c | d |\n", "~~struck~~", "<!--", "-->", "\n", "\n\n",
]  # fmt: skip
HTML = [
    "<p>", "</p>", "<br>", "<br/>", "</br>", "<b>", "</b>", "<i>", "</i>", "<h1>", "</h1>", "<div>",
    "</div>", "<blockquote>", "<figcaption>", "<li>", "<table><tr><td>", "<script>", "</script>",
    "<style>p{}</style>", "<code>", "</code>", "<pre>", "</pre>", "<title>t</title>", "<svg><text>",
    "<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "<![if x]>", "<![a](b)", "<![--x>", "<![ y >",
    "<!doctype html>", "<?xml?>", "&amp;", "&nbsp;", "&#x4B;", "&#75;", "&#xZZ;", "&#;", "&bogus;", "&",
    "<", ">", "</", "<p class='x",
    "<a href=\"x\">", "</a>", "<img src=x onerror=alert(1)>", "<template>", "<noscript>", "\n", "\r\n",
]  # fmt: skip
XML_INLINE = [
    "<x id='1'/>", "<ph id='1'>{0}</ph>", "<bpt id='1'>&lt;b&gt;</bpt>", "<ept id='1'>&lt;/b&gt;</ept>",
    "<cp hex='1F'/>", "<cp hex='zz'/>", "&amp;", "&lt;", "&#x41;", "<![CDATA[ <b> ]]>", "<!-- c -->",
]  # fmt: skip
XML_WRAPPERS = ["<g id='1'>{}</g>", "<mrk mtype='x'>{}</mrk>", "<pc id='2'>{}</pc>", "<hi>{}</hi>", "{}"]

_SETTINGS = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _pieces(*lists: list[str], noise: int = 12) -> st.SearchStrategy[str]:
    choices = st.sampled_from([piece for pieces in lists for piece in pieces])
    return st.lists(st.one_of(choices, st.text(max_size=noise)), max_size=60).map("".join)


@st.composite
def corrupted(draw: st.DrawFn, data: st.SearchStrategy[bytes]) -> bytes:
    """Valid bytes, or (one time in three) truncated, spliced with random bytes or cut inside."""
    raw = draw(data)
    if draw(st.integers(0, 2)):
        return raw
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["truncate", "insert", "delete", "none"]))
        at = draw(st.integers(0, len(raw)))
        if operation == "truncate":
            raw = raw[:at]
        elif operation == "insert":
            raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at:]
        elif operation == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 8)) :]
    return raw


@st.composite
def encoded(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> bytes:
    value = draw(texts)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1"]))
    return value.encode(encoding, errors="replace" if encoding == "latin-1" else "surrogatepass")


def _xml_text(draw: st.DrawFn, depth: int = 0) -> str:
    """Segment content: escaped prose, inline codes, and balanced inline elements around more."""
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            parts.append(draw(st.sampled_from(XML_INLINE)))
        elif kind == 1 and depth < 2:
            parts.append(draw(st.sampled_from(XML_WRAPPERS)).format(_xml_text(draw, depth + 1)))
        else:
            parts.append(_xml_escape(draw(st.one_of(st.sampled_from(PROSE), st.text(max_size=6)))))
    return "".join(parts)


def _xml_escape(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", value)


_XLIFF_12 = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file source-language='fr' "
    "target-language='en' datatype='plaintext' original='x'><body>\n{}\n</body></file></xliff>"
)
_XLIFF_20 = (
    "<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.0' srcLang='de' trgLang='en'>"
    "<file id='f'>\n{}\n</file></xliff>"
)


@st.composite
def xliff(draw: st.DrawFn) -> bytes:
    version = draw(st.sampled_from(["1.2", "2.0"]))
    units = []
    for number in range(draw(st.integers(0, 6))):
        pair = f"<source>{_xml_text(draw)}</source><target>{_xml_text(draw)}</target>"
        no = " translate='no'" if draw(st.integers(0, 4)) == 0 else ""
        if version == "1.2":
            units.append(f"<trans-unit id='{number}'{no}>{pair}</trans-unit>")
        else:
            units.append(f"<unit id='u{number}'{no}><segment>{pair}</segment></unit>")
    document = (_XLIFF_12 if version == "1.2" else _XLIFF_20).format("\n".join(units))
    return draw(corrupted(st.just(document.encode("utf-8"))))


@st.composite
def tmx(draw: st.DrawFn) -> bytes:
    units = []
    for _ in range(draw(st.integers(0, 5))):
        variants = "".join(
            f"<tuv xml:lang='{language}'><seg>{_xml_text(draw)}</seg></tuv>"
            for language in draw(st.lists(st.sampled_from(["en", "fr", "de-DE", "", "*all*"]), max_size=3))
        )
        units.append(f"<tu>{variants}</tu>")
    document = (
        f"<?xml version='1.0'?><tmx version='1.4'><header srclang='en'/><body>{''.join(units)}</body></tmx>"
    )
    return draw(corrupted(st.just(document.encode("utf-8"))))


def _po_quoted(draw: st.DrawFn) -> str:
    value = draw(_pieces(PROSE, noise=6)).replace("\x00", "")  # a NUL makes any file binary
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    escaped = escaped.replace("\t", "\\t")
    cut = draw(st.integers(0, 2))  # sometimes split over continuation lines
    if cut and len(escaped) > 4 and "\\" not in escaped[len(escaped) // 2 - 1 : len(escaped) // 2 + 1]:
        middle = len(escaped) // 2
        return f'"{escaped[:middle]}"\n"{escaped[middle:]}"'
    return f'"{escaped}"'


@st.composite
def po(draw: st.DrawFn) -> bytes:
    entries = ['msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n']
    for _ in range(draw(st.integers(0, 6))):
        flags = draw(st.sampled_from(["", "#, fuzzy\n", "#: src/a.c:10\n", "#. note\n", '#| msgid "x"\n']))
        if draw(st.booleans()):
            entry = (
                f"msgid {_po_quoted(draw)}\nmsgid_plural {_po_quoted(draw)}\n"
                f"msgstr[0] {_po_quoted(draw)}\nmsgstr[1] {_po_quoted(draw)}\n"
            )
        else:
            entry = (
                'msgctxt "c"\n' * draw(st.integers(0, 1))
                + f"msgid {_po_quoted(draw)}\nmsgstr {_po_quoted(draw)}\n"
            )
        if draw(st.integers(0, 5)) == 0:  # obsolete: every line commented out
            entry = "".join(f"#~ {line}\n" for line in entry.splitlines())
        entries.append(flags + entry)
    return draw(corrupted(st.just("\n".join(entries).encode("utf-8"))))


@st.composite
def jsonl(draw: st.DrawFn) -> bytes:
    """Rows, most of them valid (one in six with a wrong field), and a junk line now and then."""
    lines = []
    for number in range(draw(st.integers(0, 6))):
        wrong = draw(st.integers(0, 5)) == 0
        row: dict[str, Any] = {"id": draw(st.one_of(st.text(max_size=3), st.booleans())) if wrong else number}
        row["target"] = draw(_pieces(PROSE, noise=6))
        for side in ("source", "reference"):
            if draw(st.booleans()):
                paragraphs = row["target"].count("\n\n") + 1
                row[side] = "\n\n".join(draw(_pieces(PROSE[:30], noise=4)) or "x" for _ in range(paragraphs))
        if draw(st.booleans()):
            row["target_lang"] = draw(st.sampled_from(["en", "fr", "de", "es", "EN_gb", "xx", "../x", ""]))
        lines.append(json.dumps(row, ensure_ascii=draw(st.booleans())))
    lines += draw(st.lists(st.sampled_from(["", "{", "[1]", "null", '{"id": 1}', "\ufeff{}"]), max_size=2))
    return draw(corrupted(st.just("\n".join(lines).encode("utf-8", "surrogatepass"))))


TARGETS: dict[str, tuple[str, st.SearchStrategy[bytes]]] = {
    "text": ("fuzz.txt", st.one_of(encoded(_pieces(PROSE)), corrupted(encoded(_pieces(PROSE))), st.binary())),
    "markdown": ("fuzz.md", encoded(_pieces(PROSE, MARKDOWN))),
    "html": ("fuzz.html", st.one_of(encoded(_pieces(PROSE, HTML)), corrupted(encoded(_pieces(PROSE, HTML))))),
    "xliff": ("fuzz.xlf", xliff()),
    "po": ("fuzz.po", po()),
    "tmx": ("fuzz.tmx", tmx()),
    "jsonl": ("fuzz.jsonl", jsonl()),
    "sniffed": ("-", st.one_of(encoded(_pieces(PROSE, HTML, MARKDOWN)), xliff(), po())),
}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1


def documents_of(path: str, data: bytes) -> list[Document]:
    """What the CLI would check in this input; InputRejected when it would report it instead."""
    if path.endswith(".jsonl"):
        return [item for item in iter_jsonl(path, io.BytesIO(data)) if not isinstance(item, RowError)]
    return load_path(path, data)


def check_invariants(document: Document, options: Options) -> None:
    """Check one document and assert everything a report promises."""
    report = check_document(document, options)
    body, original = document.text, document.original_text or document.text
    starts = [0, *(match.end() for match in _NEWLINES.finditer(original))]
    assert document.origin is None or len(document.origin) == len(body)
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(body), finding
        assert body[finding.start : finding.end] == finding.text, finding
        for span in finding.related:
            assert 0 <= span.start < span.end <= len(body), finding
        at = document.original_offset(finding.start)
        assert 0 <= at <= len(original)
        line = max(1, min(len(starts), bisect.bisect_right(starts, at)))
        assert document.line_col(finding.start) == (line, at - starts[line - 1] + 1), finding
    cursor = 0
    for paragraph_report in report.paragraphs:
        paragraph = paragraph_report.paragraph
        assert cursor <= paragraph.start < paragraph.end <= len(body)
        assert not body[cursor : paragraph.start].strip()
        sentence_cursor = paragraph.start
        for sentence in paragraph.sentences:
            assert sentence_cursor <= sentence.start < sentence.end <= paragraph.end
            sentence_cursor = sentence.end
        cursor = paragraph.end
    assert not body[cursor:].strip()
    whole = Report((report,))
    rendered = json_report.render(whole)
    assert rendered == json_report.render(Report((check_document(document, options),))), "not deterministic"
    json.loads(rendered)
    plain = _OWN_COLOURS.sub("", text.render(whole, color=True))
    leaked = {char for char in plain if char != "\n" and not char.isprintable()}
    assert not leaked, f"raw control characters in the text report: {sorted(map(hex, map(ord, leaked)))}"
    page = _Elements()
    page.feed(html.render(whole))
    assert not {"script", "img", "iframe", "svg"} & set(page.tags), page.tags
    assert page.tags["mark"] >= len(report.findings)
    json.loads(sarif.render(whole))
    ET.fromstring(junit.render(whole).encode("utf-8"))
    github.render(whole)


def fuzz_one(path: str, data: bytes, options: Options) -> str:
    """'rejected' or 'checked'; raises (AssertionError or a crash) when something is wrong."""
    try:
        documents = documents_of(path, data)
    except InputRejected as error:
        reason = str(error)
        assert reason and "\n" not in reason, f"a rejection must be one line: {reason!r}"
        return "rejected"
    for document in documents:
        try:
            check_invariants(document, options)
        except InputRejected:
            continue  # e.g. a source or reference that does not align: reported, not a crash
    return "checked"


def run(
    target: str, examples: int, seed: int | None, progress: Callable[[str], None] = print
) -> Counter[str]:
    path, strategy = TARGETS[target]
    outcomes: Counter[str] = Counter()
    languages = st.sampled_from([None, "en", "fr", "de", "es"])

    @settings(max_examples=examples, phases=[Phase.generate, Phase.shrink], **_SETTINGS)  # type: ignore[arg-type]
    @given(data=strategy, target_lang=languages)
    def fuzz(data: bytes, target_lang: str | None) -> None:
        outcomes[fuzz_one(path, data, Options(target_lang=target_lang))] += 1

    if seed is not None:
        fuzz = hypothesis_seed(seed)(fuzz)
    started = time.perf_counter()
    fuzz()
    outcomes["seconds"] = round(time.perf_counter() - started)
    progress(f"{target:9} {sum(v for k, v in outcomes.items() if k != 'seconds'):6} inputs "
             f"({outcomes['checked']} checked, {outcomes['rejected']} rejected with a reason) "
             f"in {outcomes['seconds']} s: no failure")  # fmt: skip
    return outcomes


def run_atheris(seconds: int, corpus: list[str]) -> None:
    """libFuzzer through atheris: coverage-guided raw bytes, the first byte picking the format.
    Does not return: libFuzzer exits with its statistics, or saves the input that failed."""
    import atheris

    paths = [path for path, _ in TARGETS.values()]

    def one(data: bytes) -> None:
        if data:
            fuzz_one(paths[data[0] % len(paths)], data[1:], Options(target_lang="en"))

    for directory in corpus[:1]:  # an empty corpus starts from generated inputs of every format
        if not any(Path(directory).iterdir()):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # .example() is meant for the console
                for index, (_path, strategy) in enumerate(TARGETS.values()):
                    for number in range(20):
                        seed = bytes([index]) + strategy.example()
                        (Path(directory) / f"seed-{index}-{number}").write_bytes(seed)
    atheris.instrument_all()
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=4096", *corpus], one)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="Inputs per target.")
    parser.add_argument(
        "--targets", default=",".join(TARGETS), help=f"Comma-separated: {', '.join(TARGETS)}."
    )
    parser.add_argument("--seed", type=int, help="Reproduce a run.")
    parser.add_argument("--atheris", type=int, metavar="SECONDS", help="A coverage-guided run instead.")
    parser.add_argument("corpus", nargs="*", help="With --atheris: libFuzzer corpus directories.")
    arguments = parser.parse_args(argv)
    if arguments.atheris:
        run_atheris(arguments.atheris, arguments.corpus)
    total = 0
    for target in arguments.targets.split(","):
        outcomes = run(target.strip(), arguments.examples, arguments.seed)
        total += outcomes["checked"] + outcomes["rejected"]
    print(f"total: {total} inputs, no crash, every invariant held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
