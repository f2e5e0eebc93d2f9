"""FastAPI dependencies: ``current_user`` and ``require_role(...)``; every protected route
uses one of them.

Credentials: ``Authorization: Basic …`` (the admin console keeps them in sessionStorage)
or ``Authorization: Bearer <personal API token>``. Missing or bad credentials give 401 with
``WWW-Authenticate``: ``Basic realm="resync"`` for plain clients, ``Bearer realm="resync"``
when the request carries ``X-Requested-With: resync`` (the console's own requests), so the
browser never pops its native login dialog over the console.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from starlette.requests import HTTPConnection

from resync.audit.context import set_client_address
from resync.auth.errors import InsufficientRole, NotAuthenticated
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.auth.service import AuthService
from resync.auth.users import UserService
from resync.wiring import component

MISSING = "Autenticação necessária."
MALFORMED = "Cabeçalho Authorization inválido."
MAX_CREDENTIAL_LENGTH = 4096


def _challenge(request: Request, scheme: str) -> dict[str, str]:
    if scheme == "bearer" or request.headers.get("x-requested-with", "").lower() == "resync":
        return {"WWW-Authenticate": 'Bearer realm="resync"'}
    return {"WWW-Authenticate": 'Basic realm="resync"'}


def _basic(value: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep and username else None


def auth_service(connection: HTTPConnection) -> AuthService:
    return component(connection, "auth", AuthService)


def user_service(connection: HTTPConnection) -> UserService:
    return component(connection, "users", UserService)


AuthDep = Annotated[AuthService, Depends(auth_service)]
UsersDep = Annotated[UserService, Depends(user_service)]


async def user_from_authorization(
    auth: AuthService, header: str, address: str | None
) -> AuthenticatedUser:
    """The user an ``Authorization`` header (Basic or Bearer) names; raises NotAuthenticated."""
    scheme, _, value = header.partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if not header or scheme not in ("basic", "bearer") or not value:
        raise NotAuthenticated(MISSING)
    if len(value) > MAX_CREDENTIAL_LENGTH:
        raise NotAuthenticated(MALFORMED)
    if scheme == "bearer":
        return await auth.authenticate_token(value, address)
    credentials = _basic(value)
    if credentials is None:
        raise NotAuthenticated(MALFORMED)
    return await auth.authenticate_basic(*credentials, address)


async def authenticate_request(request: Request, auth: AuthService) -> AuthenticatedUser:
    """The request's user, authenticated once per request (the auth gate usually did it
    before the body was read) and kept on ``request.state.user``."""
    address = request.client.host if request.client else None
    set_client_address(address)
    known: AuthenticatedUser | None = getattr(request.state, "user", None)
    if known is not None:
        return known
    header = request.headers.get("authorization", "")
    try:
        user = await user_from_authorization(auth, header, address)
    except NotAuthenticated as exc:
        exc.extra["headers"] = _challenge(request, header.partition(" ")[0].lower())
        raise
    request.state.user = user
    return user


async def current_user(request: Request, auth: AuthDep) -> AuthenticatedUser:
    return await authenticate_request(request, auth)


CurrentUser = Annotated[AuthenticatedUser, Depends(current_user)]


def require_role(role: Role) -> Callable[[AuthenticatedUser], Awaitable[AuthenticatedUser]]:
    """A dependency returning the current user when their role includes ``role``, else 403."""

    async def dependency(user: CurrentUser) -> AuthenticatedUser:
        if not user.role.includes(role):
            raise InsufficientRole(f"esta ação exige o papel {role.value}")
        return user

    dependency.__name__ = f"require_{role.value}"
    return dependency


ViewerUser = CurrentUser
OperatorUser = Annotated[AuthenticatedUser, Depends(require_role(Role.operator))]
AdminUser = Annotated[AuthenticatedUser, Depends(require_role(Role.admin))]
