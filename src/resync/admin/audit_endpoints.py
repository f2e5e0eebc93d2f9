"""``GET /api/v1/audit``: the audit log, newest first, filtered and paged (admin); and the
same selection as CSV for the console's export."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from resync.audit.dependencies import AuditDep
from resync.audit.schemas import AuditEntry
from resync.audit.service import AuditService
from resync.auth.dependencies import AdminUser
from resync.params import UtcDatetime

router = APIRouter(prefix="/api/v1", tags=["audit"])

Filter = Annotated[str | None, Query(max_length=200)]
EXPORT_LIMIT = 10_000
CSV_FIELDS = ("id", "at", "actor", "action", "target", "outcome", "client", "trace_id", "detail")


@router.get("/audit")
async def audit_log(
    _: AdminUser,
    audit: AuditDep,
    actor: Filter = None,
    action: Filter = None,
    target: Filter = None,
    since: UtcDatetime | None = None,
    until: UtcDatetime | None = None,
    offset: int = Query(0, ge=0, le=10_000_000),
    limit: int = Query(100, ge=1, le=1000),
) -> list[AuditEntry]:
    return await audit.query(
        actor=actor,
        action=action,
        target=target,
        since=since,
        until=until,
        offset=offset,
        limit=limit,
    )


@router.get(
    "/audit/export",
    summary="The audit entries the same filters select, as CSV (at most 10,000, newest first)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def audit_export(
    _: AdminUser,
    audit: AuditDep,
    actor: Filter = None,
    action: Filter = None,
    target: Filter = None,
    since: UtcDatetime | None = None,
    until: UtcDatetime | None = None,
) -> Response:
    entries = await _all(audit, actor=actor, action=action, target=target, since=since, until=until)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for entry in entries:
        row = entry.model_dump(mode="json")
        row["detail"] = json.dumps(row["detail"], ensure_ascii=False, sort_keys=True)
        writer.writerow([_cell(row[name]) for name in CSV_FIELDS])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="resync-audit.csv"'},
    )


async def _all(audit: AuditService, **filters: Any) -> list[AuditEntry]:
    found: list[AuditEntry] = []
    while len(found) < EXPORT_LIMIT:
        page = await audit.query(**filters, offset=len(found), limit=1000)
        found += page
        if len(page) < 1000:
            break
    return found[:EXPORT_LIMIT]


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
