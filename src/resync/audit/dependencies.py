"""The audit domain's FastAPI dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from resync.audit.service import AuditService
from resync.wiring import component


def audit_service(connection: HTTPConnection) -> AuditService:
    return component(connection, "audit", AuditService)


AuditDep = Annotated[AuditService, Depends(audit_service)]
