"""Teams metrics: deliveries by outcome, delivery latency (queued → delivered), outbox
depth, and incoming messages by outcome."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from resync.notifications.outbox import DELIVERED, PENDING, Attempt

LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)


class TeamsMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.deliveries = Counter(
            "resync_teams_deliveries_total",
            "Attempts to post to a Teams webhook, by outcome (delivered, retry, failed).",
            ["outcome"],
            registry=registry,
        )
        self.latency = Histogram(
            "resync_teams_delivery_latency_seconds",
            "From an event queued to its delivery to Teams (retries and quiet hours included).",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.depth = Gauge(
            "resync_teams_outbox_depth",
            "Outbox rows waiting to be sent (pending or being sent).",
            registry=registry,
        )
        self.messages = Counter(
            "resync_teams_messages_total",
            "Messages from Teams' outgoing webhook, by outcome (answered, deferred, "
            "rejected_signature, replay, stale, refused_user, invalid).",
            ["outcome"],
            registry=registry,
        )

    def attempted(self, attempt: Attempt, status: str, seconds: float) -> None:
        outcome = {DELIVERED: "delivered", PENDING: "retry"}.get(status, "failed")
        self.deliveries.labels(outcome).inc()
        if status == DELIVERED:
            self.latency.observe(seconds)

    async def depth_is(self, rows: int) -> None:
        self.depth.set(rows)

    def message(self, outcome: str) -> None:
        self.messages.labels(outcome).inc()
