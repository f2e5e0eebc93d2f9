"""All SQL of the audit log: insert and query, nothing else (the table is append-only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from resync.audit.models import AuditRow
from resync.db.engine import Database


class AuditRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, row: AuditRow) -> AuditRow:
        async with self.db.writing() as session:
            session.add(row)
            await session.commit()
        return row

    async def query(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
        target: str | None = None,
        until: datetime | None = None,
        offset: int = 0,
    ) -> list[AuditRow]:
        query = select(AuditRow)
        if target:
            query = query.where(AuditRow.target == target)
        if until:
            query = query.where(AuditRow.at < until)
        if actor:
            query = query.where(AuditRow.actor == actor)
        if action:
            query = query.where(AuditRow.action == action)
        if since:
            query = query.where(AuditRow.at >= since)
        query = query.order_by(AuditRow.id.desc()).offset(offset).limit(limit)
        async with self.db.session() as session:
            return list(await session.scalars(query))
