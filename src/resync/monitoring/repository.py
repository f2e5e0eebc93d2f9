"""All SQL of monitoring: alerts (one open per dedupe key), silences and poll samples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, func, insert, select, update

from resync.audit.models import AuditRow
from resync.monitoring.models import AlertRow, SampleRow, SilenceRow
from resync.monitoring.rules import Finding

ALERTS = cast(Table, AlertRow.__table__)
SILENCES = cast(Table, SilenceRow.__table__)
SAMPLES = cast(Table, SampleRow.__table__)
AUDIT = cast(Table, AuditRow.__table__)
OPEN = ("active", "acknowledged")
SILENCE_FIELDS = ("kind", "job_name", "job_stream", "workstation")


@dataclass
class Applied:
    """What one poll changed: alerts raised (new rows) and alerts resolved by the system."""

    raised: list[dict[str, Any]] = field(default_factory=list)
    resolved: list[dict[str, Any]] = field(default_factory=list)
    silenced: int = 0


def silenced_by(finding: Finding, silences: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The first silence whose every given field matches the finding."""
    for silence in silences:
        given = [name for name in SILENCE_FIELDS if silence.get(name)]
        if given and all(
            str(getattr(finding, name) or "").upper() == str(silence[name]).upper()
            for name in given
        ):
            return silence
    return None


def _values(finding: Finding) -> dict[str, Any]:
    text = finding.text("pt")
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "title": text["title"][:300],
        "detail": text["detail"],
        "texts": finding.texts,
        "job_id": finding.job_id,
        "job_name": finding.job_name,
        "job_stream": finding.job_stream,
        "workstation": finding.workstation,
    }


def apply_findings(
    conn: Connection,
    findings: Sequence[Finding],
    now: datetime,
    *,
    complete: bool = True,
) -> Applied:
    """Raise what is new, refresh what is known, resolve what cleared (when ``complete``:
    every rule was evaluated, not only HWA's reachability)."""
    applied = Applied()
    silences = active_silences(conn, now)
    rows = conn.execute(
        select(ALERTS).where(ALERTS.c.status.in_(OPEN) | ALERTS.c.held_back.is_(True))
    ).mappings()
    known: dict[str, dict[str, Any]] = {}
    held: set[str] = set()
    for found in rows:
        if found["status"] in OPEN:
            known[found["key"]] = dict(found)
        else:
            held.add(found["key"])
    seen = set()
    for finding in findings:
        seen.add(finding.key)
        row = known.get(finding.key)
        if row is not None:
            changes: dict[str, Any] = {"last_seen": now, **_values(finding)}
            if finding.marker != row["marker"]:  # it happened again (a rerun abended too)
                changes.update(marker=finding.marker, occurrences=row["occurrences"] + 1)
                changes["status"] = "active"
            conn.execute(update(ALERTS).where(ALERTS.c.id == row["id"]).values(**changes))
            continue
        if finding.key in held:
            continue
        if silenced_by(finding, silences):
            applied.silenced += 1
            continue
        values = {
            **_values(finding),
            "key": finding.key,
            "open_key": finding.key,
            "status": "active",
            "marker": finding.marker,
            "first_seen": now,
            "last_seen": now,
            "occurrences": 1,
            "held_back": False,
        }
        new_id = conn.execute(insert(ALERTS).values(**values).returning(ALERTS.c.id)).scalar_one()
        applied.raised.append({**values, "id": new_id})
    gone = [row for key, row in known.items() if key not in seen]
    if not complete:
        gone = [row for row in gone if row["kind"] == "hwa_unreachable"]
    for row in gone:
        conn.execute(
            update(ALERTS)
            .where(ALERTS.c.id == row["id"])
            .values(status="resolved", open_key=None, resolved_by="system", resolved_at=now)
        )
        applied.resolved.append({**row, "status": "resolved"})
    cleared = [key for key in held if key not in seen]
    if cleared and complete:
        conn.execute(update(ALERTS).where(ALERTS.c.key.in_(cleared)).values(held_back=False))
    return applied


def _audit(conn: Connection, row: AuditRow) -> None:
    conn.execute(
        insert(AUDIT).values(
            at=row.at,
            actor=row.actor,
            action=row.action,
            target=row.target,
            outcome=row.outcome,
            detail=row.detail,
            client=row.client,
            trace_id=row.trace_id,
        )
    )


def change_status(
    conn: Connection,
    alert_id: int,
    status: str,
    user: str,
    comment: str,
    now: datetime,
    audit: AuditRow,
) -> dict[str, Any] | None:
    """Acknowledge or resolve an open alert, with its audit record; None: no such open alert."""
    row = conn.execute(select(ALERTS).where(ALERTS.c.id == alert_id)).mappings().first()
    if row is None or row["status"] not in OPEN:
        return dict(row) if row is not None else None
    if status == "acknowledged":
        values: dict[str, Any] = {"status": status, "acknowledged_by": user, "acknowledged_at": now}
    else:
        values = {"status": status, "open_key": None, "resolved_by": user, "resolved_at": now}
        values["held_back"] = True  # not raised again while its condition still holds
    values["comment"] = comment
    conn.execute(update(ALERTS).where(ALERTS.c.id == alert_id).values(**values))
    _audit(conn, audit)
    return {**dict(row), **values}


def active_silences(conn: Connection, now: datetime) -> list[dict[str, Any]]:
    query = select(SILENCES).where(SILENCES.c.ends_at > now, SILENCES.c.removed_at.is_(None))
    return [dict(row) for row in conn.execute(query.order_by(SILENCES.c.id)).mappings()]


def add_silence(conn: Connection, values: dict[str, Any], audit: AuditRow) -> dict[str, Any]:
    new_id = conn.execute(insert(SILENCES).values(**values).returning(SILENCES.c.id)).scalar_one()
    _audit(conn, audit)
    return {**values, "id": new_id, "removed_at": None}


def remove_silence(
    conn: Connection, silence_id: int, now: datetime, audit: AuditRow
) -> dict[str, Any] | None:
    row = conn.execute(select(SILENCES).where(SILENCES.c.id == silence_id)).mappings().first()
    if row is None or row["removed_at"] is not None:
        return None
    conn.execute(update(SILENCES).where(SILENCES.c.id == silence_id).values(removed_at=now))
    _audit(conn, audit)
    return {**dict(row), "removed_at": now}


def list_alerts(
    conn: Connection,
    *,
    status: str | None = None,
    kind: str | None = None,
    severity: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    query = select(ALERTS)
    if status == "open":
        query = query.where(ALERTS.c.status.in_(OPEN))
    elif status:
        query = query.where(ALERTS.c.status == status)
    if kind:
        query = query.where(ALERTS.c.kind == kind)
    if severity:
        query = query.where(ALERTS.c.severity == severity)
    if since:
        query = query.where(ALERTS.c.last_seen >= since)
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    page = query.order_by(ALERTS.c.first_seen.desc(), ALERTS.c.id.desc())
    rows = conn.execute(page.limit(limit).offset(offset)).mappings()
    return int(total), [dict(row) for row in rows]


def get_alert(conn: Connection, alert_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(ALERTS).where(ALERTS.c.id == alert_id)).mappings().first()
    return dict(row) if row is not None else None


def open_keys(conn: Connection) -> list[tuple[str, int]]:
    query = select(ALERTS.c.key, ALERTS.c.id).where(ALERTS.c.status.in_(OPEN))
    return [(key, int(alert_id)) for key, alert_id in conn.execute(query)]


def open_by_severity(conn: Connection) -> dict[tuple[str, str], int]:
    query = (
        select(ALERTS.c.kind, ALERTS.c.severity, func.count())
        .where(ALERTS.c.status.in_(OPEN))
        .group_by(ALERTS.c.kind, ALERTS.c.severity)
    )
    return {(kind, severity): int(count) for kind, severity, count in conn.execute(query)}


def add_sample(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(SAMPLES).values(**values))


def samples(conn: Connection, since: datetime, until: datetime) -> list[dict[str, Any]]:
    query = select(SAMPLES).where(SAMPLES.c.at >= since, SAMPLES.c.at <= until)
    return [dict(row) for row in conn.execute(query.order_by(SAMPLES.c.at)).mappings()]


def latest_sample_at(conn: Connection) -> datetime | None:
    query = select(SAMPLES.c.at).order_by(SAMPLES.c.at.desc()).limit(1)
    value: datetime | None = conn.execute(query).scalar()
    return value
