"""Routing decisions for the admin console (admin role): the latest ones and their figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from resync.auth.dependencies import require_role
from resync.auth.roles import Role
from resync.routing.dependencies import DecisionsDep
from resync.routing.schemas import RoutingDecisionOut, RoutingStats

router = APIRouter(
    prefix="/admin/routing",
    tags=["admin"],
    dependencies=[Depends(require_role(Role.admin))],
)


@router.get("/recent", summary="The latest routing decisions, newest first")
async def recent_decisions(
    decisions: DecisionsDep, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[RoutingDecisionOut]:
    return [decision.to_out() for decision in await decisions.recent(limit)]


@router.get("/stats", summary="Routing decisions of the last 24 hours by mode, intent, handler")
async def decision_stats(decisions: DecisionsDep) -> RoutingStats:
    return await decisions.stats()
