"""All SQL of the routing domain: the ``routing_decisions`` table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, func, insert, or_, select

from resync.db.engine import Database
from resync.routing.models import RoutingDecisionRow

if TYPE_CHECKING:
    from resync.routing.decisions import RoutingDecision

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
            latencies = await session.scalars(
                select(RoutingDecisionRow.latency_ms)
                .where(window)
                .order_by(RoutingDecisionRow.at.desc())
                .limit(LATENCY_SAMPLE)
            )
            result["latencies"] = [float(value) for value in latencies.all()]
        result["total"] = sum(result["by_outcome"].values())
        return result

    async def delete_older_than(self, cutoff: datetime) -> int:
        async with self.db.writing() as session:
            result = await session.execute(
                delete(RoutingDecisionRow).where(RoutingDecisionRow.at < cutoff)
            )
            await session.commit()
        return int(getattr(result, "rowcount", 0) or 0)


def _row_dict(row: RoutingDecisionRow) -> dict[str, Any]:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)  # SQLite drops the zone
    return {
        "id": row.id,
        "at": at,
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
    }
