"""``GET /api/v1/audit``: the audit log, newest first (admin)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from resync.audit.dependencies import AuditDep
from resync.audit.schemas import AuditEntry
from resync.auth.dependencies import AdminUser
from resync.params import UtcDatetime

router = APIRouter(prefix="/api/v1", tags=["audit"])


@router.get("/audit")
async def audit_log(
    _: AdminUser,
    audit: AuditDep,
    actor: str | None = None,
    action: str | None = None,
    since: UtcDatetime | None = None,
    limit: int = Query(100, ge=1, le=1000),
) -> list[AuditEntry]:
    return await audit.query(actor=actor, action=action, since=since, limit=limit)
