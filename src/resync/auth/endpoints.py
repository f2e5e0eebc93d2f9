"""Routes: /api/v1/auth/* (me, tickets, tokens, lockouts) and /api/v1/users (admin)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from resync.audit.dependencies import AuditDep
from resync.auth.dependencies import AdminUser, AuthDep, CurrentUser, UsersDep
from resync.auth.schemas import (
    AuthenticatedUser,
    LockoutOut,
    TicketOut,
    TokenCreate,
    TokenCreated,
    TokenOut,
    UserCreate,
    UserOut,
    UserPatch,
)
from resync.errors import NotFound
from resync.params import RowId

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.get("/auth/me")
async def me(user: CurrentUser) -> AuthenticatedUser:
    return user


@router.post("/auth/ticket")
async def ticket(user: CurrentUser, auth: AuthDep) -> TicketOut:
    value, ttl = await auth.issue_ticket(user)
    return TicketOut(ticket=value, expires_in=ttl)


@router.post(
    "/auth/tokens",
    status_code=201,
    description="Needs a password (Basic) login: an API token cannot create tokens (403).",
)
async def create_token(body: TokenCreate, user: CurrentUser, auth: AuthDep) -> TokenCreated:
    return await auth.create_token(user, body.name, body.expires_in_days)


@router.get("/auth/tokens")
async def list_tokens(user: CurrentUser, auth: AuthDep) -> list[TokenOut]:
    return await auth.list_tokens(user)


@router.delete("/auth/tokens/{token_id}", status_code=204)
async def revoke_token(token_id: RowId, user: CurrentUser, auth: AuthDep) -> Response:
    await auth.revoke_token(user, token_id)
    return Response(status_code=204)


@router.get("/auth/lockouts")
async def list_lockouts(_: AdminUser, auth: AuthDep) -> list[LockoutOut]:
    return await auth.throttle.list()


@router.delete("/auth/lockouts/{key}", status_code=204)
async def clear_lockout(key: str, admin: AdminUser, auth: AuthDep, audit: AuditDep) -> Response:
    if not await auth.throttle.clear(key):
        raise NotFound(f"no lockout for {key!r}")
    await audit.record("auth.lockout_clear", actor=admin.username, target=key)
    return Response(status_code=204)


@router.get("/users")
async def list_users(_: AdminUser, users: UsersDep) -> list[UserOut]:
    return await users.list()


@router.post("/users", status_code=201)
async def create_user(body: UserCreate, admin: AdminUser, users: UsersDep) -> UserOut:
    return await users.add(
        body.username,
        body.password.get_secret_value(),
        body.role,
        actor=admin,
        display_name=body.display_name,
    )


@router.patch("/users/{username}")
async def update_user(username: str, body: UserPatch, admin: AdminUser, users: UsersDep) -> UserOut:
    return await users.update(
        username,
        actor=admin,
        role=body.role,
        disabled=body.disabled,
        password=body.password.get_secret_value() if body.password else None,
        current_password=(
            body.current_password.get_secret_value() if body.current_password else None
        ),
        display_name=body.display_name,
    )
