"""All SQL of the incident memory."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select

from resync.db.engine import Database
from resync.knowledge.models import IncidentRow
from resync.knowledge.schemas import Incident

_TABLE = cast(Table, IncidentRow.__table__)
_RECENT = select(_TABLE).order_by(_TABLE.c.resolved_at.desc()).limit(bindparam("limit"))


class IncidentRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, incident: Incident) -> Incident:
        async with self.db.engine.begin() as conn:
            new_id = (
                await conn.execute(
                    insert(IncidentRow)
                    .values(
                        job_name=incident.job_name,
                        job_stream=incident.job_stream,
                        workstation=incident.workstation,
                        return_code=incident.return_code,
                        message_ids=" ".join(incident.message_ids),
                        abend_code=incident.abend_code,
                        log_lines=json.dumps(incident.log_lines, ensure_ascii=False),
                        cause=incident.cause,
                        fix=incident.fix,
                        resolved_by=incident.resolved_by,
                        resolved_at=incident.resolved_at,
                        origin=incident.origin,
                        created_at=datetime.now(UTC),
                    )
                    .returning(IncidentRow.id)
                )
            ).scalar_one()
        return incident.model_copy(update={"id": new_id})

    async def count(self) -> int:
        async with self.db.session() as session:
            return int(await session.scalar(select(func.count(IncidentRow.id))) or 0)

    async def recent(self, limit: int = 5000) -> list[Incident]:
        params = {"limit": limit}
        return await self.db.read(
            lambda conn: [_incident(row) for row in conn.execute(_RECENT, params)]
        )


def _incident(row: Any) -> Incident:
    return Incident(
        id=row.id,
        job_name=row.job_name,
        job_stream=row.job_stream,
        workstation=row.workstation,
        return_code=row.return_code,
        message_ids=row.message_ids.split(),
        abend_code=row.abend_code,
        log_lines=json.loads(row.log_lines),
        cause=row.cause,
        fix=row.fix,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        origin=row.origin,
    )
