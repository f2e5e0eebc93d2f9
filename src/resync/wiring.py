"""How an endpoint reaches a long-lived object the composition root built: by its name on
the app (``services.py`` puts the container on ``app.state``), checked to be the type the
endpoint expects. Each domain wraps this in its own FastAPI dependency; nothing below the
root ever holds the container itself."""

from __future__ import annotations

from typing import TypeVar

from starlette.requests import HTTPConnection

T = TypeVar("T")


def component(connection: HTTPConnection, name: str, kind: type[T]) -> T:
    """The object ``name`` of the running app, which must be a ``kind``."""
    value = getattr(connection.app.state.services, name)
    if not isinstance(value, kind):
        raise TypeError(f"{name} is a {type(value).__name__}, not a {kind.__name__}")
    return value


def started(connection: HTTPConnection) -> bool:
    """Whether the app's lifespan has built its objects (middleware may run before)."""
    return getattr(connection.app.state, "services", None) is not None
