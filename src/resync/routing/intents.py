"""The intents and routing modes of the routing contract (``spec/intents.md``)."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    greeting = "greeting"
    general = "general"
    status = "status"
    troubleshooting = "troubleshooting"
    job_management = "job_management"
    monitoring = "monitoring"
    analysis = "analysis"
    reporting = "reporting"
    unknown = "unknown"


class RoutingMode(StrEnum):
    rag_only = "rag_only"
    agentic = "agentic"
    diagnostic = "diagnostic"


ROUTING_BY_INTENT: dict[Intent, RoutingMode] = {
    Intent.greeting: RoutingMode.rag_only,
    Intent.general: RoutingMode.rag_only,
    Intent.status: RoutingMode.agentic,
    Intent.troubleshooting: RoutingMode.diagnostic,
    Intent.job_management: RoutingMode.agentic,
    Intent.monitoring: RoutingMode.agentic,
    Intent.analysis: RoutingMode.agentic,
    Intent.reporting: RoutingMode.agentic,
    Intent.unknown: RoutingMode.rag_only,
}
