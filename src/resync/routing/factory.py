"""Builds the HybridRouter of the app from its services: one handler per routing mode."""

from __future__ import annotations

from typing import Any

from resync.answers.agentic import AgenticHandler
from resync.answers.diagnostic import DiagnosticHandler
from resync.answers.knowledge import RagHandler
from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import RoutingMode
from resync.contract.handlers import Handler
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
