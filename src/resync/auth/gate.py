"""Authenticate API requests before anything reads their body.

FastAPI reads and parses a request's body before it resolves the route's dependencies, so
an anonymous client could make the server read, buffer and parse any body it liked (and
got 422 for ``{bad`` instead of 401). This middleware checks the ``Authorization`` header
of every ``/api/`` and ``/admin/`` request first: a request that does not authenticate is
answered 401 (or 429 during a lockout) without its body ever being read. The user it
found is left on the request's state, where :func:`~resync.auth.dependencies.current_user`
takes it instead of authenticating a second time.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from resync.auth.dependencies import auth_service, authenticate_request
from resync.errors import ResyncError, error_body
from resync.web.console import LEGACY_REDIRECTS
from resync.web.openapi import PROTECTED_PREFIXES, SELF_AUTHENTICATED
from resync.wiring import started


class AuthGateMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        # The old admin pages' paths only redirect into the console, which asks for login;
        # Teams' webhook checks its own HMAC.
        if (
            scope["type"] != "http"
            or not path.startswith(PROTECTED_PREFIXES)
            or path in LEGACY_REDIRECTS
            or path in SELF_AUTHENTICATED
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if started(request):
            try:
                await authenticate_request(request, auth_service(request))
            except ResyncError as exc:
                headers = exc.extra.pop("headers", None)
                body = error_body(exc.code, exc.detail, **exc.extra)
                response = JSONResponse(body, exc.status_code, headers=headers)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
