"""--jobs N: worker processes change nothing in the output, only how long it takes."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck import parallel
from tqcheck.api import Options, check, check_batch, check_document
from tqcheck.cli import main
from tqcheck.loaders.text import InputRejected
from tqcheck.model import Document, InputError
from tqcheck.rules.builtin import noise

ROOT = Path(__file__).resolve().parent.parent


def _batch(tmp_path: Path) -> Path:
    """Files of several formats, a JSONL batch with a bad row, an unreadable file, and a config."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("corpora/*-en/*.txt"))[:12]]
    folder = tmp_path / "site"
    folder.mkdir()
    for index, text in enumerate(texts[:4]):
        (folder / f"article{index}.txt").write_text(text, encoding="utf-8")
    (folder / "notes.md").write_text("# A headline\n\n" + texts[4], encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"caf\xe9 \xff\xfe invalid UTF-8")
    rows = [json.dumps({"id": i, "target": text}, ensure_ascii=False) for i, text in enumerate(texts[5:], 1)]
    rows.insert(3, "{not json")
    (folder / "batch.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / ".tqcheck.toml").write_text('fail_on = "minor"\n', encoding="utf-8")
    return folder


def _run(arguments: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, arguments)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("output_format", ["json", "jsonl", "text", "sarif"])
def test_two_jobs_write_the_same_report_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    # Small chunks: many chunks in flight and out of order, as in a large batch.
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 3000)
    folder = _batch(tmp_path)
    arguments = ["check", str(folder), "--format", output_format, "--no-color", "--target-lang", "en"]
    one = _run([*arguments, "--jobs", "1"])
    two = _run([*arguments, "--jobs", "2"])
    assert one == two
    code, stdout, stderr = two
    assert code == 2
    assert "broken.txt" in stderr and "batch.jsonl:4: invalid JSON" in stderr
    if output_format == "jsonl":
        rows = (folder / "batch.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(stdout.splitlines()) == 5 + len(rows) - 1  # every document but the bad row and file


def test_jobs_zero_means_one_worker_per_core() -> None:
    assert parallel.jobs_wanted(0) >= 1
    assert parallel.jobs_wanted(3) == 3


def test_a_bad_rule_pack_in_a_worker_is_a_usage_error(tmp_path: Path) -> None:
    folder = _batch(tmp_path)
    (folder / "house.toml").write_text("[[rule]\nid = ", encoding="utf-8")
    (folder / ".tqcheck.toml").write_text('rule_packs = ["house.toml"]\n', encoding="utf-8")
    code, stdout, stderr = _run(["check", str(folder / "article0.txt"), "--format", "jsonl", "--jobs", "2"])
    assert code == 2
    assert "house.toml: not valid TOML" in stderr
    assert stdout == ""


def test_reports_survive_pickling(seed_text: str) -> None:
    """Workers send reports back by pickle: every field, metrics included, must round-trip."""
    paragraphs = seed_text.split("\n\n")
    report = check(seed_text, "seed.txt", reference="\n\n".join(p[::-1] for p in paragraphs))
    assert report.findings and report.metrics
    assert pickle.loads(pickle.dumps(report)) == report


def test_workers_rescore_with_the_config_of_each_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamed JSONL lines are rendered in the workers, after the policy of each input: severity
    overrides then re-scoring with that input's own weights, also for inputs read after the
    workers started."""
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 3000)
    folder = _batch(tmp_path)
    desk = folder / "desk"
    desk.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("corpora/*-en/*.txt"))[12:20]]
    fired = sorted(
        {f.rule for text in texts for f in check(text, options=Options(target_lang="en")).findings}
    )
    assert fired
    for index, text in enumerate(texts):
        (desk / f"story{index}.txt").write_text(text, encoding="utf-8")
    overrides = "".join(f'{rule} = "critical"\n' for rule in fired)
    config = f'fail_on = "never"\n[scoring.weights]\ncritical = 40.0\n[severity]\n{overrides}'
    (desk / ".tqcheck.toml").write_text(config, encoding="utf-8")
    arguments = ["check", str(folder), "--format", "jsonl", "--target-lang", "en"]
    one = _run([*arguments, "--jobs", "1"])
    assert one == _run([*arguments, "--jobs", "2"])
    desk_rows = [json.loads(row) for row in one[1].splitlines() if "/desk/" in json.loads(row)["path"]]
    assert len(desk_rows) == len(texts)
    for row in desk_rows:
        assert {f["severity"] for f in row["findings"]} <= {"critical"}
        untranslated = sum(f["category"] == "accuracy/untranslated" for f in row["findings"])
        assert row["penalty"] == pytest.approx(
            40.0 * (len(row["findings"]) - untranslated) + 25.0 * untranslated
        )
    assert any(row["findings"] for row in desk_rows)


def _mixed_batch() -> list[tuple[Document, Options]]:
    """Documents of several languages and kinds, with the options each is checked with."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("corpora/*/*.txt"))[::3]]
    items = [(Document(path=f"doc{i}", text=text), Options()) for i, text in enumerate(texts)]
    source = "Le budget atteint 3,5 millions.\n\nLe ministre a démissionné."
    target = "The budget reaches 3.2 million.\n\nThe minister resigned."
    bilingual = Document(path="pair", text=target, sources=tuple(source.split("\n\n")))
    referenced = Document(path="ref", text=target, references=("The budget is 3.5 million.", "He resigned."))
    items.append((bilingual, Options(source_lang="fr")))
    items.append((referenced, Options(target_lang="en", select=("BI", "TY"))))
    return items


def test_a_batch_gets_the_reports_of_its_documents_checked_one_by_one() -> None:
    items = _mixed_batch()
    assert len({report.target_language for report in check_batch(items)}) > 2
    assert check_batch(items) == [check_document(document, options) for document, options in items]


def test_an_error_in_a_batch_is_reported_for_its_own_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self, context):  # type: ignore[no-untyped-def]
        if "boom" in context.text:
            raise InputRejected("simulated rejection")
        return iter(())

    monkeypatch.setattr(noise.RepeatedWord, "check", broken)
    texts = ["The council met on Monday.", "This one goes boom.", "The mayor spoke on Friday."]
    documents = [Document(path=f"in{i}", text=text) for i, text in enumerate(texts)]
    groups = [parallel.Group(document.path, (document,), Options()) for document in documents]
    outcomes = parallel._outcomes(groups, None)
    one_by_one = [parallel._finished(g, parallel.check_group(g.documents, g.options), None) for g in groups]
    assert outcomes == one_by_one
    assert [rejected for _, rejected in outcomes] == [None, "simulated rejection", None]
    assert [len(reports) for reports, _ in outcomes] == [1, 0, 1]


def test_batches_end_at_a_number_of_documents_or_of_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(parallel, "BATCH_CHARS", 100)

    def group(size: int) -> parallel.Group:
        return parallel.Group("in", (Document(path="in", text="x" * size),), Options())

    error = InputError("bad", "unreadable")
    items: list[parallel.Group | InputError] = [group(10), error, group(10), group(10), group(150), group(10)]

    def size(item: parallel.Group | InputError) -> int:
        return len(item.documents[0].text) if isinstance(item, parallel.Group) else 0

    assert [list(map(size, batch)) for batch in parallel._batches(items)] == [[10, 0, 10, 10], [150], [10]]
