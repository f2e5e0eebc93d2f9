"""Cap the size of every request body, by route, before and while it is read.

A declared ``Content-Length`` over the route's limit is answered 413 at once, without
reading anything; a body sent without one (chunked) is counted as it arrives and the
request fails with 413 as soon as the count passes the limit. Nothing ever buffers more
than the limit plus one network read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from resync.errors import error_body

Scope = dict[str, Any]


class BodyTooLarge(HTTPException):
    """Raised by the counting ``receive``; FastAPI passes HTTP exceptions on untouched."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"o corpo da requisição passa de {limit} bytes")


def _content_length(scope: Scope) -> int | str | None:
    for key, value in scope.get("headers") or []:
        if key == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 20 else "invalid"
    return None


async def _answer(
    scope: Scope, receive: Any, send: Any, status: int, code: str, detail: str
) -> None:
    response = JSONResponse(error_body(code, detail), status, headers={"Connection": "close"})
    await response(scope, receive, send)


class BodyLimitMiddleware:
    def __init__(self, app: Any, limit_for: Callable[[Scope], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared == "invalid":
            await _answer(scope, receive, send, 400, "bad_request", "Content-Length inválido")
            return
        if isinstance(declared, int) and declared > limit:
            detail = BodyTooLarge(limit).detail
            await _answer(scope, receive, send, 413, "payload_too_large", detail)
            return
        received = 0

        async def counting_receive() -> dict[str, Any]:
            nonlocal received
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await _answer(scope, receive, send, 413, "payload_too_large", exc.detail)
