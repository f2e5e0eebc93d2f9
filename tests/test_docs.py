"""Every HTTP route and WebSocket endpoint is documented in the README's endpoint table."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from fastapi.routing import APIRoute, APIWebSocketRoute
from starlette.routing import BaseRoute

from resync.app import create_app
from resync.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def _flat(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, also those of included routers (which FastAPI now keeps as one entry
    holding the router; without this the test saw no route at all and always passed)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from _flat(included.routes) if included is not None else [route]


def test_every_route_is_documented(settings: Settings) -> None:
    documented = set(
        re.findall(r"`((?:GET|POST|PUT|PATCH|DELETE|WS) /[^`\s]*)", README.read_text())
    )
    routes = set()
    for route in _flat(create_app(settings).routes):
        if isinstance(route, APIRoute):
            routes |= {f"{method} {route.path}" for method in route.methods - {"HEAD"}}
        elif isinstance(route, APIWebSocketRoute):
            routes.add(f"WS {route.path}")
    routes -= {"GET /openapi.json"} - documented
    assert len(routes) > 30
    assert routes - documented == set(), "document these routes in the README"
