"""Routes of /api/v1/approvals: request, list, read, approve, reject, re-check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.requests import HTTPConnection

from resync.approvals.schemas import ApprovalCreate, ApprovalRequestOut, ApprovalStatus, Decision
from resync.approvals.service import ApprovalService
from resync.auth.dependencies import CurrentUser, OperatorUser
from resync.params import RowId
from resync.wiring import component


def get_approvals(connection: HTTPConnection) -> ApprovalService:
    return component(connection, "approvals", ApprovalService)


ApprovalsDep = Annotated[ApprovalService, Depends(get_approvals)]

router = APIRouter(prefix="/api/v1/approvals", tags=["approvals"])


@router.post("", status_code=201)
async def create(
    body: ApprovalCreate, user: OperatorUser, approvals: ApprovalsDep
) -> ApprovalRequestOut:
    return await approvals.create(
        body.action, body.target, body.justification, user, conversation_id=body.conversation_id
    )


@router.get("")
async def list_requests(
    _: CurrentUser,
    approvals: ApprovalsDep,
    status: ApprovalStatus | None = None,
    limit: int = Query(50, ge=1, le=500),
) -> list[ApprovalRequestOut]:
    return await approvals.list(status.value if status else None, limit)


@router.get("/{request_id}")
async def get_request(
    request_id: RowId, _: CurrentUser, approvals: ApprovalsDep
) -> ApprovalRequestOut:
    return await approvals.get(request_id)


@router.post("/{request_id}/approve")
async def approve(
    request_id: RowId, body: Decision, user: OperatorUser, approvals: ApprovalsDep
) -> ApprovalRequestOut:
    return await approvals.approve(request_id, user, body.comment)


@router.post("/{request_id}/reject")
async def reject(
    request_id: RowId, body: Decision, user: OperatorUser, approvals: ApprovalsDep
) -> ApprovalRequestOut:
    return await approvals.reject(request_id, user, body.comment)


@router.post("/{request_id}/recheck")
async def recheck(
    request_id: RowId, user: OperatorUser, approvals: ApprovalsDep
) -> ApprovalRequestOut:
    return await approvals.recheck(request_id, user)
