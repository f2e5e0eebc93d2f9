"""Health and metrics endpoints: probes call the health routes without credentials;
``/metrics`` takes ``Authorization: Bearer $RESYNC_METRICS_TOKEN`` when that is set (it must
be in production)."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from resync import __version__
from resync.auth.dependencies import authenticate_request
from resync.auth.errors import NotAuthenticated
from resync.auth.roles import Role
from resync.deps import ServicesDep
from resync.errors import ResyncError
from resync.monitoring.health import public_view
from resync.services import Services

router = APIRouter(tags=["health"])


@router.get("/health/live", summary="The process is up")
async def live() -> dict[str, Any]:
    return {"status": "ok", "version": __version__}


@router.get("/health/ready", summary="Every required dependency is usable")
async def ready(services: ServicesDep) -> JSONResponse:
    report = await services.health.report()
    code = 503 if report["status"] == "down" else 200
    return JSONResponse({"status": report["status"]}, status_code=code)


@router.get(
    "/health",
    summary="Status and latency of every component",
    description="Anyone sees statuses; an admin's credentials add each component's details.",
)
async def health(services: ServicesDep, request: Request) -> JSONResponse:
    report = await services.health.report()
    report["version"] = __version__
    return await _health_response(report, services, request)


@router.get("/health/core", summary="Status of the core components (database, HWA, LLM, KB)")
async def health_core(services: ServicesDep, request: Request) -> JSONResponse:
    report = await services.health.report(core_only=True)
    return await _health_response(report, services, request)


async def _health_response(
    report: dict[str, Any], services: Services, request: Request
) -> JSONResponse:
    """Details (errors naming internal hosts, engine versions) for admins only."""
    if not await _is_admin(services, request):
        report = public_view(report)
    return JSONResponse(report, status_code=503 if report["status"] == "down" else 200)


async def _is_admin(services: Services, request: Request) -> bool:
    if not request.headers.get("authorization"):
        return False
    try:
        user = await authenticate_request(request, services)
    except ResyncError:
        return False
    return user.role.includes(Role.admin)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={401: {"description": "RESYNC_METRICS_TOKEN is set and was not sent"}},
)
async def metrics(services: ServicesDep, request: Request) -> Response:
    expected = services.settings.metrics_token.get_secret_value()
    if expected:
        scheme, _, sent = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            sent.strip().encode(), expected.encode()
        ):
            raise NotAuthenticated(
                "/metrics exige Authorization: Bearer <RESYNC_METRICS_TOKEN>",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
    return Response(services.metrics.render(), media_type="text/plain; version=0.0.4")
