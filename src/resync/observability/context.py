"""Per-request identifiers carried in contextvars.

``trace_id`` ties together every log line a request (or chat message) causes. It
defaults to the correlation id of the request; code that starts work outside a
request (a poller tick, a CLI command) calls :func:`get_or_create_trace_id`.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

trace_id_var: ContextVar[str | None] = ContextVar("trace_id", default=None)
correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_id() -> str:
    return uuid.uuid4().hex


def set_trace_id(value: str) -> Token[str | None]:
    return trace_id_var.set(value)


def get_trace_id() -> str | None:
    return trace_id_var.get() or correlation_id_var.get()


def get_or_create_trace_id() -> str:
    current = get_trace_id()
    if current:
        return current
    value = new_id()
    trace_id_var.set(value)
    return value


def reset_trace_id(token: Token[str | None]) -> None:
    trace_id_var.reset(token)


def clear_trace_id() -> None:
    trace_id_var.set(None)


def clear_context() -> None:
    trace_id_var.set(None)
    correlation_id_var.set(None)
    request_id_var.set(None)


def get_context_dict() -> dict[str, str]:
    values = {
        "trace_id": get_trace_id(),
        "correlation_id": correlation_id_var.get(),
        "request_id": request_id_var.get(),
    }
    return {key: value for key, value in values.items() if value}


@dataclass
class RequestContext:
    """The identifiers of one request; ``bind()`` makes them current, ``reset()`` undoes it."""

    correlation_id: str = field(default_factory=new_id)
    request_id: str = field(default_factory=new_id)
    trace_id: str = ""
    _tokens: list[tuple[ContextVar[str | None], Token[str | None]]] = field(
        default_factory=list, repr=False
    )

    def __post_init__(self) -> None:
        if not self.trace_id:
            self.trace_id = self.correlation_id

    def bind(self) -> RequestContext:
        self._tokens = [
            (trace_id_var, trace_id_var.set(self.trace_id)),
            (correlation_id_var, correlation_id_var.set(self.correlation_id)),
            (request_id_var, request_id_var.set(self.request_id)),
        ]
        return self

    def reset(self) -> None:
        for var, token in reversed(self._tokens):
            var.reset(token)
        self._tokens = []

    def as_dict(self) -> dict[str, str]:
        return {
            "trace_id": self.trace_id,
            "correlation_id": self.correlation_id,
            "request_id": self.request_id,
        }
