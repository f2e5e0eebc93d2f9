"""Finding 8 (blank messages): whitespace-only messages are refused, never stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN

BLANKS = [" ", "   \n\t  ", "\u00a0\u2003", "\r\n"]


@pytest.mark.parametrize("text", BLANKS)
def test_a_blank_message_is_422_over_rest(api: TestClient, text: str) -> None:
    response = api.post("/api/v1/chat", json={"text": text}, headers=ADMIN)
    assert response.status_code == 422
    assert api.get("/api/v1/conversations", headers=ADMIN).json() == []


def test_a_blank_message_is_an_error_frame_over_the_socket(api: TestClient) -> None:
    with api.websocket_connect("/ws/chat", headers=ADMIN) as ws:
        ws.send_json({"type": "message", "text": "  \n  "})
        frame = ws.receive_json()
    assert frame["type"] == "error" and frame["code"] == "validation_error"
    assert api.get("/api/v1/conversations", headers=ADMIN).json() == []
