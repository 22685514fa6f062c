"""HTTP API for a CMS: POST a text or an HTML body, get the CLI's JSON document object back.

Imported only by ``tqcheck serve`` (FastAPI and uvicorn are the ``serve`` extra), so ``tqcheck
check`` never pays for the HTTP stack. Requests never touch the filesystem: no paths, no rule
packs, no config files; only the text in the body.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tqcheck import __version__
from tqcheck.reporters.json_report import SCHEMA_VERSION, document_dict

DEFAULT_MAX_BODY = 2 * 1024 * 1024
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


def create_app(max_body_bytes: int = DEFAULT_MAX_BODY) -> FastAPI:
    app = FastAPI(
        title="tqcheck",
        version=__version__,
        summary="Translation-quality checks for a CMS: findings, paragraph scores, the source language.",
        docs_url=None,  # the interactive pages load scripts from a CDN; /openapi.json is enough
        redoc_url=None,
    )

    @app.post(
        "/v1/check",
        responses={413: {"model": Problem}, 415: {"model": Problem}, 422: {"model": Problem}},
        summary="Check a text or an HTML body",
    )
    def check(request: CheckRequest) -> JSONResponse:
        """The JSON document object of ``tqcheck check --format json`` (one element of its
        ``documents``, schema ``$defs/document``); the schema version is in a response header."""
        return JSONResponse(_check(request), headers={"X-Tqcheck-Schema-Version": SCHEMA_VERSION})

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
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return app


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


def serve(host: str = "127.0.0.1", port: int = 8080, max_body_bytes: int = DEFAULT_MAX_BODY) -> None:
    import uvicorn

    uvicorn.run(create_app(max_body_bytes), host=host, port=port, server_header=False, log_level="info")
