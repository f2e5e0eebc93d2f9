"""No password or token ever reaches a log line, whatever happens to the request."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from resync.observability.logging import configure_logging
from tests.fixtures.auth_clients import ADMIN, ADMIN_PASSWORD, add_user, basic, bearer


def test_no_credential_in_any_log_line(
    make_client: Callable[..., TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    api = make_client(log_level="DEBUG", auth_max_failures=2)
    configure_logging("DEBUG", "json")  # the handler writes to the captured stdout
    add_user(api, "olga", "operator", "olga-Pass-9876")
    api.get("/api/v1/auth/me", headers=basic("olga", "olga-Pass-9876"))
    api.get("/api/v1/auth/me", headers=basic("olga", "olga-WRONG-1111"))
    api.get("/api/v1/auth/me", headers=basic("olga", "olga-WRONG-2222"))
    api.get("/api/v1/auth/me", headers=basic("olga", "olga-Pass-9876"))  # locked
    token = api.post("/api/v1/auth/tokens", headers=ADMIN, json={"name": "script"}).json()["token"]
    api.get("/api/v1/auth/me", headers=bearer(token))
    api.get("/api/v1/auth/me", headers=bearer(token + "x"))
    ticket = api.post("/api/v1/auth/ticket", headers=ADMIN).json()["ticket"]
    api.patch("/api/v1/users/olga", headers=ADMIN, json={"password": "olga-Changed-5555"})

    lines = capsys.readouterr().out.splitlines()
    assert any('"login_failed"' in line for line in lines), "the logs were not captured"
    secrets = [
        ADMIN_PASSWORD,
        "olga-Pass-9876",
        "olga-WRONG-1111",
        "olga-WRONG-2222",
        "olga-Changed-5555",
        token,
        token[4:],
        ticket,
        base64.b64encode(b"olga:olga-Pass-9876").decode(),
    ]
    for secret in secrets:
        leaked = [line for line in lines if secret in line]
        assert leaked == [], f"a credential leaked into the logs: {leaked[:1]}"
