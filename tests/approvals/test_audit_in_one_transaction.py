"""An approval change and its audit record are written together: both or neither."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from tests.approvals.helpers import OLGA, add_people, request_change, services_of
from tests.fixtures.auth_clients import ADMIN

REFUSE_REJECT_RECORDS = """
CREATE TRIGGER refuse_reject_records BEFORE INSERT ON audit_log
WHEN NEW.action = 'approval.reject'
BEGIN SELECT RAISE(ABORT, 'the audit log refuses this record'); END
"""


def test_a_decision_whose_audit_record_fails_is_not_kept(api: TestClient) -> None:
    add_people(api)
    services = services_of(api)
    created = request_change(api, "rerun", "PAYROLL_01")
    olga = AuthenticatedUser(id=0, username="olga", role=Role.operator)

    async def execute(sql: str) -> None:
        async with services.db.engine.begin() as connection:
            await connection.execute(text(sql))

    async def reject() -> None:
        await services.approvals.reject(created["id"], olga, "o arquivo ainda não chegou")

    assert api.portal is not None
    api.portal.call(execute, REFUSE_REJECT_RECORDS)  # a real database refusal, mid-change
    with pytest.raises(DBAPIError, match="refuses this record"):
        api.portal.call(reject)
    after = api.get(f"/api/v1/approvals/{created['id']}", headers=OLGA).json()
    assert after["status"] == "pending"  # the rejection went with its record

    api.portal.call(execute, "DROP TRIGGER refuse_reject_records")
    api.portal.call(reject)
    after = api.get(f"/api/v1/approvals/{created['id']}", headers=OLGA).json()
    assert after["status"] == "rejected"
    records = api.get("/api/v1/audit", headers=ADMIN, params={"action": "approval.reject"})
    assert [(r["target"], r["actor"]) for r in records.json()] == [
        (f"approval:{created['id']}", "olga")
    ]
