"""The simulator as an ASGI app with HWA's REST surface (paths relative to ``/twsd``).

``simulator_app(engine)`` is what Resync mounts at ``/twsd``; ``standalone_app`` wraps it
under ``/twsd`` for ``resync tws-sim`` and for the client's in-process transport, and
under the z/OS connector's ``/twsz/v1/{engine}`` (:mod:`connector`).
Requests need HTTP Basic auth (or a configured API key as ``Bearer``); errors come back
as JSON ``{"messages": [...], "exceptionName": ...}`` like the real server's.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from resync.tws.simulator.connector import DEFAULT_ENGINES, ZosConnector, route_request
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.lockout import FailureCounter
from resync.tws.simulator.responses import JSONResponse
from resync.tws.simulator.serialize import PLAN_ID

PREFIX = "/twsd"
ZOS_PREFIX = "/twsz/v1"


# The exception a status names when the route gives none (HCL's shell samples detect a
# failure by the ``exceptionName`` key alone, so every error body carries one).
_EXCEPTIONS = {
    400: "BadRequestException",
    401: "NotAuthorizedException",
    404: "NotFoundException",
    405: "MethodNotAllowedException",
    409: "ActionNotAllowedException",
    415: "NotSupportedException",
}


def error(status: int, message: str, exception: str = "") -> JSONResponse:
    name = exception or _EXCEPTIONS.get(status, "ServerException")
    body: dict[str, Any] = {"messages": [message], "exceptionName": name}
    headers = {"WWW-Authenticate": 'Basic realm="twsd"'} if status == 401 else None
    return JSONResponse(body, status, headers=headers)


@dataclass
class Fault:
    """An injected failure for the next ``count`` requests whose path starts with ``path``."""

    status: int = 503
    count: int = 1
    delay: float = 0.0  # seconds before answering (timeouts)
    retry_after: float | None = None
    path: str = ""
    garbled: bool = False  # answer 200 with a body cut short: JSON that does not parse


@dataclass
class SimulatorState:
    engine: PlanEngine
    username: str
    password: str
    api_keys: frozenset[str] = frozenset()
    lockout: FailureCounter = field(default_factory=lambda: FailureCounter(20, 900.0))
    faults: list[Fault] = field(default_factory=list)
    requests: Counter[str] = field(default_factory=Counter)
    zos_engines: frozenset[str] = DEFAULT_ENGINES  # engine names the z/OS connector knows

    def authorized(self, header: str | None) -> bool:
        if not header:
            return False
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            return any(secrets.compare_digest(value.strip(), key) for key in self.api_keys)
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return secrets.compare_digest(user, self.username) and secrets.compare_digest(
            password, self.password
        )


class SimulatorGate:
    """Counts requests, applies injected faults, then checks credentials."""

    def __init__(self, app: ASGIApp, state: SimulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"][len(scope.get("root_path", "")) :] or scope["path"]
        self.state.requests["total"] += 1
        self.state.requests[scope["method"] + " " + path.split("?")[0]] += 1
        if not path.startswith("/sim/") and await self._fault(path, scope, receive, send):
            return
        headers = dict(scope["headers"])
        auth = headers.get(b"authorization", b"").decode("latin-1") or None
        address = (scope.get("client") or ("unknown", 0))[0]
        retry = self.state.lockout.retry_after(address)
        if retry is not None:
            response = error(429, "Too many failed logins; try again later.")
            response.headers["Retry-After"] = str(retry)
            await response(scope, receive, send)
            return
        if not self.state.authorized(auth):
            self.state.lockout.failure(address)
            response = error(
                401,
                "Authentication failed: invalid user name, password or API key.",
                "NotAuthorizedException",
            )
            await response(scope, receive, send)
            return
        self.state.lockout.success(address)
        refusal = route_request(scope, self.state.zos_engines, PLAN_ID)
        if refusal is not None:
            await error(*refusal)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _fault(self, path: str, scope: Scope, receive: Receive, send: Send) -> bool:
        for fault in self.state.faults:
            if fault.count > 0 and path.startswith(fault.path):
                fault.count -= 1
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.garbled:
                    cut = Response(
                        '{"count": 3, "results": [{"id": "MDM;', 200, media_type="application/json"
                    )
                    await cut(scope, receive, send)
                    return True
                if fault.status < 400:
                    return False  # a delay only
                response = error(
                    fault.status,
                    f"Injected fault: HTTP {fault.status}.",
                    "ServiceUnavailableException",
                )
                if fault.retry_after is not None:
                    response.headers["Retry-After"] = f"{fault.retry_after:g}"
                await response(scope, receive, send)
                return True
        return False


def require_json(request: Request, *, bodyless: bool = False) -> Response | None:
    """A body needs ``Content-Type: application/json`` (the real server answers 415).

    With ``bodyless`` (the v2 actions) a request without a body needs none: the
    Developer's Guide sends body-less v2 actions (``release-all-dependencies``, submit)
    without one. A v1 action always needs it.
    """
    headers = request.headers
    empty = headers.get("content-length", "0") == "0" and "transfer-encoding" not in headers
    if bodyless and empty:
        return None
    content_type = headers.get("content-type", "")
    if not content_type.lower().startswith("application/json"):
        return error(
            415,
            "Unsupported media type: send Content-Type: application/json.",
            "NotSupportedException",
        )
    return None


def state_of(request: Request) -> SimulatorState:
    state: SimulatorState = request.app.state.simulator
    return state


def simulator_app(
    engine: PlanEngine,
    *,
    username: str = "wauser",
    password: str = "wapassword",
    api_keys: frozenset[str] = frozenset(),
    max_failures: int = 20,
    lockout_seconds: float = 900.0,
    zos_engines: frozenset[str] = DEFAULT_ENGINES,
) -> Starlette:
    from resync.tws.simulator import routes_control, routes_v1, routes_v2

    lockout = FailureCounter(max_failures, lockout_seconds)
    state = SimulatorState(engine, username, password, api_keys, lockout, zos_engines=zos_engines)
    app = Starlette(routes=[*routes_v2.routes(), *routes_v1.routes(), *routes_control.routes()])
    app.state.simulator = state
    app.add_middleware(SimulatorGate, state=state)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error(404, f"Resource not found: {request.url.path}", "NotFoundException")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return error(405, f"Method {request.method} not allowed on {request.url.path}.")

    app.add_exception_handler(404, not_found)
    app.add_exception_handler(405, not_allowed)
    return app


def standalone_app(simulator: Starlette) -> Starlette:
    """The simulator under ``/twsd``, as a real engine serves it, and behind the z/OS
    connector's prefix."""
    app = Starlette(
        routes=[Mount(PREFIX, app=simulator), Mount(ZOS_PREFIX, app=ZosConnector(simulator))]
    )
    app.state.simulator = simulator.state.simulator
    return app
