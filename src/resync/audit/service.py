"""``AuditService.record(...)``: what every domain calls to leave a trace of a change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import structlog

from resync.audit.context import get_client_address
from resync.audit.models import AuditRow
from resync.audit.repository import AuditRepository
from resync.audit.schemas import AuditEntry
from resync.db.engine import Database
from resync.db.timestamps import utcnow
from resync.observability.context import get_trace_id

log = structlog.get_logger(__name__)


class AuditService:
    def __init__(self, db: Database) -> None:
        self.repository = AuditRepository(db)

    async def record(
        self,
        action: str,
        *,
        actor: str | None,
        target: str | None = None,
        outcome: str = "success",
        detail: dict[str, Any] | None = None,
        client: str | None = None,
    ) -> AuditEntry:
        """Append one record. ``action`` is a dotted name (``auth.login``, ``approval.approve``);
        the client address and trace_id default to those of the current request."""
        row = self.entry(
            action, actor=actor, target=target, outcome=outcome, detail=detail, client=client
        )
        await self.repository.add(row)
        return self.written(row)

    def entry(
        self,
        action: str,
        *,
        actor: str | None,
        target: str | None = None,
        outcome: str = "success",
        detail: dict[str, Any] | None = None,
        client: str | None = None,
    ) -> AuditRow:
        """A record not written yet: for a domain that writes it in its own transaction,
        with the change it records (then :meth:`written` once committed)."""
        return AuditRow(
            at=utcnow(),
            actor=actor,
            action=action,
            target=target,
            outcome=outcome,
            detail=detail or {},
            client=client or get_client_address(),
            trace_id=get_trace_id(),
        )

    def written(self, row: AuditRow) -> AuditEntry:
        """Log a record its transaction committed."""
        log.info(
            "audit_recorded",
            action=row.action,
            actor=row.actor,
            target=row.target,
            outcome=row.outcome,
        )
        return AuditEntry.model_validate(row)

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
    ) -> list[AuditEntry]:
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        if until is not None and until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        rows = await self.repository.query(
            actor=actor,
            action=action,
            since=since,
            limit=max(1, min(limit, 1000)),
            target=target,
            until=until,
            offset=max(0, offset),
        )
        return [AuditEntry.model_validate(row) for row in rows]
