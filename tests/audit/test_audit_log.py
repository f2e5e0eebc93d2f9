"""The audit log records logins and changes, is queryable by admins, and is append-only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.fixtures.auth_clients import ADMIN, add_user, basic


def test_logins_and_changes_are_recorded_with_who_when_and_from_where(api: TestClient) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    add_user(api, "rui", "viewer", "rui-pass-123")
    api.get("/api/v1/auth/me", headers=basic("rui", "bad-bad-bad"), params={})
    entries = api.get("/api/v1/audit", headers=ADMIN, params={"since": before.isoformat()}).json()
    actions = [(e["action"], e["actor"], e["outcome"]) for e in entries]
    assert ("user.create", "admin", "success") in actions
    assert ("auth.login", "rui", "failure") in actions
    assert ("auth.login", "admin", "success") in actions
    by_request = [e for e in entries if e["actor"] != "system"]  # not the first admin
    assert all(e["client"] == "testclient" and e["trace_id"] for e in by_request)
    only_rui = api.get("/api/v1/audit", headers=ADMIN, params={"actor": "rui"}).json()
    assert {e["actor"] for e in only_rui} == {"rui"}
    assert len(api.get("/api/v1/audit", headers=ADMIN, params={"limit": 1}).json()) == 1
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert api.get("/api/v1/audit", headers=ADMIN, params={"since": future}).json() == []


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"]
)
def test_the_audit_table_refuses_updates_and_deletes(api: TestClient, statement: str) -> None:
    api.get("/api/v1/auth/me", headers=ADMIN)
    services = api.app.state.services  # type: ignore[attr-defined]

    async def tamper() -> None:
        async with services.db.engine.begin() as conn:
            await conn.execute(text(statement))

    assert api.portal is not None
    with pytest.raises(DBAPIError, match="append-only"):
        api.portal.call(tamper)
    assert api.get("/api/v1/audit", headers=ADMIN).json()[-1]["actor"] != "mallory"
