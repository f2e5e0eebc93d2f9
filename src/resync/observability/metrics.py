"""Prometheus metrics on a registry owned by the app (no process-global collectors)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class HttpMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )

        # labels() is slow; a request path only ever sees a few distinct label sets.
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)


class Metrics:
    """The app's registry and the collectors every domain adds to it."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.http = HttpMetrics(self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def snapshot(self) -> list[dict[str, Any]]:
        """The same collectors as :meth:`render`, as JSON-ready families: name, type, help
        and samples (histograms give their ``_count`` and ``_sum``, not every bucket)."""
        families = []
        for family in self.registry.collect():
            samples = [
                {"name": s.name, "labels": dict(s.labels), "value": s.value}
                for s in family.samples
                if not s.name.endswith(("_bucket", "_created"))
            ]
            families.append(
                {
                    "name": family.name,
                    "type": family.type,
                    "help": family.documentation,
                    "samples": samples,
                }
            )
        return families
