"""Chat over REST: answers through the real router, persisted conversations, ownership."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic


def test_answer_is_stored_with_its_routing_metadata(api: TestClient) -> None:
    reply = api.post("/api/v1/chat", json={"text": "status do PAYROLL_01"}, headers=ADMIN)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["intent"] == "status" and body["routing_mode"] == "agentic"
    assert "PAYROLL_01" in body["answer"]
    conversation = body["conversation_id"]

    listed = api.get("/api/v1/conversations", headers=ADMIN).json()
    assert [c["id"] for c in listed] == [conversation]
    assert listed[0]["message_count"] == 2 and listed[0]["title"] == "status do PAYROLL_01"

    messages = api.get(f"/api/v1/conversations/{conversation}/messages", headers=ADMIN).json()
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[1]["result"]["intent"] == "status"
    assert messages[1]["id"] == body["message_id"]


def test_follow_up_uses_the_conversation_context(api: TestClient) -> None:
    first = api.post("/api/v1/chat", json={"text": "status do PAYROLL_01"}, headers=ADMIN).json()
    follow = api.post(
        "/api/v1/chat",
        json={"text": "e o log dele?", "conversation_id": first["conversation_id"]},
        headers=ADMIN,
    ).json()
    assert follow["entities"].get("job_name") == ["PAYROLL_01"]
    assert "PAYROLL_01" in follow["answer"]


def test_conversations_are_private_and_deletable(api: TestClient) -> None:
    add_user(api, "olga", "operator", "operator-pass-1")
    olga = basic("olga", "operator-pass-1")
    mine = api.post("/api/v1/chat", json={"text": "bom dia"}, headers=ADMIN).json()
    path = f"/api/v1/conversations/{mine['conversation_id']}"
    assert api.get(f"{path}/messages", headers=olga).status_code == 404
    assert api.delete(path, headers=olga).status_code == 404
    assert api.get("/api/v1/conversations", headers=olga).json() == []
    assert api.delete(path, headers=ADMIN).status_code == 204
    assert api.get(f"{path}/messages", headers=ADMIN).status_code == 404


def test_bad_requests_get_clear_errors(api: TestClient) -> None:
    assert api.post("/api/v1/chat", json={"text": "oi"}).status_code == 401
    empty = api.post("/api/v1/chat", json={"text": ""}, headers=ADMIN)
    assert empty.status_code == 422 and empty.json()["error"] == "validation_error"
    unknown = api.post(
        "/api/v1/chat", json={"text": "oi", "conversation_id": "nope"}, headers=ADMIN
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "conversation_not_found"


def test_rest_messages_are_rate_limited(make_client) -> None:  # type: ignore[no-untyped-def]
    api = make_client(chat_messages_per_minute=2)
    for _ in range(2):
        assert api.post("/api/v1/chat", json={"text": "oi"}, headers=ADMIN).status_code == 200
    limited = api.post("/api/v1/chat", json={"text": "oi"}, headers=ADMIN)
    assert limited.status_code == 429
    assert limited.json()["error"] == "rate_limited"
    assert int(limited.headers["retry-after"]) >= 1
