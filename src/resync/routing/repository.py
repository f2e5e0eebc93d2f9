"""All SQL of the routing domain: the ``routing_decisions`` table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, or_, select

from resync.db.engine import Database
from resync.routing.models import RoutingDecisionRow

if TYPE_CHECKING:
    from resync.routing.decisions import RoutingDecision


@dataclass(frozen=True)
class DecisionQuery:
    """Filters over the stored decisions (each optional) and the page wanted."""

    mode: str | None = None
    intent: str | None = None
    handler: str | None = None
    outcome: str | None = None
    text: str | None = None  # in the message excerpt or the trace id
    since: datetime | None = None
    until: datetime | None = None
    offset: int = 0
    limit: int = 50

    def conditions(self) -> list[ColumnElement[bool]]:
        row = RoutingDecisionRow
        where: list[ColumnElement[bool]] = []
        for column, value in (
            (row.mode, self.mode),
            (row.intent, self.intent),
            (row.handler, self.handler),
            (row.outcome, self.outcome),
        ):
            if value:
                where.append(column == value)
        if self.text:
            needle = self.text.lower()
            where.append(
                or_(
                    func.lower(row.message).contains(needle, autoescape=True),
                    row.trace_id.contains(needle, autoescape=True),
                )
            )
        if self.since is not None:
            where.append(row.at >= self.since)
        if self.until is not None:
            where.append(row.at < self.until)
        return where

    def matches(self, decision: RoutingDecision) -> bool:
        """The same filters over an in-memory decision (the ring buffer)."""
        for value, actual in (
            (self.mode, decision.mode),
            (self.intent, decision.intent),
            (self.handler, decision.handler),
            (self.outcome, decision.outcome),
        ):
            if value and value != actual:
                return False
        if self.text:
            needle = self.text.lower()
            if needle not in decision.message.lower() and needle not in decision.trace_id:
                return False
        if self.since is not None and decision.at < self.since:
            return False
        return self.until is None or decision.at < self.until


_TABLE = cast(Table, RoutingDecisionRow.__table__)
LATENCY_SAMPLE = 20_000  # most recent latencies used for percentiles

_GROUPS = {
    "by_mode": RoutingDecisionRow.mode,
    "by_intent": RoutingDecisionRow.intent,
    "by_handler": RoutingDecisionRow.handler,
    "by_outcome": RoutingDecisionRow.outcome,
}


class DecisionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def insert_many(self, decisions: Sequence[RoutingDecision]) -> None:
        if not decisions:
            return
        rows = [decision.to_row() for decision in decisions]
        await self.db.write(lambda conn: conn.execute(insert(_TABLE), rows))

    async def recent(self, limit: int) -> list[dict[str, Any]]:
        query = (
            select(RoutingDecisionRow)
            .order_by(RoutingDecisionRow.at.desc(), RoutingDecisionRow.id.desc())
            .limit(limit)
        )
        async with self.db.session() as session:
            rows = (await session.scalars(query)).all()
        return [_row_dict(row) for row in rows]

    async def page(self, query: DecisionQuery) -> tuple[list[dict[str, Any]], int]:
        """One page of the stored decisions matching ``query``, newest first, and how many
        match in all."""
        where = query.conditions()
        listing = (
            select(RoutingDecisionRow)
            .where(*where)
            .order_by(RoutingDecisionRow.at.desc(), RoutingDecisionRow.id.desc())
            .offset(query.offset)
            .limit(query.limit)
        )
        async with self.db.session() as session:
            counting = select(func.count()).select_from(RoutingDecisionRow).where(*where)
            total = int(await session.scalar(counting) or 0)
            rows = (await session.scalars(listing)).all()
        return [_row_dict(row) for row in rows], total

    async def get(self, decision_id: str) -> dict[str, Any] | None:
        async with self.db.session() as session:
            row = await session.get(RoutingDecisionRow, decision_id)
        return _row_dict(row) if row is not None else None

    async def times(self, since: datetime) -> list[tuple[datetime, str]]:
        """When each decision of the window was made and its outcome (for a timeline)."""
        query = (
            select(RoutingDecisionRow.at, RoutingDecisionRow.outcome)
            .where(RoutingDecisionRow.at >= since)
            .order_by(RoutingDecisionRow.at.desc())
            .limit(LATENCY_SAMPLE)
        )
        async with self.db.session() as session:
            rows = (await session.execute(query)).all()
        return [(_aware(at), str(outcome)) for at, outcome in rows]

    async def aggregates(self, since: datetime) -> dict[str, Any]:
        """Counts by mode/intent/handler/outcome, total, errors and recent latencies."""
        window = RoutingDecisionRow.at >= since
        result: dict[str, Any] = {}
        async with self.db.session() as session:
            for key, column in _GROUPS.items():
                rows = await session.execute(
                    select(column, func.count()).where(window).group_by(column)
                )
                result[key] = {str(value): int(count) for value, count in rows.all()}
            failed = or_(
                RoutingDecisionRow.outcome == "error", RoutingDecisionRow.error.is_not(None)
            )
            result["errors"] = int(
                await session.scalar(select(func.count()).where(window, failed)) or 0
            )
            sample = await session.execute(
                select(*_GROUPS.values(), RoutingDecisionRow.latency_ms)
                .where(window)
                .order_by(RoutingDecisionRow.at.desc())
                .limit(LATENCY_SAMPLE)
            )
            # (mode, intent, handler, outcome, latency) of the most recent decisions
            result["latency_rows"] = [
                (str(row[0]), str(row[1]), str(row[2]), str(row[3]), float(row[4]))
                for row in sample.all()
            ]
            result["latencies"] = [latency for *_, latency in result["latency_rows"]]
        result["total"] = sum(result["by_outcome"].values())
        return result

    async def delete_older_than(self, cutoff: datetime) -> int:
        async with self.db.writing() as session:
            result = await session.execute(
                delete(RoutingDecisionRow).where(RoutingDecisionRow.at < cutoff)
            )
            await session.commit()
        return int(getattr(result, "rowcount", 0) or 0)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite drops the zone


def _row_dict(row: RoutingDecisionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": _aware(row.at),
        "trace_id": row.trace_id,
        "message": row.message,
        "intent": row.intent,
        "confidence": row.confidence,
        "mode": row.mode,
        "handler": row.handler,
        "tools": tuple(row.tools or ()),
        "latency_ms": row.latency_ms,
        "decision_ms": row.decision_ms,
        "handler_ms": row.handler_ms,
        "outcome": row.outcome,
        "error": row.error,
        "worker": row.worker,
        "reasons": tuple(row.reasons or ()),
        "entities": dict(row.entities or {}),
    }
