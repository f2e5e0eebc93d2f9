"""Builds the HybridRouter of the app from its services: one handler per routing mode."""

from __future__ import annotations

from typing import Any

from resync.agents.handlers.agentic import AgenticHandler
from resync.agents.handlers.base import Handler
from resync.agents.handlers.diagnostic import DiagnosticHandler
from resync.agents.handlers.rag import RagHandler
from resync.routing.classifier import IntentClassifier
from resync.routing.intents import RoutingMode
from resync.routing.router import HybridRouter


def build_handlers() -> dict[RoutingMode, Handler]:
    """The handler of each routing mode (a mode without one answers a clear fallback)."""
    return {
        RoutingMode.rag_only: RagHandler(),
        RoutingMode.agentic: AgenticHandler(),
        RoutingMode.diagnostic: DiagnosticHandler(),
    }


def build_router(services: Any) -> HybridRouter:
    return HybridRouter(
        IntentClassifier(),
        build_handlers(),
        services.decisions,
        services,
        handler_timeout=services.settings.routing_handler_timeout,
    )
