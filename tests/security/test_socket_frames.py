"""Finding 8 (WebSocket frames) and the WebSocket fuzz suite: malformed, binary, deep,
huge and unknown frames and bursts each get an error frame; the session survives."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.fixtures.auth_clients import ADMIN
from tests.security.conftest import Server

HOSTILE_FRAMES: list[str | bytes] = [
    "[" * 30_000 + "]" * 30_000,  # deeper than any parser's recursion, within the size limit
    '{"type": "message", "text": ' + "9" * 20_000 + "}",  # a 20,000-digit integer
    '{"type": "message", "text": 1e999999}',
    "{bad",
    "",
    "null",
    "[1, 2, 3]",
    '"just a string"',
    '{"type": "unknown"}',
    '{"type": ["message"]}',
    '{"type": "message", "text": {"nested": true}}',
    '{"type": "message", "text": "oi", "conversation_id": 12345678901234567890}',
    '{"type": "message", "text": "oi", "conversation_id": "x"}',
    '{"type": "message", "text": "\\ud800"}',
    b"\xff\xfe\x00binary garbage",
    b'{"type": "ping"}',
]


@pytest.fixture
def socket(server: Server) -> ClientConnection:
    ticket = httpx.post(f"{server.base}/api/v1/auth/ticket", headers=ADMIN).json()["ticket"]
    return connect(f"ws://127.0.0.1:{server.port}/ws/chat?ticket={ticket}", open_timeout=60)


def _next(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(ws.recv(timeout=120))
    return frame


@pytest.mark.parametrize("frame", HOSTILE_FRAMES, ids=range(len(HOSTILE_FRAMES)))
def test_a_hostile_frame_gets_an_answer_and_the_session_survives(
    socket: ClientConnection, frame: str | bytes
) -> None:
    with socket as ws:
        ws.send(frame)
        answer = _next(ws)
        assert answer["type"] in ("error", "pong", "result"), answer
        ws.send(json.dumps({"type": "ping"}))
        while answer["type"] != "pong":
            answer = _next(ws)


def test_a_burst_of_frames_is_answered_in_full(socket: ClientConnection) -> None:
    with socket as ws:
        for _ in range(200):
            ws.send('{"type": "ping"}')
            ws.send("{bad")
        kinds = [_next(ws)["type"] for _ in range(400)]
    assert kinds.count("pong") == 200 and kinds.count("error") == 200


def test_nothing_unhandled_reached_the_log(server: Server, socket: ClientConnection) -> None:
    with socket as ws:
        for frame in HOSTILE_FRAMES:
            ws.send(frame)
            _next(ws)
    for line in server.log_text().splitlines():
        record = json.loads(line)
        assert record["level"] not in ("error", "critical"), line[:500]
        assert record["event"] not in ("chat_frame_failed", "unhandled_error"), line[:500]


def test_websocket_tickets_never_reach_the_log(server: Server) -> None:
    ticket = httpx.post(f"{server.base}/api/v1/auth/ticket", headers=ADMIN).json()["ticket"]
    with connect(f"ws://127.0.0.1:{server.port}/ws/chat?ticket={ticket}", open_timeout=60) as ws:
        ws.send('{"type": "ping"}')
        assert _next(ws)["type"] == "pong"
    text = server.log_text()
    assert "/ws/chat?" in text  # uvicorn logged the upgrade…
    assert ticket not in text  # …without its ticket
