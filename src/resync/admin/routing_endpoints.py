"""Routing decisions for the admin console (admin role): the latest ones and their figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from resync.auth.dependencies import require_role
from resync.auth.roles import Role
from resync.errors import NotFound
from resync.params import UtcDatetime
from resync.routing.dependencies import DecisionsDep
from resync.routing.repository import DecisionQuery
from resync.routing.schemas import (
    RoutingDecisionOut,
    RoutingDecisionPage,
    RoutingStats,
    RoutingTimeline,
)

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


Filter = Annotated[str | None, Query(max_length=200)]


@router.get(
    "/decisions",
    summary="Stored routing decisions, filtered and paged, newest first",
    description="Every worker's persisted decisions (not only the last 500 in memory). "
    "`text` matches the message excerpt or the trace id; `since`/`until` bound `at`.",
)
async def decision_page(
    decisions: DecisionsDep,
    mode: Filter = None,
    intent: Filter = None,
    handler: Filter = None,
    outcome: Filter = None,
    text: Filter = None,
    since: UtcDatetime | None = None,
    until: UtcDatetime | None = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> RoutingDecisionPage:
    query = DecisionQuery(
        mode=mode,
        intent=intent,
        handler=handler,
        outcome=outcome,
        text=text,
        since=since,
        until=until,
        offset=offset,
        limit=limit,
    )
    found, total = await decisions.page(query)
    return RoutingDecisionPage(
        items=[d.to_out() for d in found], total=total, offset=offset, limit=limit
    )


@router.get("/decisions/{decision_id}", summary="One routing decision, to explain it")
async def decision_detail(
    decisions: DecisionsDep, decision_id: Annotated[str, Path(max_length=32)]
) -> RoutingDecisionOut:
    decision = await decisions.get(decision_id)
    if decision is None:
        raise NotFound(f"no routing decision {decision_id!r}")
    return decision.to_out()


@router.get("/timeline", summary="Routing decisions per time bucket, by outcome")
async def decision_timeline(
    decisions: DecisionsDep,
    hours: Annotated[int, Query(ge=1, le=24 * 30)] = 24,
    buckets: Annotated[int, Query(ge=2, le=200)] = 48,
) -> RoutingTimeline:
    return await decisions.timeline(timedelta(hours=hours), buckets)
