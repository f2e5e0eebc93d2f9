"""What the routing admin endpoints return."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class RoutingDecisionOut(BaseModel):
    id: str
    at: datetime
    trace_id: str
    message: str
    intent: str
    confidence: float
    mode: str
    handler: str
    tools: list[str]
    latency_ms: float
    decision_ms: float
    handler_ms: float
    outcome: str
    error: str | None
    worker: str
    reasons: list[str] = Field(default_factory=list)  # the classifier's, e.g. "keyword:abend"
    entities: dict[str, list[str]] = Field(default_factory=dict)  # job, workstation, code…


class LatencySummary(BaseModel):
    p50: float | None = None
    p95: float | None = None
    max: float | None = None


class RoutingStats(BaseModel):
    since: datetime
    source: str  # "database" (every worker) or "memory" (this worker's ring buffer)
    total: int
    errors: int  # decisions whose handler failed (outcome error, or a fallback with an error)
    by_mode: dict[str, int] = Field(default_factory=dict)
    by_intent: dict[str, int] = Field(default_factory=dict)
    by_handler: dict[str, int] = Field(default_factory=dict)
    by_outcome: dict[str, int] = Field(default_factory=dict)
    latency_ms: LatencySummary = Field(default_factory=LatencySummary)
    # p50/p95/max per group: {"by_mode": {"agentic": {...}}, "by_intent": …}
    latency_by: dict[str, dict[str, LatencySummary]] = Field(default_factory=dict)


class RoutingDecisionPage(BaseModel):
    items: list[RoutingDecisionOut]
    total: int  # decisions matching the filters, in all
    offset: int
    limit: int


class RoutingTimeline(BaseModel):
    since: datetime
    bucket_seconds: float
    source: str  # "database" or "memory", as in RoutingStats
    starts: list[datetime]  # the start of each bucket
    counts: dict[str, list[int]]  # outcome → decisions per bucket
