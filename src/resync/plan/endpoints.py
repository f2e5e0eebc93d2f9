"""``GET /api/v1/plan/overview``: the current plan at a glance for the chat's welcome screen
(any signed-in role): jobs and job streams by state and the current problems."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import HTTPConnection

from resync.agents.tools import ToolContext
from resync.auth.dependencies import CurrentUser
from resync.plan.schemas import PlanOverview
from resync.plan.tools import PlanTools
from resync.tws.client import HWAClient
from resync.wiring import component


def get_hwa(connection: HTTPConnection) -> HWAClient:
    return component(connection, "tws", HWAClient)


HWADep = Annotated[HWAClient, Depends(get_hwa)]

router = APIRouter(prefix="/api/v1/plan", tags=["plan"])


@router.get(
    "/overview",
    summary="The current plan at a glance",
    description="Jobs and job streams by state, failed and late jobs, prompts waiting, stuck "
    "job streams and unavailable workstations, read from HWA now.",
)
async def overview(user: CurrentUser, hwa: HWADep) -> PlanOverview:
    return await PlanTools(hwa).plan_overview(ToolContext(user=user.username))
