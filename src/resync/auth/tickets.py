"""One-time, short-lived tickets authenticating WebSocket connections (browsers cannot send
headers there): ``POST /api/v1/auth/ticket`` issues one, the WebSocket endpoint calls
:func:`authenticate_ws_ticket` with the ``ticket`` query parameter."""

from __future__ import annotations

from fastapi import WebSocket

from resync.auth.dependencies import user_from_authorization
from resync.auth.errors import NotAuthenticated
from resync.auth.schemas import AuthenticatedUser
from resync.auth.service import AuthService


async def authenticate_ws_ticket(auth: AuthService, ticket: str) -> AuthenticatedUser | None:
    """The user the ticket was issued to, or None; the ticket is consumed either way."""
    return await auth.authenticate_ticket(ticket)


async def authenticate_socket(ws: WebSocket, auth: AuthService) -> AuthenticatedUser | None:
    """A WebSocket's user: a one-time ``?ticket=`` or the ``Authorization`` header; None."""
    ticket = ws.query_params.get("ticket")
    if ticket:
        return await authenticate_ws_ticket(auth, ticket)
    header = ws.headers.get("authorization")
    if not header:
        return None
    address = ws.client.host if ws.client else None
    try:
        return await user_from_authorization(auth, header, address)
    except NotAuthenticated:
        return None
