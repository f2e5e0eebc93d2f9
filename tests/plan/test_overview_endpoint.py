"""``GET /api/v1/plan/overview`` against the embedded HWA simulator: what the chat's
welcome screen shows, for any signed-in role and for nobody else."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic


def test_the_plan_overview_counts_states_and_lists_problems(api: TestClient) -> None:
    add_user(api, "leitor", "viewer", "leitor-Secret-1")
    response = api.get("/api/v1/plan/overview", headers=basic("leitor", "leitor-Secret-1"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total_jobs"] == sum(body["jobs_by_state"].values()) > 0
    failed = {job["name"] for job in body["failed_jobs"]}
    assert "PAYROLL_01" in failed
    assert all(job["state"] in ("ABEND", "FAIL", "ERROR") for job in body["failed_jobs"])
    assert body["jobs_by_state"]["ABEND"] >= 1 and body["streams_by_state"]


def test_the_plan_overview_needs_credentials(api: TestClient) -> None:
    assert api.get("/api/v1/plan/overview").status_code == 401
    assert api.get("/api/v1/plan/overview", headers=ADMIN).status_code == 200
