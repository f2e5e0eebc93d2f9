"""Refuse cross-site WebSocket upgrades and cross-site requests that change something.

A browser sends ``Origin`` with every WebSocket upgrade and every non-GET request; another
site's page could otherwise drive a user's session (a browser that remembered Basic
credentials sends them by itself). Allowed: no ``Origin`` at all (not a browser), the
server's own host (same-origin), and the origins listed in ``RESYNC_ALLOWED_ORIGINS``.
A refused upgrade is closed before it is accepted (the handshake gets 403); a refused
request gets 403 ``origin_not_allowed``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.responses import JSONResponse

from resync.errors import error_body

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def origin_allowed(scope: dict[str, Any], allowed: frozenset[str]) -> bool:
    origin = _header(scope, b"origin")
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin in allowed:
        return True
    host = (_header(scope, b"host") or "").strip().lower()
    # Same host: compared without the scheme, which a TLS-terminating proxy changes.
    return bool(host) and urlsplit(origin).netloc == host


class OriginCheckMiddleware:
    def __init__(self, app: Any, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        checked = scope["type"] == "websocket" or (
            scope["type"] == "http" and scope.get("method") not in SAFE_METHODS
        )
        if not checked or origin_allowed(scope, self.allowed):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "origin not allowed"})
            return
        detail = "origem não permitida (RESYNC_ALLOWED_ORIGINS)"
        response = JSONResponse(error_body("origin_not_allowed", detail), 403)
        await response(scope, receive, send)
