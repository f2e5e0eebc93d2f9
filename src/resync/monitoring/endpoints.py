"""Health and metrics endpoints: probes call the health routes without credentials;
``/metrics`` takes ``Authorization: Bearer $RESYNC_METRICS_TOKEN`` when that is set (it must
be in production)."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from resync import __version__
from resync.auth.errors import NotAuthenticated
from resync.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/health/live", summary="The process is up")
async def live() -> dict[str, Any]:
    return {"status": "ok", "version": __version__}


@router.get("/health/ready", summary="Every required dependency is usable")
async def ready(services: ServicesDep) -> JSONResponse:
    report = await services.health.report()
    code = 503 if report["status"] == "down" else 200
    return JSONResponse({"status": report["status"]}, status_code=code)


@router.get("/health", summary="Status and latency of every component")
async def health(services: ServicesDep) -> JSONResponse:
    report = await services.health.report()
    report["version"] = __version__
    return JSONResponse(report, status_code=503 if report["status"] == "down" else 200)


@router.get("/health/core", summary="Status of the core components (database, HWA, LLM, KB)")
async def health_core(services: ServicesDep) -> JSONResponse:
    report = await services.health.report(core_only=True)
    return JSONResponse(report, status_code=503 if report["status"] == "down" else 200)


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
