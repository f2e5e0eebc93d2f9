"""One-time, short-lived tickets authenticating WebSocket connections (browsers cannot send
headers there): ``POST /api/v1/auth/ticket`` issues one, the WebSocket endpoint calls
:func:`authenticate_ws_ticket` with the ``ticket`` query parameter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from resync.auth.schemas import AuthenticatedUser

if TYPE_CHECKING:
    from resync.services import Services


async def authenticate_ws_ticket(services: Services, ticket: str) -> AuthenticatedUser | None:
    """The user the ticket was issued to, or None; the ticket is consumed either way."""
    return await services.auth.authenticate_ticket(ticket)
