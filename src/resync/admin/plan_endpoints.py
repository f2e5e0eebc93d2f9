"""``GET /api/v1/plan/overview``: the current plan at a glance for the console's Overview
and the chat's welcome screen (any signed-in user): jobs and job streams by state and the
plan's current problems."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import HTTPConnection

from resync.agents.tools import ToolContext
from resync.auth.dependencies import ViewerUser
from resync.plan.schemas import PlanOverview
from resync.plan.tools import PlanTools
from resync.tws.client import HWAClient
from resync.wiring import component

router = APIRouter(prefix="/api/v1/plan", tags=["plan"])


def plan_tools(connection: HTTPConnection) -> PlanTools:
    return PlanTools(component(connection, "tws", HWAClient))


PlanToolsDep = Annotated[PlanTools, Depends(plan_tools)]


@router.get("/overview", summary="The current plan: counts by state and current problems")
async def plan_overview(user: ViewerUser, tools: PlanToolsDep) -> PlanOverview:
    context = ToolContext(user=user.username, roles=frozenset({user.role.value}))
    return await tools.plan_overview(context)
