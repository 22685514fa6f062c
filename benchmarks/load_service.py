"""Load test of ``tqcheck serve`` on loopback: concurrent clients, then an oversized and a slow
request, then load again. Every answer is verified, not just counted.

    python benchmarks/load_service.py                          # 2,000 requests from 16 clients
    python benchmarks/load_service.py --requests 200 --clients 8

It starts its own server (``tqcheck serve`` on a free 127.0.0.1 port, with a small time limit so
the slow request is cut) unless ``--url`` names a running one, which must be on loopback. Bounded
in requests and in time (``--max-seconds``); stops by itself. tests/test_service_limits.py runs a
smaller version of it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")
ARTIFACT = "Kim met, according to the official T agency, the envoy on the night of Sunday to Monday."


@dataclass(frozen=True)
class Case:
    name: str
    body: dict[str, Any]
    verify: Callable[[dict[str, Any]], str | None]  # None when the answer is right, else why not


def _finds(rules: set[str], text: str) -> Callable[[dict[str, Any]], str | None]:
    def verify(document: dict[str, Any]) -> str | None:
        found = {finding["rule"] for finding in document["findings"]}
        if not rules <= found:
            return f"missing {sorted(rules - found)}"
        for finding in document["findings"]:
            if text[finding["start"] : finding["end"]] != finding["text"]:
                return f"{finding['rule']} offsets do not point at its text"
        return None

    return verify


def _html_positions(html: str) -> Callable[[dict[str, Any]], str | None]:
    def verify(document: dict[str, Any]) -> str | None:
        finding = next((f for f in document["findings"] if f["rule"] == "TE001"), None)
        if finding is None:
            return "missing TE001"
        line = html.splitlines()[finding["line"] - 1]
        return None if line[finding["column"] - 1 :].startswith("T</b>") else "line/column off"

    return verify


def cases() -> list[Case]:
    """The mix every client draws from: text, HTML, bilingual, clean, other languages."""
    text = f"Drones over Kiev.\n\n{ARTIFACT}\n\nLater kyiv was calm, officials said."
    html = "<h1>News</h1>\n<p>Kim met, according to <em>the official</em> <b>T</b> agency, the envoy.</p>"
    clean = "The council approved the budget on Tuesday after a short debate about the new library."
    return [
        Case("text", {"text": text, "target_lang": "en"}, _finds({"TE001", "CQ101", "CN001"}, text)),
        Case("html", {"html": html}, _html_positions(html)),
        Case(
            "bilingual",
            {
                "text": "The budget reaches 3.2 million.",
                "source": "Le budget atteint 3,5 millions.",
                "target_lang": "en",
                "source_lang": "fr",
            },
            _finds({"BI001"}, "The budget reaches 3.2 million."),
        ),
        Case("clean", {"text": clean}, lambda document: None if not document["findings"] else "false alarm"),
        Case("detect", {"text": f"{ARTIFACT} {clean}"}, _finds({"TE001"}, f"{ARTIFACT} {clean}")),
    ]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def sent(self) -> int:
        return sum(self.outcomes.values())

    @property
    def correct(self) -> int:
        return self.outcomes["ok"]

    def summary(self) -> str:
        ordered = sorted(self.latencies) or [0.0]
        quantiles = (
            statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
        )
        errors = {key: count for key, count in self.outcomes.items() if key != "ok"}
        return (
            f"{self.sent} requests in {self.seconds:.1f} s: {self.sent / max(self.seconds, 1e-9):.0f} req/s, "
            f"p50 {1000 * statistics.median(ordered):.0f} ms, p95 {1000 * quantiles[94]:.0f} ms, "
            f"p99 {1000 * quantiles[98]:.0f} ms, max {1000 * ordered[-1]:.0f} ms; "
            f"correct {self.correct}, errors {errors or 'none'}"
        )


def call(url: str, body: bytes | None = None, timeout: float = 60.0) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def call_oversized(base_url: str, body: bytes, timeout: float = 60.0) -> tuple[int, Any]:
    """POST a body the server refuses: it answers 413 as soon as it sees the size and may close
    the connection while the rest is still being sent, so a broken pipe is expected on the way."""
    split = urlsplit(base_url)
    connection = http.client.HTTPConnection(split.hostname or "127.0.0.1", split.port, timeout=timeout)
    try:
        connection.putrequest("POST", "/v1/check")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.send(body)
        try:
            response = connection.getresponse()
        except (ConnectionResetError, http.client.RemoteDisconnected):
            return 0, {"detail": "connection closed before an answer"}
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def run_load(base_url: str, requests: int, clients: int, max_seconds: float, seed: int = 1) -> Stats:
    """``requests`` checks from ``clients`` threads; stops early when ``max_seconds`` have passed."""
    mix = cases()
    rng = random.Random(seed)
    plan = [rng.choice(mix) for _ in range(requests)]
    stats = Stats()
    lock = threading.Lock()
    started = time.perf_counter()

    def one(case: Case) -> None:
        if time.perf_counter() - started > max_seconds:
            outcome, latency = "skipped (time budget)", 0.0
        else:
            began = time.perf_counter()
            try:
                status, payload = call(f"{base_url}/v1/check", json.dumps(case.body).encode())
                problem = case.verify(payload) if status == 200 else f"HTTP {status}"
            except (OSError, ValueError) as error:
                problem = f"{type(error).__name__}"
            latency = time.perf_counter() - began
            outcome = "ok" if problem is None else f"{case.name}: {problem}"
        with lock:
            stats.outcomes[outcome] += 1
            if outcome != "ok":
                stats.wrong.append(outcome)
            else:
                stats.latencies.append(latency)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, plan))
    stats.seconds = time.perf_counter() - started
    return stats


def slow_text(megabytes: float = 1.5) -> str:
    """Word salad: ordinary words, no telling function words, so every sentence goes through
    statistical language identification (about 5 s per MB): far past a short time limit."""
    rng = random.Random(7)
    words = (
        "council approved budget tuesday long debate schools roads hospitals several regions critics "
        "said mayor river bridge spring library buses funding teachers"
    ).split()
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        sentence = " ".join(rng.choice(words) for _ in range(9)).capitalize() + "."
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)


def disruption(base_url: str, max_body: int, slow_body: bytes, clients: int = 2) -> dict[str, Any]:
    """An oversized and a slow request while other clients keep checking: what each got."""
    results: dict[str, Any] = {}
    stop = threading.Event()
    background = Stats()

    def keep_checking(seed: int) -> None:
        while not stop.is_set():
            seed += 1
            background_stats = run_load(base_url, 1, 1, 30.0, seed=seed)
            background.outcomes.update(background_stats.outcomes)
            background.latencies.extend(background_stats.latencies)
            background.wrong.extend(background_stats.wrong)

    workers = [
        threading.Thread(target=keep_checking, args=(1000 * number,), daemon=True)
        for number in range(clients)
    ]
    for worker in workers:
        worker.start()
    started = time.perf_counter()
    oversized = json.dumps({"text": "word " * (max_body // 5 + 10)}).encode()
    results["oversized"] = call_oversized(base_url, oversized)
    began = time.perf_counter()
    results["slow"] = call(f"{base_url}/v1/check", slow_body)
    results["slow_seconds"] = time.perf_counter() - began
    results["health"] = call(f"{base_url}/healthz")
    stop.set()
    for worker in workers:
        worker.join(timeout=60)
    background.seconds = time.perf_counter() - started
    results["background"] = background
    return results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base_url: str, process: subprocess.Popen[bytes] | None = None, seconds: float = 60) -> None:
    """Until /healthz answers 200; a server process that exits meanwhile is an error."""
    deadline = time.monotonic() + seconds
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if call(f"{base_url}/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start within {seconds:g} s") from None
            time.sleep(0.1)


@contextmanager
def server(max_body: int, time_limit: float, log_path: str | None = None) -> Iterator[str]:
    """``tqcheck serve`` on a free loopback port; the base URL while it runs."""
    port = free_port()
    command = [sys.executable, "-m", "tqcheck.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--max-body", str(max_body), "--time-limit", str(time_limit)]
    sink = open(log_path or "/dev/null", "wb")  # noqa: SIM115 - closed below, after the server
    process = subprocess.Popen(command, stdout=sink, stderr=sink)
    base_url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(base_url, process)
        except RuntimeError as error:
            if log_path is None:
                raise
            tail = Path(log_path).read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{error}; its log: {tail}") from None
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        sink.close()


@contextmanager
def in_process(app: Any) -> Iterator[str]:
    """An ASGI app (``service.create_app()``) served by uvicorn in a thread of this process, so
    that a test can patch the service first; the base URL while it runs."""
    import uvicorn

    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not instance.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the in-process server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


def _loopback(url: str) -> str:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"load tests only target loopback (127.0.0.1, localhost, ::1), not {host!r}")
    return url.rstrip("/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--max-seconds", type=float, default=300.0, help="Time budget per load phase.")
    parser.add_argument("--max-body", type=int, default=2 * 1024 * 1024)
    parser.add_argument("--time-limit", type=float, default=1.0, help="For the server this script starts.")
    parser.add_argument("--url", help="A running server on loopback instead of starting one.")
    arguments = parser.parse_args(argv)
    slow_body = json.dumps({"text": slow_text(), "target_lang": "en"}).encode()

    def scenario(base_url: str) -> bool:
        first = run_load(base_url, arguments.requests, arguments.clients, arguments.max_seconds)
        print(f"load:       {first.summary()}")
        hit = disruption(base_url, arguments.max_body, slow_body)
        print(f"oversized:  HTTP {hit['oversized'][0]} {hit['oversized'][1]}")
        print(f"slow:       HTTP {hit['slow'][0]} after {hit['slow_seconds']:.1f} s {hit['slow'][1]}")
        print(f"meanwhile:  {hit['background'].summary()}")
        after = run_load(base_url, max(arguments.requests // 4, 1), arguments.clients, arguments.max_seconds)
        print(f"recovered:  {after.summary()}")
        return (
            first.correct == arguments.requests
            and hit["oversized"][0] == 413
            and hit["slow"][0] == 503
            and not hit["background"].wrong
            and after.correct == max(arguments.requests // 4, 1)
        )

    if arguments.url:
        passed = scenario(_loopback(arguments.url))
    else:
        with server(arguments.max_body, arguments.time_limit) as base_url:
            passed = scenario(base_url)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
