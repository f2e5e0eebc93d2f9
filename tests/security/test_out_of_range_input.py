"""Finding 6: out-of-range ids and dates are client errors, never 500s."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN

TOO_BIG = "9223372036854775808"  # 2^63: one past the largest 64-bit integer column


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/v1/approvals/{TOO_BIG}"),
        ("POST", f"/api/v1/approvals/{TOO_BIG}/recheck"),
        ("DELETE", f"/api/v1/auth/tokens/{TOO_BIG}"),
        ("GET", "/api/v1/audit?since=9999-12-31T23:59:59-23:59"),
        ("GET", "/api/v1/audit?since=0001-01-01T00:00:00%2B23:59"),
    ],
)
def test_out_of_range_input_is_422(api: TestClient, method: str, path: str) -> None:
    response = api.request(method, path, headers=ADMIN)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "validation_error"


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_out_of_range_decision_is_422(api: TestClient, action: str) -> None:
    path = f"/api/v1/approvals/{TOO_BIG}/{action}"
    response = api.post(path, json={"comment": "ok"}, headers=ADMIN)
    assert response.status_code == 422, response.text


def test_ids_in_range_that_do_not_exist_are_404(api: TestClient) -> None:
    assert api.get("/api/v1/approvals/9223372036854775807", headers=ADMIN).status_code == 404
    assert api.delete("/api/v1/auth/tokens/9223372036854775807", headers=ADMIN).status_code == 404
