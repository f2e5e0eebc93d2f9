"""Finding 8 (Origin): cross-site WebSocket upgrades and changes are refused; the
server's own origin and the allow-list pass."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.fixtures.auth_clients import ADMIN
from tests.security.conftest import Server

EVIL = "http://evil.example"


def _ticket(server: Server) -> str:
    return str(httpx.post(f"{server.base}/api/v1/auth/ticket", headers=ADMIN).json()["ticket"])


def test_a_cross_site_websocket_upgrade_is_refused(server: Server) -> None:
    url = f"ws://127.0.0.1:{server.port}/ws/chat?ticket={_ticket(server)}"
    with pytest.raises(InvalidStatus) as refused:
        connect(url, origin=EVIL, open_timeout=60)  # type: ignore[arg-type]
    assert refused.value.response.status_code == 403


def test_a_same_origin_websocket_upgrade_is_accepted(server: Server) -> None:
    url = f"ws://127.0.0.1:{server.port}/ws/chat?ticket={_ticket(server)}"
    own = f"http://127.0.0.1:{server.port}"
    with connect(url, origin=own, open_timeout=60) as ws:  # type: ignore[arg-type]
        ws.send('{"type": "ping"}')
        assert "pong" in str(ws.recv(timeout=60))


def test_a_cross_site_upload_is_refused(server: Server) -> None:
    files = {"file": ("note.md", b"# Note\n\nText.\n")}
    response = httpx.post(
        f"{server.base}/api/v1/knowledge/documents",
        files=files,
        headers={**ADMIN, "Origin": EVIL},
    )
    assert response.status_code == 403
    assert response.json()["error"] == "origin_not_allowed"


def test_reading_cross_site_is_left_to_the_browser(server: Server) -> None:
    response = httpx.get(f"{server.base}/api/v1/auth/me", headers={**ADMIN, "Origin": EVIL})
    assert response.status_code == 200


def test_an_allowed_origin_may_change_things(make_client: Callable[..., TestClient]) -> None:
    api = make_client(allowed_origins="https://console.example.com/ , https://other.example")
    ok = api.post("/api/v1/auth/ticket", headers={**ADMIN, "Origin": "https://console.example.com"})
    assert ok.status_code == 200
    refused = api.post("/api/v1/auth/ticket", headers={**ADMIN, "Origin": EVIL})
    assert refused.status_code == 403
