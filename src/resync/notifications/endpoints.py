"""Routes of /api/v1/teams: the outgoing webhook Teams posts to (HMAC-signed, no Resync
credentials), and for admins the channels, test-send, the outbox and delivery log, the
user mapping and the incoming webhook's status (what the console's #teams view shows)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.requests import HTTPConnection

from resync.auth.dependencies import AdminUser
from resync.errors import NotFound
from resync.notifications.channels import ChannelIn, ChannelOut, ChannelPatch
from resync.notifications.incoming import TeamsInbox
from resync.notifications.mapping import UserLink
from resync.notifications.service import NotificationService
from resync.params import MAX_ROW_ID, RowId
from resync.wiring import component

MESSAGES_PATH = "/api/v1/teams/messages"


def get_notifications(connection: HTTPConnection) -> NotificationService:
    return component(connection, "notifications", NotificationService)


def get_inbox(connection: HTTPConnection) -> TeamsInbox:
    return component(connection, "teams_inbox", TeamsInbox)


NotificationsDep = Annotated[NotificationService, Depends(get_notifications)]
InboxDep = Annotated[TeamsInbox, Depends(get_inbox)]

router = APIRouter(prefix="/api/v1/teams", tags=["teams"])


@router.post(
    "/messages",
    description="Teams' outgoing webhook: `Authorization: HMAC <signature>` of the raw "
    "body with RESYNC_TEAMS_OUTGOING_SECRET; 401 for a bad signature, a replay or a "
    "timestamp more than 5 minutes off. Answers within the reply budget.",
)
async def teams_message(request: Request, inbox: InboxDep) -> dict[str, Any]:
    body = await request.body()
    return await inbox.receive(body, request.headers.get("authorization", ""))


@router.get("/channels")
async def list_channels(_: AdminUser, teams: NotificationsDep) -> list[ChannelOut]:
    return await teams.channels.listed()


@router.post("/channels", status_code=201)
async def add_channel(body: ChannelIn, _: AdminUser, teams: NotificationsDep) -> ChannelOut:
    return await teams.channels.add(body)


@router.patch("/channels/{name}")
async def update_channel(
    name: str, body: ChannelPatch, _: AdminUser, teams: NotificationsDep
) -> ChannelOut:
    return await teams.channels.update(name, body)


@router.delete("/channels/{name}", status_code=204)
async def delete_channel(name: str, _: AdminUser, teams: NotificationsDep) -> Response:
    await teams.channels.delete(name)
    return Response(status_code=204)


@router.post("/channels/{name}/test")
async def test_channel(name: str, _: AdminUser, teams: NotificationsDep) -> dict[str, Any]:
    """Post a test card now; Teams' answer (status, body, error) comes back."""
    attempt = await teams.test_send(name)
    return asdict(attempt) | {"next_attempt_at": None}


@router.get("/outbox")
async def list_outbox(
    _: AdminUser,
    teams: NotificationsDep,
    status: str | None = Query(None, pattern="^(pending|sending|delivered|failed|unknown)$"),
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    return await teams.outbox.rows(limit, status)


@router.post("/outbox/{row_id}/retry")
async def retry_row(row_id: RowId, _: AdminUser, teams: NotificationsDep) -> dict[str, Any]:
    if not await teams.outbox.retry(row_id):
        raise NotFound(f"nenhuma entrega {row_id} a reenviar (entregue, em envio ou inexistente)")
    teams.sender.poke()
    return {"id": row_id, "status": "pending"}


@router.get("/deliveries")
async def list_deliveries(
    _: AdminUser,
    teams: NotificationsDep,
    outbox_id: int | None = Query(None, ge=1, le=MAX_ROW_ID),
    limit: int = Query(200, ge=1, le=2000),
) -> list[dict[str, Any]]:
    """Every attempt, newest first."""
    return await teams.outbox.log(limit, outbox_id)


@router.get("/users")
async def list_links(_: AdminUser, inbox: InboxDep) -> list[dict[str, Any]]:
    return await inbox.links.listed()


@router.put("/users")
async def put_link(body: UserLink, _: AdminUser, inbox: InboxDep) -> UserLink:
    await inbox.accounts.get(body.username)  # 404 for a user Resync does not have
    await inbox.links.put(body)
    return body


@router.delete("/users/{teams_key}", status_code=204)
async def delete_link(teams_key: str, _: AdminUser, inbox: InboxDep) -> Response:
    if not await inbox.links.delete(teams_key):
        raise NotFound(f"nenhum mapeamento para {teams_key}")
    return Response(status_code=204)


@router.get("/incoming")
async def incoming_status(_: AdminUser, inbox: InboxDep, teams: NotificationsDep) -> dict[str, Any]:
    """The outgoing webhook: secret set, last message, counts (since this process started)."""
    return asdict(inbox.status) | {"outbox_depth": await teams.outbox.depth()}
