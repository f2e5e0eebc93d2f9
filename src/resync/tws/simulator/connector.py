"""The z/OS connector prefix (``/twsz/v1/{engine}``) and plan ids in v1 paths.

HCL's z/OS samples talk to ``/twsz/v1/{engine}/…``, the engine being a name defined on
the connector; what follows is the v1 API. :class:`ZosConnector` takes the engine name
off the path and hands the request to the simulator, which checks the name (after the
credentials, like every other request). v1 plan paths are ``/plan/{planId}/…``: the
simulator serves ``current`` and the id its objects report as ``planId``.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import unquote

from starlette.types import ASGIApp, Receive, Scope, Send

ENGINE_KEY = "twsz_engine"  # the scope key the connector sets
DEFAULT_ENGINES = frozenset({"TWSZ"})


def route_path(scope: Scope) -> str:
    """The path below the mount point (Starlette keeps the full path in ``path``)."""
    path: str = scope["path"]
    root = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class Refusal(NamedTuple):
    status: int
    message: str
    exception: str


class ZosConnector:
    """An ASGI app for ``/twsz/v1``: ``/{engine}/rest`` is served as ``/rest``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = route_path(scope)
        engine, _, _ = route.lstrip("/").partition("/")
        child = dict(scope)
        child["root_path"] = scope.get("root_path", "") + "/" + engine
        child[ENGINE_KEY] = unquote(engine)
        await self.app(child, receive, send)


def route_request(scope: Scope, engines: frozenset[str], plan_id: str) -> Refusal | None:
    """Check the engine name and rewrite a known plan id to ``current`` (in ``scope``)."""
    engine = scope.get(ENGINE_KEY)
    if engine is not None and engine not in engines:
        known = ", ".join(sorted(engines))
        message = f"Engine {engine!r} is not defined on the connector; engines: {known}."
        return Refusal(404, message, "EngineNotFoundException")
    route = route_path(scope)
    if not route.startswith("/plan/"):
        return None
    plan, slash, rest = route[len("/plan/") :].partition("/")
    if plan == "current":
        return None
    if plan != plan_id:
        message = f"Plan {plan!r} was not found: use current or {plan_id}."
        return Refusal(404, message, "PlanNotFoundException")
    scope["path"] = scope.get("root_path", "") + "/plan/current" + slash + rest
    return None
