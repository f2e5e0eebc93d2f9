"""Pure-ASGI middleware: correlation ids, security headers, request logging, error safety net."""

from __future__ import annotations

import json
import re
import secrets
import time
from typing import Any

import structlog

from resync.observability.context import RequestContext, get_trace_id, new_id
from resync.observability.metrics import HttpMetrics

ASGIApp = Any
Scope = dict[str, Any]
Message = dict[str, Any]

CORRELATION_HEADER = "x-correlation-id"
REQUEST_HEADER = "x-request-id"
MAX_CORRELATION_ID_LENGTH = 64
_SAFE_ID = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._:-]{{0,{MAX_CORRELATION_ID_LENGTH - 1}}}$")

log = structlog.get_logger(__name__)


def valid_correlation_id(value: str | None) -> bool:
    return bool(value) and _SAFE_ID.fullmatch(value or "") is not None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            try:
                return str(value.decode("latin-1"))
            except UnicodeDecodeError:
                return None
    return None


def _set_headers(message: Message, headers: dict[bytes, bytes]) -> None:
    """Replace (never duplicate) the given headers on a response start / accept message."""
    existing = [(k, v) for k, v in message.get("headers") or [] if k.lower() not in headers]
    message["headers"] = existing + list(headers.items())


class CorrelationIdMiddleware:
    """Binds trace_id / correlation_id / request_id for the request and echoes them back.

    A client's ``X-Correlation-ID`` is reused when well formed (bounded length, safe
    characters); otherwise a new one replaces it and the bad value is never logged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, CORRELATION_HEADER.encode())
        correlation_id = incoming if incoming and valid_correlation_id(incoming) else new_id()
        ctx = RequestContext(correlation_id=correlation_id, request_id=new_id()).bind()
        scope.setdefault("state", {})["request_context"] = ctx
        tokens = structlog.contextvars.bind_contextvars(**ctx.as_dict())
        echo = {
            CORRELATION_HEADER.encode(): correlation_id.encode(),
            REQUEST_HEADER.encode(): ctx.request_id.encode(),
        }

        async def send_with_ids(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                _set_headers(message, echo)
            await send(message)

        try:
            await self.app(scope, receive, send_with_ids)
        finally:
            structlog.contextvars.reset_contextvars(**tokens)
            ctx.reset()


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy with a fresh nonce per response, plus hardening headers.

    The nonce is exposed to templates as ``request.state.csp_nonce``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def policy(nonce: str) -> str:
        return (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; "
            "img-src 'self' data:; "
            "connect-src 'self'; "
            "object-src 'none'; "
            "base-uri 'none'; "
            "form-action 'self'; "
            "frame-ancestors 'none'"
        )

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        headers = {
            b"content-security-policy": self.policy(nonce).encode(),
            b"x-content-type-options": b"nosniff",
            b"x-frame-options": b"DENY",
            b"referrer-policy": b"no-referrer",
            b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
            b"cross-origin-opener-policy": b"same-origin",
        }

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _set_headers(message, headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLogMiddleware:
    """Logs one ``http_request`` line per request, counts it, and is the last safety net:
    an exception escaping the app is logged here (inside the request's trace) and turned
    into a JSON 500, so the server never prints its own plain-text traceback."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_tracking(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            log.exception("unhandled_error", method=scope.get("method"), path=scope.get("path"))
            status = 500
            if not response_started:
                await _send_internal_error(send)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            if self.metrics is not None:
                self.metrics.observe(scope.get("method", ""), template, status, elapsed)
            log.info(
                "http_request",
                method=scope.get("method"),
                path=scope.get("path"),
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                client=(scope.get("client") or ("", 0))[0],
            )


async def _send_internal_error(send: Any) -> None:
    body = json.dumps(
        {
            "error": "internal_error",
            "detail": "Erro interno inesperado; a equipe pode localizar pelo trace_id.",
            "trace_id": get_trace_id(),
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
