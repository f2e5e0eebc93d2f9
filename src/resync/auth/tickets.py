"""One-time, short-lived tickets authenticating WebSocket connections (browsers cannot send
headers there): ``POST /api/v1/auth/ticket`` issues one, the WebSocket endpoint calls
:func:`authenticate_ws_ticket` with the ``ticket`` query parameter."""

from __future__ import annotations

from resync.auth.schemas import AuthenticatedUser
from resync.auth.service import AuthService


async def authenticate_ws_ticket(auth: AuthService, ticket: str) -> AuthenticatedUser | None:
    """The user the ticket was issued to, or None; the ticket is consumed either way."""
    return await auth.authenticate_ticket(ticket)
