"""Health and metrics endpoints (no authentication: probes and scrapers call them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from resync import __version__
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


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(services: ServicesDep) -> Response:
    return Response(services.metrics.render(), media_type="text/plain; version=0.0.4")
