"""Prometheus collectors for the HWA client, on the app's registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from resync.observability.metrics import LATENCY_BUCKETS


class HWAMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        registry = registry or CollectorRegistry(auto_describe=True)
        self.registry = registry
        self.calls = Counter(
            "hwa_client_calls_total",
            "HWA client calls by endpoint and how they were served (hit, coalesced, miss).",
            ["endpoint", "source"],
            registry=registry,
        )
        self.requests = Counter(
            "hwa_upstream_requests_total",
            "HTTP requests sent to HWA by endpoint and outcome (status code or error).",
            ["endpoint", "outcome"],
            registry=registry,
        )
        self.latency = Histogram(
            "hwa_upstream_request_duration_seconds",
            "Latency of HTTP requests to HWA by endpoint.",
            ["endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.breaker_open = Gauge(
            "hwa_circuit_open",
            "1 while the HWA circuit breaker is open (calls fail fast).",
            registry=registry,
        )
        self.failovers = Counter(
            "hwa_failovers_total", "Switches to another HWA host.", registry=registry
        )
