"""All SQL of approvals. Status changes are conditional UPDATEs: whoever changes the row
(rowcount 1) owns the transition; everyone else learns they lost."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from resync.approvals.models import ApprovalRow
from resync.approvals.schemas import ApprovalStatus
from resync.db.engine import Database


class ApprovalRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, row: ApprovalRow) -> ApprovalRow:
        async with self.db.session() as session:
            session.add(row)
            await session.commit()
        return row

    async def get(self, request_id: int) -> ApprovalRow | None:
        async with self.db.session() as session:
            return await session.get(ApprovalRow, request_id)

    async def recent(self, status: ApprovalStatus | None, limit: int) -> list[ApprovalRow]:
        query = select(ApprovalRow)
        if status is not None:
            query = query.where(ApprovalRow.status == status.value)
        async with self.db.session() as session:
            return list(await session.scalars(query.order_by(ApprovalRow.id.desc()).limit(limit)))

    async def transition(
        self,
        request_id: int,
        from_statuses: Iterable[ApprovalStatus],
        to_status: ApprovalStatus,
        *,
        only_if: Any = None,
        **values: Any,
    ) -> bool:
        """Move one request atomically; False when it was not in ``from_statuses``."""
        query = update(ApprovalRow).where(
            ApprovalRow.id == request_id,
            ApprovalRow.status.in_([s.value for s in from_statuses]),
        )
        if only_if is not None:
            query = query.where(only_if)
        async with self.db.session() as session:
            result: Any = await session.execute(query.values(status=to_status.value, **values))
            await session.commit()
            return bool(result.rowcount == 1)

    async def ids_with_status(
        self, status: ApprovalStatus, before: datetime | None = None
    ) -> list[int]:
        query = select(ApprovalRow.id).where(ApprovalRow.status == status.value)
        if before is not None:
            query = query.where(ApprovalRow.expires_at <= before)
        async with self.db.session() as session:
            return list(await session.scalars(query))
