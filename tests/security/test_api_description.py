"""Finding 10: the API description tells the truth — error responses, credentials,
time zones, 405's Allow, strict types."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from resync.web.openapi import SELF_AUTHENTICATED
from tests.fixtures.auth_clients import ADMIN

ERROR_REF = "#/components/schemas/ErrorBody"


def _operations(api: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    paths = api.get("/openapi.json").json()["paths"]
    return [(path, method, op) for path, ops in paths.items() for method, op in ops.items()]


def test_protected_operations_name_their_credentials_and_errors(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {"basic", "bearer"}
    protected = [
        o
        for o in _operations(api)
        if o[0].startswith(("/api/", "/admin/")) and o[0] not in SELF_AUTHENTICATED
    ]
    assert len(protected) > 20
    for path in SELF_AUTHENTICATED:  # a signature of its own (Teams' HMAC), still 401
        (op,) = [o[2] for o in _operations(api) if o[0] == path]
        assert "security" not in op and "401" in op["responses"]
    for path, method, op in protected:
        assert op["security"] == [{"basic": []}, {"bearer": []}], (method, path)
        for status in ("401", "403", "413", "429"):
            body = op["responses"][status]["content"]["application/json"]["schema"]
            assert body == {"$ref": ERROR_REF}, (method, path, status)


def test_every_documented_422_has_the_body_resync_sends(api: TestClient) -> None:
    for path, method, op in _operations(api):
        if "422" in op["responses"]:
            body = op["responses"]["422"]["content"]["application/json"]["schema"]
            assert body == {"$ref": ERROR_REF}, (method, path)
    invalid = api.get("/api/v1/approvals/not-a-number", headers=ADMIN).json()
    assert set(invalid) == {"error", "detail", "trace_id"}


def test_the_statuses_answered_are_the_ones_documented(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    answers = [
        ("post", "/api/v1/chat", api.post("/api/v1/chat", content=b"{bad")),
        ("get", "/api/v1/approvals/{request_id}", api.get("/api/v1/approvals/0", headers=ADMIN)),
        ("post", "/api/v1/chat", api.post("/api/v1/chat", json={"text": " "}, headers=ADMIN)),
        (
            "post",
            "/api/v1/users",
            api.post("/api/v1/users", json={"username": "x"}, headers=ADMIN),
        ),
    ]
    for method, path, response in answers:
        assert str(response.status_code) in paths[path][method]["responses"], (path, response)


TIMESTAMP = re.compile(r'"(\w+_at)":"(\d{4}-\d\d-\d\dT[\d:.]+)([^"]*)"')


def test_every_timestamp_carries_its_time_zone(api: TestClient) -> None:
    reply = api.post("/api/v1/chat", json={"text": "bom dia"}, headers=ADMIN).json()
    pages = [
        "/api/v1/conversations",
        f"/api/v1/conversations/{reply['conversation_id']}/messages",
        "/api/v1/knowledge/documents",
        "/api/v1/users",
        "/api/v1/audit",
    ]
    found = 0
    for page in pages:
        for field, _, zone in TIMESTAMP.findall(api.get(page, headers=ADMIN).text):
            found += 1
            assert zone in ("Z", "+00:00"), (page, field)
    assert found > 10


def test_405_allows_every_method_of_the_path(api: TestClient) -> None:
    response = api.put("/api/v1/auth/tokens", headers=ADMIN)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, POST"
    # a path with a parameter, served by two routes: both methods, not only the first's
    templated = api.put("/api/v1/teams/channels/some-channel", headers=ADMIN)
    assert templated.status_code == 405
    assert templated.headers["Allow"] == "DELETE, PATCH"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/api/v1/users/admin", {"disabled": 0}),
        ("patch", "/api/v1/users/admin", {"disabled": "false"}),
        ("post", "/api/v1/auth/tokens", {"name": "t", "expires_in_days": "5"}),
        ("post", "/api/v1/chat", {"text": 42}),
    ],
)
def test_values_are_not_coerced(api: TestClient, method: str, path: str, body: object) -> None:
    response = api.request(method, path, json=body, headers=ADMIN)
    assert response.status_code == 422, response.text
