"""All SQL of approvals. Status changes are conditional UPDATEs: whoever changes the row
(rowcount 1) owns the transition; everyone else learns they lost. A change and the audit
record of it are written in one transaction: both or neither."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from resync.approvals.models import ApprovalRow
from resync.approvals.schemas import ApprovalStatus
from resync.audit.models import AuditRow
from resync.db.engine import Database

# Builds the audit record of a change from the request as changed.
Audit = Callable[[ApprovalRow], AuditRow]


class ApprovalRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, row: ApprovalRow, audit: Audit | None = None) -> ApprovalRow:
        async with self.db.writing() as session:
            session.add(row)
            if audit is not None:
                await session.flush()  # the request's id, for its audit record
                session.add(audit(row))
            await session.commit()
        return row

    async def add_unless_pending(self, row: ApprovalRow, audit: Audit | None = None) -> int | None:
        """Add ``row`` unless a pending, unexpired request for the same action and target
        exists; then that request's id is returned and nothing is written (one transaction)."""
        same = select(ApprovalRow.id).where(
            ApprovalRow.action == row.action,
            ApprovalRow.target == row.target,
            ApprovalRow.status == ApprovalStatus.pending.value,
            ApprovalRow.expires_at > row.created_at,
        )
        async with self.db.writing() as session:
            existing: int | None = await session.scalar(same.order_by(ApprovalRow.id).limit(1))
            if existing is not None:
                await session.rollback()
                return existing
            session.add(row)
            if audit is not None:
                await session.flush()
                session.add(audit(row))
            await session.commit()
        return None

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
        audit: Audit | None = None,
        **values: Any,
    ) -> bool:
        """Move one request atomically, with its audit record; False (and nothing written)
        when it was not in ``from_statuses``."""
        query = update(ApprovalRow).where(
            ApprovalRow.id == request_id,
            ApprovalRow.status.in_([s.value for s in from_statuses]),
        )
        if only_if is not None:
            query = query.where(only_if)
        async with self.db.writing() as session:
            result: Any = await session.execute(query.values(status=to_status.value, **values))
            if result.rowcount != 1:
                await session.rollback()
                return False
            if audit is not None:
                row = await session.get(ApprovalRow, request_id, populate_existing=True)
                if row is not None:
                    session.add(audit(row))
            await session.commit()
            return True

    async def ids_with_status(
        self,
        status: ApprovalStatus,
        before: datetime | None = None,
        started: datetime | None = None,
    ) -> list[int]:
        """Ids in ``status``; expiring by ``before``; started (claimed) by ``started``."""
        query = select(ApprovalRow.id).where(ApprovalRow.status == status.value)
        if before is not None:
            query = query.where(ApprovalRow.expires_at <= before)
        if started is not None:
            query = query.where(ApprovalRow.started_at <= started)
        async with self.db.session() as session:
            return list(await session.scalars(query))
