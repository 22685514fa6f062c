"""The service under abuse: time limit, body limit, content types, no file access, no stack traces,
and a small load test (benchmarks/load_service.py) that every answer passes. Loopback only.

tests/test_service.py proves the API itself (and the 413 for declared and chunked bodies).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


@pytest.fixture(scope="module")
def bench(benchmark: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark("load_service")


@pytest.fixture(scope="module")
def base_url(bench: ModuleType) -> Iterator[str]:
    """``tqcheck serve`` as a subprocess, with a 1 s time limit and the default 2 MiB body limit."""
    with bench.server(max_body=2 * 1024 * 1024, time_limit=1.0) as url:
        yield url


def _raw(base_url: str, body: bytes, headers: dict[str, str], method: str = "POST") -> tuple[int, bytes]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, "/v1/check", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# Time limit ---------------------------------------------------------------------------------
def _check_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "tqcheck-check"]


@pytest.fixture
def stuck_server(monkeypatch: pytest.MonkeyPatch, bench: ModuleType) -> Iterator[str]:
    """An in-process server whose check never ends for the text "stuck" (a pure-Python loop)."""
    from tqcheck import service

    real_check = service._check

    def check(request: Any) -> dict[str, Any]:
        if request.text == "stuck":
            spins = 0
            while True:  # what a pathological input does to a rule, minus the input
                spins += 1
        return real_check(request)

    monkeypatch.setattr(service, "_check", check)
    with bench.in_process(service.create_app(time_limit=0.5)) as url:
        yield url


def test_a_check_past_the_time_limit_is_stopped_with_503_and_the_server_keeps_answering(
    stuck_server: str, bench: ModuleType
) -> None:
    stuck = json.dumps({"text": "stuck"}).encode()
    answers: list[tuple[int, Any]] = []
    # More stuck checks than there are slots: every one must come back, and free its slot.
    clients = [
        threading.Thread(target=lambda: answers.append(bench.call(f"{stuck_server}/v1/check", stuck)))
        for _ in range(6)
    ]
    started = time.monotonic()
    for client in clients:
        client.start()
    assert bench.call(f"{stuck_server}/healthz")[0] == 200  # while they spin
    for client in clients:
        client.join(timeout=30)
    assert time.monotonic() - started < 10
    assert len(answers) == 6
    for status, payload in answers:
        assert status == 503 and "did not finish within 0.5 s" in payload["detail"]
    deadline = time.monotonic() + 10
    while _check_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _check_threads(), "a check thread still spins after its 503"
    for case in bench.cases():
        status, payload = bench.call(f"{stuck_server}/v1/check", json.dumps(case.body).encode())
        assert status == 200 and case.verify(payload) is None, case.name


def test_a_genuinely_slow_text_gets_503_json_and_others_are_still_answered(
    base_url: str, bench: ModuleType
) -> None:
    slow_body = json.dumps({"text": bench.slow_text(), "target_lang": "en"}).encode()
    hit = bench.disruption(base_url, 2 * 1024 * 1024, slow_body)
    status, payload = hit["slow"]
    assert status == 503 and "within 1 s" in payload["detail"] and hit["slow_seconds"] < 10
    assert hit["oversized"][0] == 413 and hit["health"][0] == 200
    assert not hit["background"].wrong and hit["background"].correct >= 1


# Load ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def roomy_url(bench: ModuleType) -> Iterator[str]:
    """A server whose time limit no answer can reach: for what concurrency does to answers.
    (With 1 s, queueing included, a loaded machine sometimes turned a correct answer into a 503.)"""
    with bench.server(max_body=2 * 1024 * 1024, time_limit=60.0) as url:
        yield url


def test_concurrent_clients_all_get_correct_answers_before_and_after_abuse(
    roomy_url: str, bench: ModuleType
) -> None:
    first = bench.run_load(roomy_url, requests=200, clients=8, max_seconds=120)
    assert first.correct == 200, first.wrong[:5]
    status, _ = bench.call_oversized(roomy_url, json.dumps({"text": "x" * 3_000_000}).encode())
    assert status == 413
    after = bench.run_load(roomy_url, requests=50, clients=8, max_seconds=120, seed=2)
    assert after.correct == 50, after.wrong[:5]


# What a request may carry ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        (None, 415),
        ("application/json; charset=utf-8", 200),
        ("APPLICATION/JSON", 200),
        ("application/json-patch+json", 415),
        ("text/json", 415),
        ("application/x-www-form-urlencoded", 415),
    ],
)
def test_only_json_bodies_are_read(base_url: str, content_type: str | None, status: int) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    got, body = _raw(base_url, json.dumps({"text": "Hello there, friends."}).encode(), headers)
    assert got == status
    assert json.loads(body)


def test_a_request_that_names_a_file_never_gets_its_content(base_url: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT-31337 the official T agency\n", encoding="utf-8")
    named = str(secret)
    bodies: list[dict[str, Any]] = [
        {"text": named},
        {"text": f"file://{named}"},
        {"html": f'<iframe src="file://{named}"></iframe><img src="{named}"><p>{named}</p>'},
        {"html": f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{named}">]><p>&e; text</p>'},
        {"html": f'<!--#include file="{named}" --><link rel=import href="{named}"><p>Hi</p>'},
        {"text": "Hello.", "source": named, "source_lang": "fr"},
        {"text": "Hello.", "reference": named},
        {"text": "Hello.", "select": [named], "ignore": [f"../../{named}"]},
        {"text": "Hello.", "rule_packs": [named]},
        {"text": "Hello.", "config": named},
        {"text": "Hello.", "path": named},
        {"text": "Hello.", "target_lang": named},
    ]
    for body in bodies:
        status, raw = _raw(base_url, json.dumps(body).encode(), {"Content-Type": "application/json"})
        assert status in (200, 422), body
        assert b"SECRET-CONTENT" not in raw and b"T agency" not in raw, body


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"\xff\xfe\x00{",
        b'{"text": "\\ud800"}',
        b'{"html": "<p>Kiev \\udc00 kyiv</p>"}',  # found by the fuzzer: was a 500
        b"[" * 100_000 + b"]" * 100_000,
        b'{"text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
        b'{"text": "Hello.", "select": "CQ"}',
        b'{"text": 1e999}',
        b'{"text": "Hello.", "target_lang": "en\\u0000"}',
        b"null",
        b'"just a string"',
        b'{"text": "a", "text": "b", "html": "<p>c</p>"}',
    ],
)
def test_malformed_bodies_get_a_short_json_error_without_internals(
    base_url: str, body: bytes, bench: ModuleType
) -> None:
    status, raw = _raw(base_url, body, {"Content-Type": "application/json"})
    assert 400 <= status < 500 or status == 200, status
    payload = json.loads(raw)
    text = json.dumps(payload)
    assert "Traceback" not in text and 'File "' not in text and ".py" not in text
    assert "site-packages" not in text and "tqcheck/" not in text
    if status != 200:
        assert "detail" in payload
    assert bench.call(f"{base_url}/healthz")[0] == 200
