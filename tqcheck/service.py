"""HTTP API for a CMS: POST a text or an HTML body, get the CLI's JSON document object back.

Imported only by ``tqcheck serve`` (FastAPI and uvicorn are the ``serve`` extra), so ``tqcheck
check`` never pays for the HTTP stack. Requests never touch the filesystem: no paths, no rule
packs, no config files; only the text in the body. Each check has a time limit: past it the
client gets 503 and the check is stopped, so one slow request cannot hold the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tqcheck import __version__
from tqcheck.loaders.text import unpaired_surrogate
from tqcheck.reporters.json_report import SCHEMA_VERSION, document_dict

DEFAULT_MAX_BODY = 2 * 1024 * 1024
# Seconds a check may take, waiting for a slot included. 2 MiB of ordinary prose takes about 3 s.
DEFAULT_TIME_LIMIT = 10.0
# Checks running at once: they share one interpreter lock, so more only adds latency.
CHECK_SLOTS = 4
_LANGUAGE = r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$"
_JSON_TYPES = ("application/json",)
logger = logging.getLogger("tqcheck.service")


class CheckRequest(BaseModel):
    """Exactly one of ``text`` or ``html``; everything else optional."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain text; paragraphs are separated by blank lines.")
    html: str | None = Field(None, description="An HTML body or page; the text a reader sees is checked.")
    target_lang: str | None = Field(None, pattern=_LANGUAGE, description="Default: detected.")
    source_lang: str | None = Field(None, pattern=_LANGUAGE, description="Default: inferred.")
    source: str | None = Field(None, description="Source text, paragraph by paragraph (bilingual checks).")
    reference: str | None = Field(None, description="Reference translation, paragraph by paragraph.")
    select: list[str] = Field(default_factory=list, description="Only these rule ids, prefixes or names.")
    ignore: list[str] = Field(default_factory=list, description="Skip these rule ids, prefixes or names.")

    @field_validator("text", "html", "source", "reference")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        # JSON can escape half a surrogate pair ("\ud800"): such a string cannot be encoded again.
        if value is not None and (reason := unpaired_surrogate(value)):
            raise ValueError(reason)
        return value

    @model_validator(mode="after")
    def _one_input(self) -> CheckRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class Problem(BaseModel):
    detail: str


class BodyLimit:
    """413 past ``max_bytes`` (Content-Length or the bytes actually sent), 415 for a POST that is
    not JSON; the body is read here once, so the application never sees an oversized one."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in _JSON_TYPES:
            await _problem(415, "send the request as application/json", send)
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _problem(413, f"request body over {self.max_bytes} bytes", send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _problem(413, f"request body over {self.max_bytes} bytes", send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _problem(status: int, detail: str, send: Send) -> None:
    response = JSONResponse({"detail": detail}, status_code=status)
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:  # pragma: no cover - a JSONResponse never reads the request
    return {"type": "http.disconnect"}


class _Interrupted(BaseException):
    """Raised inside a check that ran past its time limit (BaseException: no ``except Exception``
    in a rule can swallow it)."""


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


class _CheckThread(threading.Thread):
    """Runs one check; ``interrupt()`` raises _Interrupted in it at its next Python instruction
    (a call into C finishes first). The result goes to an asyncio future on the server's loop."""

    def __init__(self, function: Callable[[], Any], done: Callable[[tuple[bool, Any]], None]) -> None:
        super().__init__(name="tqcheck-check", daemon=True)
        self._function = function
        self._done = done
        self._lock = threading.Lock()
        self._running = True
        self._interrupted = False

    def run(self) -> None:
        outcome: tuple[bool, Any] | None = None
        while True:
            # An interrupt requested just as the check ended may land anywhere in here: it is
            # caught, and the loop marks the thread finished again; none can be requested after.
            try:
                if outcome is None:
                    outcome = _call(self._function)
                with self._lock:
                    self._running = False
                    _set_async_exc(self.ident or 0, ctypes.py_object())  # clear one not yet raised
                break
            except _Interrupted:
                outcome = outcome or (False, _Interrupted())
        self._done(outcome)

    def interrupt(self) -> None:
        with self._lock:
            if self._running and not self._interrupted and self.ident is not None:
                self._interrupted = True
                _set_async_exc(self.ident, _Interrupted)


def _call(function: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, function()
    except BaseException as error:
        return False, error


class CheckTimeout(Exception):
    """A check that did not finish (or start) within the time limit."""


class Limiter:
    """At most ``slots`` checks at once, each within ``seconds`` (queueing included)."""

    def __init__(self, seconds: float, slots: int = CHECK_SLOTS) -> None:
        self.seconds = seconds
        self._slots = asyncio.Semaphore(slots)

    async def run(self, function: Callable[[], Any]) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        try:
            await asyncio.wait_for(self._slots.acquire(), self.seconds)
        except TimeoutError:
            raise CheckTimeout from None
        future: asyncio.Future[tuple[bool, Any]] = loop.create_future()

        def done(outcome: tuple[bool, Any]) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server is stopping
                loop.call_soon_threadsafe(self._finish, future, outcome)

        thread = _CheckThread(function, done)
        try:
            thread.start()
        except BaseException:
            self._slots.release()
            raise
        try:
            succeeded, value = await asyncio.wait_for(future, max(deadline - loop.time(), 0.0))
        except TimeoutError:
            thread.interrupt()  # its slot comes back when it has actually stopped
            raise CheckTimeout from None
        except asyncio.CancelledError:  # the client went away
            thread.interrupt()
            raise
        if not succeeded:
            raise value
        return value

    def _finish(self, future: asyncio.Future[tuple[bool, Any]], outcome: tuple[bool, Any]) -> None:
        self._slots.release()
        if not future.done():
            future.set_result(outcome)


def _check(request: CheckRequest) -> dict[str, Any]:
    from tqcheck.api import Options, check_document
    from tqcheck.loaders.html import load_html
    from tqcheck.loaders.text import InputRejected
    from tqcheck.model import Document
    from tqcheck.scoring.bilingual import AlignmentError, aligned

    options = Options(
        target_lang=request.target_lang,
        source_lang=request.source_lang,
        select=tuple(request.select),
        ignore=tuple(request.ignore),
    )
    try:
        if request.html is not None:
            document = load_html("<request>", request.html.encode("utf-8"))
        else:
            if not (request.text or "").strip():
                raise InputRejected("no text to check")
            document = Document(path="<request>", text=request.text or "")
        if request.source is not None:
            document = replace(document, sources=aligned(document.text, request.source, "the source"))
        if request.reference is not None:
            document = replace(
                document, references=aligned(document.text, request.reference, "the reference")
            )
        report = check_document(document, options)
    except (InputRejected, AlignmentError) as error:
        raise HTTPException(422, str(error)) from None
    return document_dict(report)


def create_app(max_body_bytes: int = DEFAULT_MAX_BODY, time_limit: float = DEFAULT_TIME_LIMIT) -> FastAPI:
    app = FastAPI(
        title="tqcheck",
        version=__version__,
        summary="Translation-quality checks for a CMS: findings, paragraph scores, the source language.",
        docs_url=None,  # the interactive pages load scripts from a CDN; /openapi.json is enough
        redoc_url=None,
    )

    _warm_up()
    limiter = Limiter(time_limit)

    @app.post(
        "/v1/check",
        responses={
            413: {"model": Problem},
            415: {"model": Problem},
            422: {"model": Problem},
            503: {"model": Problem, "description": "The check did not finish within the time limit."},
        },
        summary="Check a text or an HTML body",
    )
    async def check(request: CheckRequest) -> JSONResponse:
        """The JSON document object of ``tqcheck check --format json`` (one element of its
        ``documents``, schema ``$defs/document``); the schema version is in a response header."""

        def respond() -> JSONResponse:  # in the check's thread: serialising a big report is work too
            return JSONResponse(_check(request), headers={"X-Tqcheck-Schema-Version": SCHEMA_VERSION})

        try:
            return await limiter.run(respond)  # type: ignore[no-any-return]
        except CheckTimeout:
            detail = f"the check did not finish within {time_limit:g} s; send a shorter text or retry later"
            return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "5"})

    @app.get("/v1/rules", summary="Every rule with its documentation")
    def rules() -> dict[str, Any]:
        from tqcheck.rules.registry import load_rules

        return {"rules": [_rule_dict(meta) for meta in load_rules().metas()]}

    @app.get("/healthz", summary="Liveness")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    async def internal_error(request: object, error: Exception) -> JSONResponse:
        logger.exception("unhandled error", exc_info=error)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    app.add_exception_handler(Exception, internal_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return app


async def _invalid_request(request: object, error: RequestValidationError) -> JSONResponse:
    """422 with the reasons only: FastAPI's default echoes the input back (a 2 MiB text, or a
    number JSON cannot carry, which turned a bad request into a 500)."""
    reasons = []
    for problem in error.errors()[:5]:
        if problem.get("type") == "json_invalid":
            cause = (problem.get("ctx") or {}).get("error", "")
            reasons.append(f"invalid JSON at character {problem['loc'][-1]}: {str(cause)[:200]}")
            continue
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
        message = str(problem.get("msg", "invalid")).removeprefix("Value error, ")[:200]
        reasons.append(f"{where}: {message}" if where else message)
    return JSONResponse({"detail": "; ".join(reasons) or "invalid request"}, status_code=422)


def _warm_up() -> None:
    """Import and cache what checks use (rules of every target, loaders, metrics) before serving:
    a check stopped at its time limit must never be the one that half-imports a module."""
    from tqcheck.api import Options, check
    from tqcheck.loaders.html import load_html
    from tqcheck.rules.registry import PACKS_DIR, load_rules

    load_html("<warm-up>", b"<p>Warm up.</p>")
    check("Warm up, please.", "<warm-up>", source="Warm up.", reference="Warm up, please.")
    for target in sorted({pack.name.rsplit("-", 1)[-1] for pack in PACKS_DIR.iterdir() if "-" in pack.name}):
        load_rules(target=target)
        check("Warm up.", "<warm-up>", Options(target_lang=target))


def _rule_dict(meta: Any) -> dict[str, Any]:
    return {
        "id": meta.id,
        "name": meta.name,
        "category": meta.category,
        "severity": meta.severity,
        "weak": meta.weak,
        "sources": list(meta.sources),
        "targets": list(meta.targets),
        "message": meta.message,
        "why": meta.why,
        "bad": list(meta.bad),
        "good": list(meta.good),
    }


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> None:
    import uvicorn

    app = create_app(max_body_bytes, time_limit)
    uvicorn.run(app, host=host, port=port, server_header=False, log_level="info")
