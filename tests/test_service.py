"""The CMS service over real HTTP on loopback: `tqcheck serve` started as a subprocess."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from importlib import resources
from types import ModuleType
from typing import Any

import jsonschema
import pytest

MAX_BODY = 20_000


@pytest.fixture(scope="module")
def bench(benchmark: Callable[[str], ModuleType]) -> ModuleType:
    return benchmark("load_service")


@pytest.fixture(scope="module")
def base_url(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with bench.server(max_body=MAX_BODY, time_limit=10.0, log_path=str(log)) as url:
        yield url


def _call(
    url: str, body: bytes | None = None, content_type: str = "application/json"
) -> tuple[int, Any, Any]:
    headers = {"Content-Type": content_type} if body is not None else {}
    request = urllib.request.Request(
        url, data=body, headers=headers, method="POST" if body is not None else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers


def _document_schema() -> dict[str, Any]:
    schema = json.loads(resources.files("tqcheck").joinpath("schema/report.schema.json").read_text())
    return {"$schema": schema["$schema"], "$ref": "#/$defs/document", "$defs": schema["$defs"]}


def test_healthz_and_openapi(base_url: str) -> None:
    status, payload, _ = _call(f"{base_url}/healthz")
    assert status == 200 and payload["status"] == "ok"
    status, spec, _ = _call(f"{base_url}/openapi.json")
    assert status == 200 and {"/v1/check", "/v1/rules", "/healthz"} <= set(spec["paths"])


def test_check_text_returns_the_cli_document_object(base_url: str) -> None:
    text = "Kim received drones, according to the official T agency, on the night of Sunday to Monday."
    body = json.dumps({"text": text, "target_lang": "en"}).encode()
    status, document, headers = _call(f"{base_url}/v1/check", body)
    assert status == 200
    jsonschema.validate(document, _document_schema())
    assert headers["X-Tqcheck-Schema-Version"] == "1.0"
    rules = {finding["rule"]: finding for finding in document["findings"]}
    assert {"TE001", "CQ101"} <= set(rules)
    assert text[rules["TE001"]["start"] : rules["TE001"]["end"]] == rules["TE001"]["text"]


def test_check_html_reports_lines_and_columns_in_the_posted_html(base_url: str) -> None:
    html = "<h1>News</h1>\n<p>Kim met, according to <em>the official</em> <b>T</b> agency, the envoy.</p>"
    status, document, _ = _call(f"{base_url}/v1/check", json.dumps({"html": html}).encode())
    assert status == 200
    finding = next(f for f in document["findings"] if f["rule"] == "TE001")
    line = html.splitlines()[finding["line"] - 1]
    assert finding["line"] == 2 and line[finding["column"] - 1 :].startswith("T</b> agency")


def test_source_must_align_with_the_text(base_url: str) -> None:
    body = {"text": "One.\n\nTwo.", "source": "Un.", "target_lang": "en", "source_lang": "fr"}
    status, payload, _ = _call(f"{base_url}/v1/check", json.dumps(body).encode())
    assert status == 422 and "paragraph" in payload["detail"]


def test_body_over_the_limit_is_413_whether_declared_or_streamed(base_url: str) -> None:
    big = json.dumps({"text": "word " * MAX_BODY}).encode()
    status, payload, _ = _call(f"{base_url}/v1/check", big)
    assert status == 413 and "bytes" in payload["detail"]
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:  # chunked: no Content-Length to trust, the bytes are counted as they come
        connection.putrequest("POST", "/v1/check")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        for start in range(0, len(big), 8192):
            chunk = big[start : start + 8192]
            try:
                connection.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
        else:
            connection.send(b"0\r\n\r\n")
        response = connection.getresponse()
        assert response.status == 413
    finally:
        connection.close()


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_other_content_types_are_415(base_url: str, content_type: str) -> None:
    status, payload, _ = _call(f"{base_url}/v1/check", b'{"text": "Hello."}', content_type)
    assert status == 415 and "application/json" in payload["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"text": "a", "html": "<p>b</p>"},
        {},
        {"text": "Hello.", "rule_packs": ["/etc"]},  # no way to name a file: unknown fields are refused
        {"text": "Hello.", "target_lang": "../../etc"},
        {"text": "   "},
    ],
)
def test_invalid_requests_are_422_without_internals(base_url: str, body: dict[str, Any]) -> None:
    status, payload, _ = _call(f"{base_url}/v1/check", json.dumps(body).encode())
    assert status == 422 and "detail" in payload
    assert "Traceback" not in json.dumps(payload)


def test_rules_lists_every_rule_with_its_doc(base_url: str) -> None:
    status, payload, _ = _call(f"{base_url}/v1/rules")
    assert status == 200
    by_id = {rule["id"]: rule for rule in payload["rules"]}
    assert {"CQ101", "TE001", "CN001"} <= set(by_id)
    assert by_id["CQ101"]["why"] and by_id["CQ101"]["bad"]


def test_an_internal_error_is_a_generic_500(monkeypatch: pytest.MonkeyPatch, bench: ModuleType) -> None:
    from tqcheck import service

    def broken(request: object) -> dict[str, Any]:
        raise RuntimeError("secret detail /srv/app/config.py line 3")

    monkeypatch.setattr(service, "_check", broken)
    with bench.in_process(service.create_app()) as url:
        status, payload, _ = _call(f"{url}/v1/check", b'{"text": "Hello there."}')
    assert status == 500
    assert payload == {"detail": "internal error"}
