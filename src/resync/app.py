"""The application factory: the only place that builds things."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import FastAPI

from resync import __version__
from resync.admin.audit_endpoints import router as audit_router
from resync.admin.plan_endpoints import router as plan_router
from resync.admin.routing_endpoints import router as admin_routing_router
from resync.approvals.endpoints import router as approvals_router
from resync.auth.endpoints import router as auth_router
from resync.auth.gate import AuthGateMiddleware
from resync.auth.origin import OriginCheckMiddleware
from resync.chat.endpoints import router as chat_router
from resync.chat.endpoints import socket_router as chat_socket_router
from resync.configuration.endpoints import router as configuration_router
from resync.errors import install_error_handlers
from resync.knowledge.endpoints import router as knowledge_router
from resync.monitoring.api import legacy as monitoring_legacy_router
from resync.monitoring.api import router as monitoring_router
from resync.monitoring.endpoints import router as health_router
from resync.monitoring.live import socket_router as monitoring_socket_router
from resync.notifications.endpoints import router as teams_router
from resync.observability.body_limit import BodyLimitMiddleware
from resync.observability.logging import configure_logging
from resync.observability.metrics import Metrics
from resync.observability.middleware import (
    CorrelationIdMiddleware,
    RequestLogMiddleware,
    SecurityHeadersMiddleware,
)
from resync.review.endpoints import router as review_router
from resync.server import Drain
from resync.services import Services
from resync.settings import Settings
from resync.tws.simulator.connector import ZosConnector
from resync.tws.simulator.mount import EmbeddedSimulator
from resync.web.endpoints import install_web
from resync.web.openapi import install_openapi

log = structlog.get_logger(__name__)


def create_app(settings: Settings | None = None, *, server: bool = False) -> FastAPI:
    """The Resync app. ``server``: this process serves it (``resync serve``) rather than
    a test or a tool embedding it; the objects built at startup are then frozen for the
    garbage collector (see :func:`_freeze_startup_objects`)."""
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_format)
    settings.check_production()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await Services.start(settings, metrics)
        app.state.services = services
        drain = Drain(settings.shutdown_timeout)
        if server:  # a SIGTERM drains the sockets before uvicorn shuts down
            drain.on_drain(services.chat_sockets.drain)
            drain.install()
            services.health.register("accepting", drain.check)
        frozen = _freeze_startup_objects() if server else 0
        log.info(
            "resync_started",
            version=__version__,
            environment=settings.environment.value,
            gc_frozen=frozen,
        )
        try:
            yield
        finally:
            drain.uninstall()
            await services.close()

    app = FastAPI(
        title="Resync",
        version=__version__,
        summary="Operations assistant for HCL Workload Automation",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    install_error_handlers(app)
    install_openapi(app)
    app.include_router(health_router)
    app.include_router(auth_router)
    app.include_router(audit_router)
    app.include_router(approvals_router)
    app.include_router(chat_router)
    app.include_router(chat_socket_router)
    if settings.mounts_simulator:
        app.mount("/twsd", EmbeddedSimulator(), name="hwa-simulator")
        app.mount("/twsz/v1", ZosConnector(EmbeddedSimulator()), name="hwa-simulator-zos")
    install_web(app)
    app.include_router(knowledge_router)
    app.include_router(admin_routing_router)
    app.include_router(plan_router)
    app.include_router(monitoring_router)
    app.include_router(monitoring_legacy_router)
    app.include_router(configuration_router)
    app.include_router(review_router)
    app.include_router(teams_router)
    app.include_router(monitoring_socket_router)

    # Added innermost first: correlation ids wrap everything, so every line has a trace_id;
    # the auth gate answers anonymous requests before the body limit lets any body in.
    app.add_middleware(BodyLimitMiddleware, limit_for=body_limits(settings))
    app.add_middleware(AuthGateMiddleware)
    app.add_middleware(OriginCheckMiddleware, allowed=settings.origins)
    app.add_middleware(RequestLogMiddleware, metrics=metrics.http)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(CorrelationIdMiddleware)
    return app


UPLOAD_PATH = "/api/v1/knowledge/documents"
MULTIPART_OVERHEAD = 64 * 1024


def body_limits(settings: Settings) -> Callable[[dict[str, Any]], int]:
    """The largest body each route accepts: uploads up to the knowledge base's document
    limit (plus the multipart envelope), every other request ``RESYNC_API_MAX_BODY_BYTES``."""
    upload = settings.knowledge_max_document_bytes + MULTIPART_OVERHEAD

    def limit_for(scope: dict[str, Any]) -> int:
        if scope.get("method") == "POST" and scope.get("path") == UPLOAD_PATH:
            return upload
        return settings.api_max_body_bytes

    return limit_for


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and ``resync serve --reload``."""
    return create_app(Settings(), server=True)


def _freeze_startup_objects() -> int:
    """Move everything built at startup out of the garbage collector's reach.

    The embedded simulator's plan and history, the knowledge base and the compiled
    vocabularies live as long as the process: millions of objects that every full
    collection walked again, pausing the event loop for 200 ms and more under load.
    Frozen, they are never scanned (they are not garbage); what is created afterwards
    is collected as usual.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
