"""JSONL batch input: one document per row (FILE#id), bad lines reported by number, streamed."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.loaders.jsonl import RowError, iter_jsonl, load_jsonl
from tqcheck.loaders.text import InputRejected
from tqcheck.model import Document


def _line(**row: object) -> bytes:
    return json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"


def test_each_row_becomes_a_document_with_its_sides_and_languages() -> None:
    data = _line(
        id="a1",
        target="The budget reaches 3.5 million.\n\nIt rained.",
        source="Le budget atteint 3,5 millions.\n\nIl a plu.",
        reference="The budget is 3.5 million.\n\nIt rained.",
        target_lang="en",
        source_lang="FR",
        system="ignored",
    ) + _line(id=7, target="Just a target.")
    documents = list(iter_jsonl("batch.jsonl", io.BytesIO(data)))
    first, second = documents
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.path == "batch.jsonl#a1"
    assert first.sources == ("Le budget atteint 3,5 millions.", "Il a plu.")
    assert first.references == ("The budget is 3.5 million.", "It rained.")
    assert (first.target_lang, first.source_lang) == ("en", "fr")
    assert second.path == "batch.jsonl#7"
    assert second.sources is None and second.references is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"not json\n", "invalid JSON: Expecting value at column 1"),
        (b"[1, 2]\n", "expected a JSON object, got list"),
        (_line(target="No id."), "'id' must be a non-empty string or an integer"),
        (_line(id=True, target="Bool id."), "'id' must be a non-empty string or an integer"),
        (_line(id="x"), "id x: 'target' must be a string"),
        (_line(id="x", target="  "), "id x: empty target (nothing was translated)"),
        (_line(id="x", target="A.", source=3), "id x: 'source' must be a string or null"),
        (
            _line(id="x", target="A.\n\nB.", reference="A."),
            "id x: the reference has 1 paragraph(s), the target 2",
        ),
        (_line(id="x", target="A.", target_lang="english!"), "id x: 'target_lang' must be a language code"),
        (b"\xff\xfe{}\n", "cannot decode as UTF-8"),
    ],
)
def test_a_bad_line_is_one_error_with_its_number_and_the_rest_is_kept(line: bytes, reason: str) -> None:
    data = _line(id=1, target="First.") + line + _line(id=3, target="Third.")
    items = list(iter_jsonl("b.jsonl", io.BytesIO(data)))
    assert [i.path for i in items if isinstance(i, Document)] == ["b.jsonl#1", "b.jsonl#3"]
    (error,) = [i for i in items if isinstance(i, RowError)]
    assert error.line == 2
    assert reason in error.reason
    assert "\n" not in str(error)


def test_blank_lines_and_a_byte_order_mark_are_tolerated() -> None:
    data = b"\xef\xbb\xbf" + _line(id=1, target="First.") + b"\n   \n" + _line(id=2, target="Second.")
    assert [d.path for d in iter_jsonl("b.jsonl", io.BytesIO(data))] == ["b.jsonl#1", "b.jsonl#2"]


def test_rows_are_yielded_before_the_rest_of_the_file_is_read() -> None:
    def lines() -> Iterator[bytes]:
        yield _line(id=1, target="First.")
        raise AssertionError("read past the first row before it was used")

    stream = iter_jsonl("b.jsonl", lines())
    first = next(stream)
    assert isinstance(first, Document) and first.path == "b.jsonl#1"


def test_in_memory_loader_is_strict() -> None:
    assert [d.path for d in load_jsonl("b.jsonl", _line(id=1, target="One."))] == ["b.jsonl#1"]
    with pytest.raises(InputRejected, match="line 2: invalid JSON"):
        load_jsonl("b.jsonl", _line(id=1, target="One.") + b"{oops\n")


def test_cli_reports_each_row_as_a_document_and_each_bad_line_as_an_error(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(
        _line(
            id="u1",
            target="The budget reaches 3.2 million euros.",
            source="Le budget atteint 3,5 millions d'euros.",
            reference="The budget reaches 3.5 million euros.",
            target_lang="en",
        )
        + b"{broken\n"
        + _line(id="u2", target="The council met on Tuesday to vote the budget.", target_lang="en")
    )
    result = CliRunner().invoke(main, ["check", str(batch), "--format", "json"])
    assert result.exit_code == 2
    reason = "invalid JSON: Expecting property name enclosed in double quotes at column 2"
    assert result.stderr.strip() == f"tqcheck: error: {batch}:2: {reason}"
    payload = json.loads(result.stdout)
    documents = {d["path"]: d for d in payload["documents"]}
    assert list(documents) == [f"{batch}#u1", f"{batch}#u2"]
    assert [f["rule"] for f in documents[f"{batch}#u1"]["findings"]] == ["BI001"]
    assert set(documents[f"{batch}#u1"]["metrics"]) == {"bleu", "chrf", "ter", "combined"}
    assert documents[f"{batch}#u2"]["metrics"] == {}
    assert payload["errors"] == [{"path": f"{batch}:2", "reason": reason}]


def test_cli_reference_does_not_apply_to_jsonl(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(_line(id=1, target="One."))
    result = CliRunner().invoke(main, ["check", str(batch), "--reference", str(batch)])
    assert result.exit_code == 2
    assert "JSONL rows carry their own" in result.stderr
