"""Routes of /api/v1/monitoring: the plan now, its history, alerts and silences.

Reading takes any signed-in user; acknowledging, resolving and silencing take an operator
(each is audited). The seed's ``/api/monitoring/*`` paths answer 308 to the same path here.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.requests import HTTPConnection

from resync.auth.dependencies import CurrentUser, OperatorUser
from resync.monitoring.alerts import AlertService
from resync.monitoring.poller import Poller
from resync.monitoring.rules import SEVERITIES, Kind, Severity
from resync.params import RowId, UtcDatetime
from resync.wiring import component

PREFIX = "/api/v1/monitoring"
Status = Literal["open", "active", "acknowledged", "resolved"]
MAX_HISTORY = timedelta(days=31)


def get_alerts(connection: HTTPConnection) -> AlertService:
    return component(connection, "alerts", AlertService)


def get_poller(connection: HTTPConnection) -> Poller:
    return component(connection, "poller", Poller)


AlertsDep = Annotated[AlertService, Depends(get_alerts)]
PollerDep = Annotated[Poller, Depends(get_poller)]

router = APIRouter(prefix=PREFIX, tags=["monitoring"])
legacy = APIRouter(include_in_schema=False)


class AlertOut(BaseModel):
    id: int
    key: str
    kind: str
    severity: str
    status: str
    title: str
    detail: str
    texts: dict[str, dict[str, str]]
    job_id: str | None
    job_name: str | None
    job_stream: str | None
    workstation: str | None
    first_seen: datetime
    last_seen: datetime
    occurrences: int
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    resolved_by: str | None
    resolved_at: datetime | None
    comment: str | None


class AlertPage(BaseModel):
    total: int
    items: list[AlertOut]


class Comment(BaseModel):
    comment: str = Field("", max_length=2000)


class SilenceIn(BaseModel):
    kind: Kind | None = None
    job_name: str | None = Field(None, max_length=120)
    job_stream: str | None = Field(None, max_length=120)
    workstation: str | None = Field(None, max_length=120)
    minutes: float = Field(60, gt=0, le=30 * 24 * 60)
    reason: str = Field(min_length=1, max_length=2000)


class SilenceOut(BaseModel):
    id: int
    kind: str | None
    job_name: str | None
    job_stream: str | None
    workstation: str | None
    reason: str
    created_by: str
    created_at: datetime
    ends_at: datetime
    removed_at: datetime | None


@router.get("/current", summary="The plan now: counts by state, open alerts, the poller")
async def current(_: CurrentUser, alerts: AlertsDep, poller: PollerDep) -> dict[str, Any]:
    snapshot = poller.snapshot
    counts = await alerts.refresh_gauges()
    by_severity: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for (kind, severity), count in counts.items():
        by_severity[severity] += count
        by_kind[kind] += count
    return {
        "at": snapshot.now if snapshot else None,
        "jobs_by_state": snapshot.counts() if snapshot else {},
        "jobs": len(snapshot.jobs) if snapshot else 0,
        "problems": dict(by_kind),
        "alerts_by_severity": {severity: by_severity[severity] for severity in SEVERITIES},
        "poller": poller.status.as_dict(),
    }


@router.get(
    "/history",
    summary="Counts by state sampled each poll, and alerts raised",
    description="At most the 31 days before `until` are read: an earlier `since` is moved "
    "up to that (the answer's `since` says where it starts); a `since` at or after "
    "`until` is an empty window, with no points.",
)
async def history(
    _: CurrentUser,
    alerts: AlertsDep,
    since: UtcDatetime | None = None,
    until: UtcDatetime | None = None,
    step: int = Query(300, ge=30, le=86400, description="seconds per point"),
) -> dict[str, Any]:
    end = until or datetime.now(UTC)
    start = since or end - timedelta(hours=6)
    start = max(start, end - MAX_HISTORY)  # the 31 days before `until`, at most
    if start >= end:
        return {"since": start, "until": end, "step": step, "points": []}
    points: dict[int, dict[str, Any]] = {}
    for sample in await alerts.samples(start, end):
        bucket = int((sample["at"] - start).total_seconds() // step)
        point = points.setdefault(bucket, {"raised": 0})
        point.update(
            at=start + timedelta(seconds=bucket * step),
            jobs_by_state=sample["jobs_by_state"],
            alerts_by_severity=sample["alerts_by_severity"],
        )
        point["raised"] += sample["raised"]
    return {"since": start, "until": end, "step": step, "points": list(points.values())}


@router.get("/alerts", summary="Alerts, newest first")
async def list_alerts(
    _: CurrentUser,
    alerts: AlertsDep,
    status: Status | None = None,
    kind: Kind | None = None,
    severity: Severity | None = None,
    since: UtcDatetime | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> AlertPage:
    total, rows = await alerts.query(
        status=status, kind=kind, severity=severity, since=since, limit=limit, offset=offset
    )
    return AlertPage(total=total, items=[AlertOut.model_validate(row) for row in rows])


@router.get("/alerts/{alert_id}", summary="One alert")
async def get_alert(alert_id: RowId, _: CurrentUser, alerts: AlertsDep) -> AlertOut:
    return AlertOut.model_validate(await alerts.get(alert_id))


@router.post("/alerts/{alert_id}/ack", summary="Acknowledge an open alert (audited)")
async def acknowledge(
    alert_id: RowId, body: Comment, user: OperatorUser, alerts: AlertsDep
) -> AlertOut:
    return AlertOut.model_validate(await alerts.acknowledge(alert_id, user.username, body.comment))


@router.post("/alerts/{alert_id}/resolve", summary="Resolve an open alert (audited)")
async def resolve(
    alert_id: RowId, body: Comment, user: OperatorUser, alerts: AlertsDep
) -> AlertOut:
    return AlertOut.model_validate(await alerts.resolve(alert_id, user.username, body.comment))


@router.get("/silences", summary="Silences in force")
async def list_silences(_: CurrentUser, alerts: AlertsDep) -> list[SilenceOut]:
    return [SilenceOut.model_validate(row) for row in await alerts.silences()]


@router.post("/silences", status_code=201, summary="Silence matching alerts for a while")
async def add_silence(body: SilenceIn, user: OperatorUser, alerts: AlertsDep) -> SilenceOut:
    row = await alerts.silence(
        user.username,
        body.reason,
        body.minutes,
        kind=body.kind,
        job_name=body.job_name,
        job_stream=body.job_stream,
        workstation=body.workstation,
    )
    return SilenceOut.model_validate(row)


@router.delete("/silences/{silence_id}", summary="End a silence now (audited)")
async def remove_silence(silence_id: RowId, user: OperatorUser, alerts: AlertsDep) -> SilenceOut:
    return SilenceOut.model_validate(await alerts.unsilence(silence_id, user.username))


@legacy.api_route("/api/monitoring/{rest:path}", methods=["GET", "POST", "DELETE"], status_code=308)
async def seed_paths(rest: str, request: Request) -> RedirectResponse:
    """The seed's paths: the same request, permanently, at /api/v1/monitoring."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"{PREFIX}/{rest}{query}", status_code=308)
