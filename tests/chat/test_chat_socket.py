"""The chat WebSocket with the real router and the embedded HWA simulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from tests.fixtures.auth_clients import ADMIN


def ticket(api: TestClient) -> str:
    response = api.post("/api/v1/auth/ticket", headers=ADMIN)
    assert response.status_code == 200, response.text
    return str(response.json()["ticket"])


def refusal_code(api: TestClient, path: str, headers: dict[str, str] | None = None) -> int:
    """The close code of a connection the server refuses."""
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        api.websocket_connect(path, headers=headers or {}) as ws,
    ):
        ws.receive_json()
    return closed.value.code


def ask(ws: WebSocketTestSession, text: str, **extra: Any) -> dict[str, Any]:
    ws.send_json({"type": "message", "text": text, **extra})
    while True:
        frame = ws.receive_json()
        if frame["type"] in ("result", "error"):
            return frame


@pytest.mark.parametrize(
    ("text", "mode", "intent"),
    [
        ("bom dia", "rag_only", "greeting"),
        ("o que é um job stream?", "rag_only", "general"),
        ("quais jobs abendaram hoje?", "agentic", "status"),
        ("why did PAYROLL_01 abend?", "diagnostic", "troubleshooting"),
    ],
)
def test_each_routing_path_end_to_end(api: TestClient, text: str, mode: str, intent: str) -> None:
    with api.websocket_connect(f"/ws/chat?ticket={ticket(api)}") as ws:
        result = ask(ws, text)
    assert result["type"] == "result", result
    assert (result["routing_mode"], result["intent"]) == (mode, intent)
    assert result["answer"] and result["conversation_id"] and result["trace_id"]


def test_abend_list_is_a_table_and_diagnosis_quotes_the_log(api: TestClient) -> None:
    with api.websocket_connect("/ws/chat", headers=ADMIN) as ws:
        listed = ask(ws, "quais jobs abendaram hoje?")
        diagnosis = ask(
            ws, "por que o PAYROLL_01 abendou?", conversation_id=listed["conversation_id"]
        )
    tables = [p for p in listed["parts"] if p["kind"] == "table"]
    assert tables and any("PAYROLL_01" in json.dumps(row) for row in tables[0]["rows"])
    assert any(p["kind"] == "log" for p in diagnosis["parts"])
    assert "AWS" in diagnosis["answer"]


def test_session_trace_id_is_on_every_line_of_its_messages(
    make_client: Callable[..., TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    api = make_client(log_level="DEBUG")  # every line a message causes, routing included
    headers = {**ADMIN, "X-Correlation-ID": "night-shift-session-1"}
    with api.websocket_connect("/ws/chat", headers=headers) as ws:
        first = ask(ws, "quais jobs abendaram hoje?")
        second = ask(ws, "por que o PAYROLL_01 abendou?")
    assert first["trace_id"] == second["trace_id"] == "night-shift-session-1"
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    caused = [r for r in records if "message_id" in r]
    assert len({r["message_id"] for r in caused}) == 2
    assert len(caused) >= 4
    assert all(r["trace_id"] == "night-shift-session-1" for r in caused)
    session = [r for r in records if r.get("event", "").startswith("chat_session_")]
    assert {r["trace_id"] for r in session} == {"night-shift-session-1"}


def test_without_a_session_id_each_message_is_its_own_trace(api: TestClient) -> None:
    """The chat page names no session: every answer carries its own id to quote."""
    with api.websocket_connect("/ws/chat", headers=ADMIN) as ws:
        first = ask(ws, "bom dia")
        second = ask(ws, "quais jobs abendaram hoje?")
    assert first["trace_id"] and second["trace_id"]
    assert first["trace_id"] != second["trace_id"]


def test_malformed_frames_get_errors_and_the_connection_stays(api: TestClient) -> None:
    with api.websocket_connect("/ws/chat", headers=ADMIN) as ws:
        ws.send_text("not json")
        assert ws.receive_json()["code"] == "malformed_frame"
        ws.send_json({"type": "dance"})
        assert ws.receive_json()["code"] == "malformed_frame"
        ws.send_json({"type": "message", "text": ""})
        error = ws.receive_json()
        assert error["type"] == "error" and error["code"] == "validation_error"
        assert error["trace_id"]
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_oversized_frame_closes_with_1009(make_client: Callable[..., TestClient]) -> None:
    api = make_client(chat_max_frame_bytes=2048)
    with api.websocket_connect("/ws/chat", headers=ADMIN) as ws:
        ws.send_text(json.dumps({"type": "message", "text": "x" * 4096}))
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1009


def test_unauthenticated_connect_closes_with_1008(api: TestClient) -> None:
    for path, headers in [
        ("/ws/chat", {}),
        ("/ws/chat?ticket=made-up", {}),
        ("/ws/chat", {"Authorization": "Basic YWRtaW46d3Jvbmc="}),
    ]:
        assert refusal_code(api, path, headers) == 1008


def test_a_ticket_works_once(api: TestClient) -> None:
    one = ticket(api)
    with api.websocket_connect(f"/ws/chat?ticket={one}") as ws:
        assert ask(ws, "oi")["type"] == "result"
    assert refusal_code(api, f"/ws/chat?ticket={one}") == 1008


def test_message_rate_limit(make_client: Callable[..., TestClient]) -> None:
    api = make_client(chat_messages_per_minute=2)
    with api.websocket_connect("/ws/chat", headers=ADMIN) as ws:
        assert ask(ws, "oi")["type"] == "result"
        assert ask(ws, "oi")["type"] == "result"
        limited = ask(ws, "oi")
        assert limited["type"] == "error" and limited["code"] == "rate_limited"
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_concurrent_sessions_per_user(make_client: Callable[..., TestClient]) -> None:
    api = make_client(chat_max_sessions_per_user=1)
    with api.websocket_connect("/ws/chat", headers=ADMIN) as first:
        assert refusal_code(api, "/ws/chat", ADMIN) == 1008
        assert ask(first, "oi")["type"] == "result"
    with api.websocket_connect("/ws/chat", headers=ADMIN) as again:
        assert ask(again, "oi")["type"] == "result"


def test_approval_frames_follow_the_request(api: TestClient) -> None:
    with api.websocket_connect("/ws/chat", headers=ADMIN) as ws:
        result = ask(ws, "reexecute o job PAYROLL_01 porque o arquivo chegou atrasado")
        assert result["approval"] is not None, result["answer"]
        approval_id = result["approval"]["id"]
        assert result["approval"]["status"] == "pending"
        decided = api.post(
            f"/api/v1/approvals/{approval_id}/approve", json={"comment": "ok"}, headers=ADMIN
        )
        assert decided.status_code == 200, decided.text
        seen = []
        while not seen or seen[-1] not in ("succeeded", "failed"):
            frame = ws.receive_json()
            assert frame["type"] == "approval" and frame["id"] == approval_id
            seen.append(frame["status"])
    assert seen[-1] == "succeeded"
    assert "approved" in seen or "executing" in seen
