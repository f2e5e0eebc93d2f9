"""The poller: every ``RESYNC_MONITORING_POLL_SECONDS`` read the plan once, evaluate the
rules, store the alerts, and tell the event bus (``monitoring`` topic) what changed.

When HWA does not answer there is one ``hwa_unreachable`` alert, not one per job, and the
interval doubles up to :data:`MAX_BACKOFF` times until a read succeeds again. With several
processes only the holder of the leader lock polls (``leader``: an async context manager
factory, see :func:`resync.db.locks.leader_lock`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog

from resync.db.locks import Lease
from resync.events import EventBus
from resync.monitoring.alerts import AlertService
from resync.monitoring.live import board
from resync.monitoring.rules import Finding, PlanSnapshot, RuleSettings, evaluate, hwa_unreachable
from resync.plan.downstream import blocked_downstream
from resync.plan.eta import DurationEstimate
from resync.plan.outlook import PLAN_LIMIT, running_estimate
from resync.tws.client import HWAClient
from resync.tws.errors import TWSError
from resync.tws.models import JobState

log = structlog.get_logger(__name__)

TOPIC = "monitoring"
MAX_BACKOFF = 8  # times the interval, at most, while HWA is down
ESTIMATE_TTL = timedelta(hours=1)
IMPACT_KINDS = ("job_failed", "deadline_risk")


@dataclass
class PollStatus:
    polls: int = 0
    failures: int = 0  # in a row
    last_success: datetime | None = None
    last_error: str = ""
    last_duration_s: float = 0.0
    leader: bool = False
    interval_s: float = 30.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "polls": self.polls,
            "failures_in_a_row": self.failures,
            "last_success": self.last_success.isoformat() if self.last_success else None,
            "last_error": self.last_error,
            "last_duration_s": round(self.last_duration_s, 4),
            "leader": self.leader,
            "interval_s": self.interval_s,
        }


@dataclass
class _Estimate:
    value: DurationEstimate | None
    until: datetime


@dataclass
class Poller:
    tws: HWAClient
    alerts: AlertService
    rules: RuleSettings = field(default_factory=RuleSettings)
    interval_s: float = 30.0
    bus: EventBus | None = None
    status: PollStatus = field(default_factory=PollStatus)
    snapshot: PlanSnapshot | None = None
    listeners: list[Callable[[PlanSnapshot], Any]] = field(default_factory=list)
    _estimates: dict[str, _Estimate] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.status.interval_s = self.interval_s

    async def read(self) -> PlanSnapshot:
        info = await self.tws.engine_info(cached=False)
        now = info.current_time or datetime.now(UTC)
        jobs, streams, workstations = await asyncio.gather(
            self.tws.list_jobs(limit=PLAN_LIMIT),
            self.tws.list_job_streams(limit=PLAN_LIMIT),
            self.tws.list_workstations(),
        )
        snapshot = PlanSnapshot(now, jobs, streams, workstations)
        running = {job.name: job for job in jobs if job.state is JobState.EXEC}
        snapshot.estimates = await self._estimates_for(list(running.values()), now)
        return snapshot

    async def _estimates_for(self, jobs: list[Any], now: datetime) -> dict[str, DurationEstimate]:
        """History-based estimates of the running jobs (each read at most once an hour),
        and those read earlier for jobs that have ended since."""
        missing = [
            job
            for job in jobs
            if job.name not in self._estimates or self._estimates[job.name].until < now
        ]

        async def one(job: Any) -> None:
            try:
                value = await running_estimate(self.tws, job, now)
            except TWSError:
                return
            self._estimates[job.name] = _Estimate(value, now + ESTIMATE_TTL)

        await asyncio.gather(*(one(job) for job in missing))
        # Kept after the job ends: its run is then compared with them (duration anomaly).
        return {name: e.value for name, e in self._estimates.items() if e.value is not None}

    async def poll_once(self) -> dict[str, Any]:
        """One poll: read, evaluate, store, publish. Returns what changed."""
        started = time.perf_counter()
        self.status.polls += 1
        try:
            snapshot = await self.read()
        except TWSError as exc:
            self.status.failures += 1
            self.status.last_error = f"{type(exc).__name__}: {exc}"
            applied = await self.alerts.apply([hwa_unreachable(str(exc)[:200])], complete=False)
            return await self._publish(applied, None, started)
        findings = evaluate(snapshot, self.rules)
        findings = await self._with_impact(findings, snapshot)
        applied = await self.alerts.apply(findings, complete=True)
        self.snapshot = snapshot
        self.status.failures, self.status.last_error = 0, ""
        self.status.last_success = datetime.now(UTC)
        metrics = self.alerts.metrics
        if metrics is not None:
            metrics.last_success.set(time.time())
            for state, count in snapshot.counts().items():
                metrics.jobs.labels(state).set(count)
        await self.alerts.sample(snapshot.now, snapshot.counts(), len(applied.raised))
        for listener in self.listeners:
            result = listener(snapshot)
            if asyncio.iscoroutine(result):
                await result
        _, open_alerts = await self.alerts.query(status="open", limit=200)
        return await self._publish(applied, snapshot, started, board(snapshot, open_alerts))

    async def _with_impact(self, findings: list[Finding], snapshot: PlanSnapshot) -> list[Finding]:
        """What a newly failed (or late) job holds up, from ``plan.downstream``: read only for
        findings not yet alerted on, so a known abend costs nothing per poll."""
        known = {key for key, _ in await self.alerts.open_keys()}
        by_id = {job.id: job for job in snapshot.jobs}
        fresh = [f for f in findings if f.kind in IMPACT_KINDS and f.key not in known and f.job_id]

        async def enrich(finding: Finding) -> Finding:
            job = by_id.get(finding.job_id or "")
            if job is None:
                return finding
            downstream = await blocked_downstream(self.tws, job)
            if not downstream.waiting:
                return finding
            streams = ", ".join(list(downstream.streams)[:3])
            count = len(downstream.waiting)
            texts = {
                "pt": _append(finding.texts["pt"], f" Segura {count} job(s) ({streams})."),
                "en": _append(finding.texts["en"], f" It holds up {count} job(s) ({streams})."),
            }
            return Finding(**{**finding.__dict__, "texts": texts})

        enriched = {f.key: f for f in await asyncio.gather(*(enrich(f) for f in fresh))}
        return [enriched.get(f.key, f) for f in findings]

    async def _publish(
        self,
        applied: Any,
        snapshot: PlanSnapshot | None,
        started: float,
        live: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.status.last_duration_s = time.perf_counter() - started
        if self.alerts.metrics is not None:
            self.alerts.metrics.poll.observe(self.status.last_duration_s)
        event = {
            "type": "poll",
            "at": (snapshot.now if snapshot else datetime.now(UTC)).isoformat(),
            "counts": snapshot.counts() if snapshot else None,
            "raised": [_brief(a) for a in applied.raised],
            "resolved": [_brief(a) for a in applied.resolved],
            "status": self.status.as_dict(),
            "board": live,
        }
        if self.bus is not None:
            try:
                await self.bus.publish(TOPIC, event)
            except Exception as exc:  # the bus is optional: a poll still counts without it
                log.warning("monitoring_publish_failed", error=str(exc))
        return event

    def delay(self) -> float:
        """The wait before the next poll: the interval, doubled per failure in a row."""
        return self.interval_s * min(MAX_BACKOFF, 2 ** min(self.status.failures, 8))

    async def run(
        self, leader: Callable[[], AbstractAsyncContextManager[Lease]] | None = None
    ) -> None:
        """Poll until cancelled, the first time one interval from now; with ``leader``
        (see :func:`resync.db.locks.leader_lock`), only while this process holds it."""
        await asyncio.sleep(self.interval_s)
        while True:
            if leader is None:
                self.status.leader = True
                await self._loop(None)
                continue
            async with leader() as lease:
                self.status.leader = lease.held
                if lease.held:
                    log.info("monitoring_leader", leader=True)
                    await self._loop(lease)
            self.status.leader = False
            await asyncio.sleep(self.interval_s / 2)

    async def _loop(self, lease: Lease | None) -> None:
        while lease is None or await lease.check():
            try:
                await self.poll_once()
            except Exception as exc:  # a bad poll is logged, the next one still runs
                log.exception("monitoring_poll_failed", error=str(exc))
            await asyncio.sleep(self.delay())


def _append(text: dict[str, str], extra: str) -> dict[str, str]:
    return {**text, "detail": text["detail"] + extra}


def _brief(alert: dict[str, Any]) -> dict[str, Any]:
    return {
        key: alert.get(key)
        for key in (
            "id",
            "key",
            "kind",
            "severity",
            "status",
            "title",
            "detail",
            "job_name",
            "job_stream",
            "workstation",
        )
    }
