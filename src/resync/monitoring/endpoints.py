"""Health and metrics endpoints: probes call the health routes without credentials;
``/metrics`` takes ``Authorization: Bearer $RESYNC_METRICS_TOKEN`` when that is set (it must
be in production)."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.requests import HTTPConnection

from resync import __version__
from resync.auth.dependencies import AdminUser, AuthDep, authenticate_request
from resync.auth.errors import NotAuthenticated
from resync.auth.roles import Role
from resync.auth.service import AuthService
from resync.errors import ResyncError
from resync.monitoring.health import HealthRegistry, public_view
from resync.observability.metrics import Metrics
from resync.settings import SettingsDep
from resync.wiring import component

router = APIRouter(tags=["health"])


def health_registry(connection: HTTPConnection) -> HealthRegistry:
    return component(connection, "health", HealthRegistry)


def app_metrics(connection: HTTPConnection) -> Metrics:
    return component(connection, "metrics", Metrics)


HealthDep = Annotated[HealthRegistry, Depends(health_registry)]
MetricsDep = Annotated[Metrics, Depends(app_metrics)]


@router.get("/health/live", summary="The process is up")
async def live() -> dict[str, Any]:
    return {"status": "ok", "version": __version__}


@router.get("/health/ready", summary="Every required dependency is usable")
async def ready(health: HealthDep) -> JSONResponse:
    report = await health.report()
    code = 503 if report["status"] == "down" else 200
    return JSONResponse({"status": report["status"]}, status_code=code)


@router.get(
    "/health",
    summary="Status and latency of every component",
    description="Anyone sees statuses; an admin's credentials add each component's details.",
)
async def health_status(health: HealthDep, auth: AuthDep, request: Request) -> JSONResponse:
    report = await health.report()
    report["version"] = __version__
    return await _health_response(report, auth, request)


@router.get("/health/core", summary="Status of the core components (database, HWA, LLM, KB)")
async def health_core(health: HealthDep, auth: AuthDep, request: Request) -> JSONResponse:
    report = await health.report(core_only=True)
    return await _health_response(report, auth, request)


async def _health_response(
    report: dict[str, Any], auth: AuthService, request: Request
) -> JSONResponse:
    """Details (errors naming internal hosts, engine versions) for admins only."""
    if not await _is_admin(auth, request):
        report = public_view(report)
    return JSONResponse(report, status_code=503 if report["status"] == "down" else 200)


async def _is_admin(auth: AuthService, request: Request) -> bool:
    if not request.headers.get("authorization"):
        return False
    try:
        user = await authenticate_request(request, auth)
    except ResyncError:
        return False
    return user.role.includes(Role.admin)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={401: {"description": "RESYNC_METRICS_TOKEN is set and was not sent"}},
)
async def metrics(metrics: MetricsDep, settings: SettingsDep, request: Request) -> Response:
    expected = settings.metrics_token.get_secret_value()
    if expected:
        scheme, _, sent = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            sent.strip().encode(), expected.encode()
        ):
            raise NotAuthenticated(
                "/metrics exige Authorization: Bearer <RESYNC_METRICS_TOKEN>",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
    return Response(metrics.render(), media_type="text/plain; version=0.0.4")


class MetricSample(BaseModel):
    name: str
    labels: dict[str, str]
    value: float


class MetricFamily(BaseModel):
    name: str
    type: str  # counter, gauge, histogram, …
    help: str
    samples: list[MetricSample]


class MetricsSnapshot(BaseModel):
    at: datetime
    families: list[MetricFamily]


@router.get(
    "/api/v1/monitoring/metrics",
    summary="The metrics of /metrics as a JSON snapshot (admin)",
    description="Every collector `/metrics` exposes, read now: counters and gauges with "
    "their labels, histograms as `_count` and `_sum`. The console charts their rates.",
)
async def metrics_snapshot(_: AdminUser, metrics: MetricsDep) -> MetricsSnapshot:
    return MetricsSnapshot(
        at=datetime.now(UTC),
        families=[MetricFamily.model_validate(family) for family in metrics.snapshot()],
    )
