"""The alert store: findings become alerts (one open per dedupe key), people acknowledge,
resolve and silence them, and every such change is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from resync.audit.service import AuditService
from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.errors import BadRequest, NotFound
from resync.monitoring import repository as sql
from resync.monitoring.rules import KINDS, SEVERITIES, Finding

MAX_SILENCE = timedelta(days=30)


class AlertNotFound(NotFound):
    code = "alert_not_found"


class InvalidSilence(BadRequest):
    code = "invalid_silence"


class MonitoringMetrics:
    def __init__(self, registry: CollectorRegistry | None) -> None:
        options: dict[str, Any] = {"registry": registry} if registry is not None else {}
        self.active = Gauge("resync_alerts_active", "Open alerts", ["kind", "severity"], **options)
        self.raised = Counter("resync_alerts_raised", "Alerts raised", ["kind"], **options)
        self.poll = Histogram(
            "resync_monitoring_poll_seconds",
            "One poll: read the plan and evaluate the rules",
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            **options,
        )
        self.last_success = Gauge(
            "resync_monitoring_last_success_timestamp_seconds",
            "When the last poll read the plan",
            **options,
        )
        self.jobs = Gauge("resync_plan_jobs", "Jobs of the plan by state", ["state"], **options)


class AlertService:
    def __init__(
        self, db: Database, audit: AuditService, metrics: MonitoringMetrics | None = None
    ) -> None:
        self.db, self.audit, self.metrics = db, audit, metrics

    async def apply(
        self, findings: Sequence[Finding], now: datetime | None = None, *, complete: bool = True
    ) -> sql.Applied:
        at = now or utcnow()
        applied = await self.db.write(
            lambda conn: sql.apply_findings(conn, findings, at, complete=complete)
        )
        if self.metrics is not None:
            for alert in applied.raised:
                self.metrics.raised.labels(alert["kind"]).inc()
            await self.refresh_gauges()
        return applied

    async def refresh_gauges(self) -> dict[tuple[str, str], int]:
        counts = await self.db.read(sql.open_by_severity)
        if self.metrics is not None:
            for kind in KINDS:
                for severity in SEVERITIES:
                    self.metrics.active.labels(kind, severity).set(counts.get((kind, severity), 0))
        return counts

    async def open_keys(self) -> list[tuple[str, int]]:
        return await self.db.read(sql.open_keys)

    async def _change(self, alert_id: int, status: str, user: str, comment: str) -> dict[str, Any]:
        now = utcnow()
        action = "monitoring.alert.ack" if status == "acknowledged" else "monitoring.alert.resolve"
        entry = self.audit.entry(
            action, actor=user, target=f"alert:{alert_id}", detail={"comment": comment}
        )
        row = await self.db.write(
            lambda conn: sql.change_status(conn, alert_id, status, user, comment, now, entry)
        )
        if row is None:
            raise AlertNotFound(f"alerta {alert_id} não existe")
        await self.refresh_gauges()
        return row

    async def acknowledge(self, alert_id: int, user: str, comment: str = "") -> dict[str, Any]:
        return await self._change(alert_id, "acknowledged", user, comment)

    async def resolve(self, alert_id: int, user: str, comment: str = "") -> dict[str, Any]:
        return await self._change(alert_id, "resolved", user, comment)

    async def get(self, alert_id: int) -> dict[str, Any]:
        row = await self.db.lookup(lambda conn: sql.get_alert(conn, alert_id))
        if row is None:
            raise AlertNotFound(f"alerta {alert_id} não existe")
        return row

    async def query(self, **filters: Any) -> tuple[int, list[dict[str, Any]]]:
        return await self.db.read(lambda conn: sql.list_alerts(conn, **filters))

    async def silence(
        self, user: str, reason: str, minutes: float, **match: str | None
    ) -> dict[str, Any]:
        given = {name: (match.get(name) or None) for name in sql.SILENCE_FIELDS}
        if not any(given.values()):
            raise InvalidSilence("um silêncio precisa de kind, job_name, job_stream ou workstation")
        if given["kind"] and given["kind"] not in KINDS:
            raise InvalidSilence(
                f"kind desconhecido {given['kind']!r}; use um de {', '.join(KINDS)}"
            )
        if not reason.strip():
            raise InvalidSilence("um silêncio precisa de um motivo")
        duration = timedelta(minutes=minutes)
        if duration <= timedelta(0) or duration > MAX_SILENCE:
            raise InvalidSilence("a duração vai de 1 minuto a 30 dias")
        now = utcnow()
        values = {
            **given,
            "reason": reason.strip(),
            "created_by": user,
            "created_at": now,
            "ends_at": now + duration,
        }
        entry = self.audit.entry(
            "monitoring.silence.add",
            actor=user,
            target="silence",
            detail={**{k: v for k, v in given.items() if v}, "reason": reason, "minutes": minutes},
        )
        return await self.db.write(lambda conn: sql.add_silence(conn, values, entry))

    async def unsilence(self, silence_id: int, user: str) -> dict[str, Any]:
        entry = self.audit.entry(
            "monitoring.silence.remove", actor=user, target=f"silence:{silence_id}"
        )
        now = utcnow()
        row = await self.db.write(lambda conn: sql.remove_silence(conn, silence_id, now, entry))
        if row is None:
            raise AlertNotFound(f"silêncio {silence_id} não existe ou já foi removido")
        return row

    async def silences(self) -> list[dict[str, Any]]:
        now = utcnow()
        return await self.db.read(lambda conn: sql.active_silences(conn, now))

    async def sample(self, at: datetime, jobs_by_state: dict[str, int], raised: int) -> None:
        counts = await self.db.read(sql.open_by_severity)
        by_severity: dict[str, int] = {}
        for (_, severity), count in counts.items():
            by_severity[severity] = by_severity.get(severity, 0) + count
        values = {
            "at": at,
            "jobs_by_state": jobs_by_state,
            "alerts_by_severity": by_severity,
            "raised": raised,
        }
        await self.db.write(lambda conn: sql.add_sample(conn, values))

    async def latest_sample(self) -> datetime | None:
        """When the poller (any process's) last stored a sample: None, never."""
        return await self.db.read(sql.latest_sample_at)

    async def samples(self, since: datetime, until: datetime) -> list[dict[str, Any]]:
        return await self.db.read(lambda conn: sql.samples(conn, since, until))
