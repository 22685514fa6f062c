"""tqcheck.distributed on a real local Dask cluster: the same reports as `tqcheck check --format jsonl`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent


def _corpus(folder: Path) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("corpora/*-en/*.txt"))[:16]]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("corpora/fr-en/*.txt"))[:2]]
    files = []
    for number, chunk in enumerate((texts[:9], texts[9:])):
        rows = [
            json.dumps({"id": f"{number}-{i}", "target": text}, ensure_ascii=False)
            for i, text in enumerate(chunk)
        ]
        if number == 1:
            rows.insert(2, '{"id": "broken", "target": 7}')
            rows.append(json.dumps({"id": "fr", "target": "Le chat dort.", "target_lang": "fr"}))
        path = folder / f"batch{number}.jsonl"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        files.append(path)
    return files


def test_a_local_cluster_writes_the_reports_the_command_line_writes(tmp_path: Path) -> None:
    from tqcheck.distributed import check_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = _corpus(corpus)
    expected = CliRunner().invoke(main, ["check", "--format", "jsonl", *map(str, files)])
    assert expected.exit_code in (1, 2)

    output = tmp_path / "reports"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster),
    ):
        # Small blocks: each file is split over several partitions, as a large corpus would be.
        result = check_corpus(f"{corpus}/*.jsonl", str(output), blocksize=4_000)

    assert len(result.files) > len(files)
    written = "".join(Path(name).read_text(encoding="utf-8") for name in result.files)
    assert written == expected.stdout
    assert result.documents == len(expected.stdout.splitlines())
    assert [(Path(e.path).name, e.reason.split(": ", 1)[1]) for e in result.errors] == [
        ("batch1.jsonl", "id broken: 'target' must be a string")
    ]
    assert "batch1.jsonl:3: id broken: 'target' must be a string" in expected.stderr
    assert result.exit_code == expected.exit_code == 2


def test_the_command_runs_a_local_cluster(tmp_path: Path) -> None:
    from tqcheck.distributed import main as batch

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.jsonl").write_text(
        json.dumps({"id": 1, "target": "The minister said on Tuesday that talks would resume."}) + "\n",
        encoding="utf-8",
    )
    code = batch(
        ["local", f"{corpus}/*.jsonl", str(tmp_path / "out"), "--workers", "1", "--blocksize", "none"]
    )
    assert code == 0
    (report,) = (tmp_path / "out").glob("part-*.jsonl")
    assert json.loads(report.read_text(encoding="utf-8"))["path"].endswith("one.jsonl#1")
