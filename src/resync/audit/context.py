"""The client address of the current request, for audit records made deep inside services."""

from __future__ import annotations

from contextvars import ContextVar

client_address_var: ContextVar[str | None] = ContextVar("client_address", default=None)


def set_client_address(address: str | None) -> None:
    client_address_var.set(address)


def get_client_address() -> str | None:
    return client_address_var.get()
