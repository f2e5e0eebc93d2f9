"""Routing observability: every routed message leaves a :class:`RoutingDecision`.

:class:`DecisionRecorder` counts and times decisions on the app's Prometheus registry,
keeps the last 500 in memory, and persists them to ``routing_decisions`` without blocking
the request path: ``record`` only appends to a buffer that a background task writes in
batches (every second, sooner when a batch fills, and on shutdown). Reads come from the
database — every worker's decisions, surviving restarts — merged with what this worker
has not written yet; without a usable database they come from the ring buffer.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import socket
import time
import uuid
from collections import Counter as Tally
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram

from resync.db.engine import Database
from resync.observability.logging import redact_text
from resync.observability.metrics import LATENCY_BUCKETS
from resync.routing.repository import DecisionQuery, DecisionRepository
from resync.routing.schemas import (
    LatencySummary,
    RoutingDecisionOut,
    RoutingStats,
    RoutingTimeline,
)

log = structlog.get_logger(__name__)

EXCERPT_CHARS = 120
MAX_REASONS = 20  # reasons (and entity kinds) kept per decision
MAX_ENTITY_VALUES = 10
RING_SIZE = 500
DECISION_BUCKETS = (0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25)
OUTCOMES = ("ok", "fallback", "error")
WORKER = f"{socket.gethostname()}:{os.getpid()}"[:64]


def excerpt(message: str, limit: int = EXCERPT_CHARS) -> str:
    """The message with secrets redacted, on one line, cut to ``limit`` characters."""
    text = " ".join(redact_text(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class RoutingDecision:
    trace_id: str
    message: str  # redacted excerpt, never the full message
    intent: str
    confidence: float
    mode: str
    handler: str
    tools: tuple[str, ...] = ()
    decision_ms: float = 0.0  # classification + choice of handler
    handler_ms: float = 0.0
    outcome: str = "ok"  # ok | fallback | error
    error: str | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    worker: str = WORKER
    reasons: tuple[str, ...] = ()
    entities: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        *,
        message: str,
        trace_id: str,
        intent: str,
        confidence: float,
        mode: str,
        handler: str,
        tools: Iterable[str] = (),
        decision_seconds: float = 0.0,
        handler_seconds: float = 0.0,
        outcome: str = "ok",
        error: str | None = None,
        reasons: Iterable[str] = (),
        entities: Mapping[str, Iterable[str]] | None = None,
    ) -> RoutingDecision:
        """Build a decision from the raw message (redacted and cut here)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        return cls(
            trace_id=trace_id,
            message=excerpt(message),
            intent=str(intent),
            confidence=round(float(confidence), 4),
            mode=str(mode),
            handler=handler,
            tools=tuple(tools),
            decision_ms=decision_seconds * 1000,
            handler_ms=handler_seconds * 1000,
            outcome=outcome,
            error=excerpt(error, 500) if error else None,
            reasons=tuple(excerpt(r, 100) for r in list(reasons)[:MAX_REASONS]),
            entities={
                str(kind)[:32]: [excerpt(v, 100) for v in list(values)[:MAX_ENTITY_VALUES]]
                for kind, values in list((entities or {}).items())[:MAX_REASONS]
            },
        )

    @property
    def latency_ms(self) -> float:
        return self.decision_ms + self.handler_ms

    @property
    def failed(self) -> bool:
        return self.outcome == "error" or self.error is not None

    def to_row(self) -> dict[str, Any]:
        # A flat copy (dataclasses.asdict deep-copies every value: a cost per message).
        row = {name: getattr(self, name) for name in _FIELDS}
        row["tools"] = list(self.tools)
        row["reasons"] = list(self.reasons)
        row["latency_ms"] = self.latency_ms
        return row

    def to_out(self) -> RoutingDecisionOut:
        return RoutingDecisionOut(**self.to_row())

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RoutingDecision:
        fields = {key: value for key, value in row.items() if key != "latency_ms"}
        return cls(**fields)


_FIELDS = tuple(f.name for f in fields(RoutingDecision))


class RoutingMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.decisions = Counter(
            "routing_decisions_total",
            "Routed messages by mode, intent, handler and outcome (ok, fallback, error).",
            ["mode", "intent", "handler", "outcome"],
            registry=registry,
        )
        self.errors = Counter(
            "routing_errors_total",
            "Routed messages whose handler failed (an error, or a fallback after a failure).",
            ["handler"],
            registry=registry,
        )
        self.decision_seconds = Histogram(
            "routing_decision_seconds",
            "Time to classify a message and choose its handler.",
            buckets=DECISION_BUCKETS,
            registry=registry,
        )
        self.handler_seconds = Histogram(
            "routing_handler_seconds",
            "Time a handler took to answer.",
            ["handler"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        # labels() costs microseconds; routing sees few distinct label sets.
        self._decision_children: dict[tuple[str, str, str, str], Any] = {}
        self._handler_children: dict[str, tuple[Any, Any]] = {}

    def observe(self, decision: RoutingDecision) -> None:
        key = (decision.mode, decision.intent, decision.handler, decision.outcome)
        counter = self._decision_children.get(key)
        if counter is None:
            counter = self._decision_children[key] = self.decisions.labels(*key)
        counter.inc()
        handler = self._handler_children.get(decision.handler)
        if handler is None:
            handler = (
                self.handler_seconds.labels(decision.handler),
                self.errors.labels(decision.handler),
            )
            self._handler_children[decision.handler] = handler
        handler[0].observe(decision.handler_ms / 1000)
        if decision.failed:
            handler[1].inc()
        self.decision_seconds.observe(decision.decision_ms / 1000)


class DecisionRecorder:
    def __init__(
        self,
        registry: CollectorRegistry,
        db: Database | None = None,
        *,
        capacity: int = RING_SIZE,
        batch_size: int = 100,
        flush_interval: float = 1.0,
        max_pending: int = 10_000,
        retention_days: int = 30,
    ) -> None:
        self.metrics = RoutingMetrics(registry)
        self.repository = DecisionRepository(db) if db is not None else None
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.max_pending = max_pending
        self.retention = timedelta(days=retention_days)
        self._ring: deque[RoutingDecision] = deque(maxlen=capacity)
        self._pending: list[RoutingDecision] = []
        self._flush_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_prune = 0.0
        self._stopping = False

    # -- the request path ---------------------------------------------------------------

    def record(self, decision: RoutingDecision) -> None:
        """Count, time and keep one decision. Never blocks, never raises on a store error."""
        self.metrics.observe(decision)
        self._ring.append(decision)
        if self.repository is None:
            return
        self._pending.append(decision)
        if len(self._pending) >= self.batch_size:
            self._wake.set()

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if self.repository is not None and self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._flush_loop(), name="routing-decisions-flush")

    async def stop(self) -> None:
        """Stop the background writer (after its current batch) and write what is left."""
        if self._task is not None:
            # Never cancel a write half-way: SQLite would keep the half-done transaction's
            # lock and the final flush would wait for it.
            self._stopping = True
            self._wake.set()
            await self._task
            self._task = None
        await self.flush()

    async def _flush_loop(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.flush_interval)
            self._wake.clear()
            await self.flush()
            if time.monotonic() - self._last_prune > 3600:
                await self.prune()

    async def flush(self) -> int:
        """Write buffered decisions now; on failure they stay buffered for the next try."""
        if self.repository is None:
            return 0
        async with self._flush_lock:
            batch, self._pending = self._pending, []
            if not batch:
                return 0
            try:
                await self.repository.insert_many(batch)
            except Exception as exc:
                self._pending = batch + self._pending
                dropped = len(self._pending) - self.max_pending
                if dropped > 0:
                    del self._pending[:dropped]
                log.warning(
                    "routing_decisions_not_saved",
                    error=type(exc).__name__,
                    detail=str(exc).splitlines()[0][:200] if str(exc) else "",
                    pending=len(self._pending),
                    dropped=max(dropped, 0),
                )
                return 0
            return len(batch)

    async def prune(self) -> int:
        """Delete stored decisions older than the retention; returns how many."""
        self._last_prune = time.monotonic()
        if self.repository is None:
            return 0
        try:
            removed = await self.repository.delete_older_than(datetime.now(UTC) - self.retention)
        except Exception as exc:
            log.warning("routing_decisions_prune_failed", error=type(exc).__name__)
            return 0
        if removed:
            log.info("routing_decisions_pruned", removed=removed)
        return removed

    # -- reads ------------------------------------------------------------------------------

    async def recent(self, limit: int = 50) -> list[RoutingDecision]:
        """The latest decisions, newest first: every worker's from the database plus ours
        not yet written; this worker's ring buffer when the database cannot be read."""
        limit = max(1, min(limit, RING_SIZE))
        if self.repository is not None:
            try:
                async with self._flush_lock:  # no batch in flight: pending ∩ stored = ∅
                    stored = [
                        RoutingDecision.from_row(r) for r in await self.repository.recent(limit)
                    ]
                    merged = stored + self._pending[-limit:]
            except Exception as exc:
                log.warning("routing_decisions_unreadable", error=type(exc).__name__)
            else:
                merged.sort(key=lambda d: d.at, reverse=True)
                return merged[:limit]
        return list(reversed(self._ring))[:limit]

    async def page(self, query: DecisionQuery) -> tuple[list[RoutingDecision], int]:
        """One page of the decisions ``query`` selects, newest first, and how many match:
        the stored ones (written first, so a decision just made is there), or this worker's
        ring buffer without a usable database."""
        if self.repository is not None:
            await self.flush()
            try:
                rows, total = await self.repository.page(query)
            except Exception as exc:
                log.warning("routing_decisions_unreadable", error=type(exc).__name__)
            else:
                return [RoutingDecision.from_row(row) for row in rows], total
        found = [d for d in reversed(self._ring) if query.matches(d)]
        return found[query.offset : query.offset + query.limit], len(found)

    async def get(self, decision_id: str) -> RoutingDecision | None:
        """One decision by its id (stored, not yet stored, or in the ring buffer)."""
        for decision in [*self._pending, *self._ring]:
            if decision.id == decision_id:
                return decision
        if self.repository is not None:
            try:
                row = await self.repository.get(decision_id)
            except Exception as exc:
                log.warning("routing_decisions_unreadable", error=type(exc).__name__)
            else:
                return RoutingDecision.from_row(row) if row is not None else None
        return None

    async def timeline(
        self, window: timedelta = timedelta(hours=24), buckets: int = 48
    ) -> RoutingTimeline:
        """Decisions per time bucket over the window, by outcome."""
        now = datetime.now(UTC)
        since = now - window
        times: list[tuple[datetime, str]] = [(d.at, d.outcome) for d in self._ring if d.at >= since]
        source = "memory"
        if self.repository is not None:
            await self.flush()
            try:
                times = await self.repository.times(since)
                source = "database"
            except Exception as exc:
                log.warning("routing_decisions_unreadable", error=type(exc).__name__)
        return _timeline(since, now, buckets, source, times)

    async def stats(self, window: timedelta = timedelta(hours=24)) -> RoutingStats:
        """Counts by mode/intent/handler/outcome, errors and latency percentiles."""
        since = datetime.now(UTC) - window
        if self.repository is not None:
            try:
                async with self._flush_lock:
                    figures = await self.repository.aggregates(since)
                    unsaved = [d for d in self._pending if d.at >= since]
            except Exception as exc:
                log.warning("routing_decisions_unreadable", error=type(exc).__name__)
            else:
                return _stats(since, "database", unsaved, figures)
        in_memory = [d for d in self._ring if d.at >= since]
        return _stats(since, "memory", in_memory, None)


def _stats(
    since: datetime,
    source: str,
    decisions: list[RoutingDecision],
    stored: dict[str, Any] | None,
) -> RoutingStats:
    groups = {
        "by_mode": Tally(d.mode for d in decisions),
        "by_intent": Tally(d.intent for d in decisions),
        "by_handler": Tally(d.handler for d in decisions),
        "by_outcome": Tally(d.outcome for d in decisions),
    }
    latencies = [d.latency_ms for d in decisions]
    rows = [(d.mode, d.intent, d.handler, d.outcome, d.latency_ms) for d in decisions]
    errors = sum(1 for d in decisions if d.failed)
    if stored is not None:
        for key, tally in groups.items():
            tally.update(stored[key])
        latencies += stored["latencies"]
        rows += stored.get("latency_rows", [])
        errors += stored["errors"]
    return RoutingStats(
        since=since,
        source=source,
        total=sum(groups["by_outcome"].values()),
        errors=errors,
        latency_ms=_latency_summary(latencies),
        latency_by=_latency_by_group(rows),
        **{key: dict(tally.most_common()) for key, tally in groups.items()},
    )


def _timeline(
    since: datetime,
    now: datetime,
    buckets: int,
    source: str,
    times: list[tuple[datetime, str]],
) -> RoutingTimeline:
    width = (now - since) / buckets
    counts = {outcome: [0] * buckets for outcome in OUTCOMES}
    for at, outcome in times:
        index = min(buckets - 1, max(0, int((at - since) / width)))
        counts.setdefault(outcome, [0] * buckets)[index] += 1
    starts = [since + width * index for index in range(buckets)]
    return RoutingTimeline(
        since=since,
        bucket_seconds=width.total_seconds(),
        source=source,
        starts=starts,
        counts=counts,
    )


def _latency_by_group(
    rows: list[tuple[str, str, str, str, float]],
) -> dict[str, dict[str, LatencySummary]]:
    """p50/p95/max per mode, intent, handler and outcome (keys as in the counts)."""
    out: dict[str, dict[str, LatencySummary]] = {}
    for index, group in enumerate(("by_mode", "by_intent", "by_handler", "by_outcome")):
        values: dict[str, list[float]] = {}
        for *keys, latency in rows:
            values.setdefault(str(keys[index]), []).append(latency)
        out[group] = {key: _latency_summary(found) for key, found in values.items()}
    return out


def _latency_summary(values: list[float]) -> LatencySummary:
    if not values:
        return LatencySummary()
    ordered = sorted(values)

    def rank(p: int) -> float:  # nearest-rank percentile
        return round(ordered[max(0, math.ceil(len(ordered) * p / 100) - 1)], 3)

    return LatencySummary(p50=rank(50), p95=rank(95), max=round(ordered[-1], 3))
