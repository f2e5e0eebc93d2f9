"""Finding 4: an open WebSocket acts with the user's role and state as they are now.
Finding 5: an API token cannot create API tokens."""

from __future__ import annotations

import json
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

from tests.fixtures.auth_clients import ADMIN, basic, bearer
from tests.security.conftest import Server

CHANGE = "reexecute o job PAYROLL_01 porque o arquivo chegou atrasado"


def _user(server: Server, name: str, role: str) -> dict[str, str]:
    password = f"{name}-pass-1"
    created = httpx.post(
        f"{server.base}/api/v1/users",
        json={"username": name, "password": password, "role": role},
        headers=ADMIN,
    )
    assert created.status_code == 201, created.text
    return basic(name, password)


def _socket(server: Server, headers: dict[str, str]) -> ClientConnection:
    ticket = httpx.post(f"{server.base}/api/v1/auth/ticket", headers=headers)
    assert ticket.status_code == 200, ticket.text
    url = f"ws://127.0.0.1:{server.port}/ws/chat?ticket={ticket.json()['ticket']}"
    return connect(url, open_timeout=60)


def _ask(ws: ClientConnection, text: str) -> dict[str, Any]:
    ws.send(json.dumps({"type": "message", "text": text}))
    while True:
        frame: dict[str, Any] = json.loads(ws.recv(timeout=120))
        if frame["type"] in ("result", "error"):
            return frame


def _patch(server: Server, name: str, **change: object) -> None:
    response = httpx.patch(f"{server.base}/api/v1/users/{name}", json=change, headers=ADMIN)
    assert response.status_code == 200, response.text


def test_a_downgrade_applies_to_an_open_socket(server: Server) -> None:
    oscar = _user(server, "oscar", "operator")
    with _socket(server, oscar) as ws:
        assert _ask(ws, "bom dia")["type"] == "result"
        _patch(server, "oscar", role="viewer")
        result = _ask(ws, CHANGE)
    assert result["type"] == "result"
    assert result.get("approval") is None, result
    requests = httpx.get(f"{server.base}/api/v1/approvals", headers=ADMIN).json()
    assert not [r for r in requests if r["requester"] == "oscar"]


def test_disabling_a_user_ends_their_open_socket(server: Server) -> None:
    dora = _user(server, "dora", "viewer")
    with _socket(server, dora) as ws:
        assert _ask(ws, "bom dia")["type"] == "result"
        _patch(server, "dora", disabled=True)
        frame = _ask(ws, "bom dia")
        assert frame == {**frame, "type": "error", "code": "session_revoked"}
        closed = _closed_code(ws)
    assert closed == 1008


def test_revoking_a_token_ends_the_socket_it_opened(server: Server) -> None:
    created = httpx.post(f"{server.base}/api/v1/auth/tokens", json={"name": "ws"}, headers=ADMIN)
    assert created.status_code == 201, created.text
    token = created.json()
    with _socket(server, bearer(token["token"])) as ws:
        assert _ask(ws, "bom dia")["type"] == "result"
        revoked = httpx.delete(f"{server.base}/api/v1/auth/tokens/{token['id']}", headers=ADMIN)
        assert revoked.status_code == 204
        frame = _ask(ws, "bom dia")
        assert frame["type"] == "error" and frame["code"] == "session_revoked"
        assert _closed_code(ws) == 1008


def test_a_token_cannot_mint_tokens(server: Server) -> None:
    parent = httpx.post(
        f"{server.base}/api/v1/auth/tokens",
        json={"name": "parent", "expires_in_days": 1},
        headers=ADMIN,
    ).json()
    child = httpx.post(
        f"{server.base}/api/v1/auth/tokens",
        json={"name": "child", "expires_in_days": 3650},
        headers=bearer(parent["token"]),
    )
    assert child.status_code == 403
    assert child.json()["error"] == "password_login_required"
    names = [
        t["name"] for t in httpx.get(f"{server.base}/api/v1/auth/tokens", headers=ADMIN).json()
    ]
    assert "child" not in names


def _closed_code(ws: ClientConnection) -> int | None:
    try:
        while True:
            ws.recv(timeout=60)
    except Exception:  # ConnectionClosed once the server has closed
        pass
    return ws.close_code
