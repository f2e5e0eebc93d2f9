"""Finding 2: a conversation is only ever written by its owner."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic


def test_deleting_someone_elses_conversation_leaves_its_messages(api: TestClient) -> None:
    add_user(api, "mallory", "admin", "mallory-pass-1")
    mallory = basic("mallory", "mallory-pass-1")
    mine = api.post("/api/v1/chat", json={"text": "bom dia"}, headers=ADMIN).json()
    path = f"/api/v1/conversations/{mine['conversation_id']}"

    assert api.delete(path, headers=mallory).status_code == 404

    messages = api.get(f"{path}/messages", headers=ADMIN)
    assert messages.status_code == 200
    assert [m["role"] for m in messages.json()] == ["user", "assistant"]


def test_posting_into_someone_elses_conversation_is_404(api: TestClient) -> None:
    add_user(api, "mallory", "viewer", "mallory-pass-1")
    mallory = basic("mallory", "mallory-pass-1")
    mine = api.post("/api/v1/chat", json={"text": "bom dia"}, headers=ADMIN).json()
    intrusion = api.post(
        "/api/v1/chat",
        json={"text": "olá", "conversation_id": mine["conversation_id"]},
        headers=mallory,
    )
    assert intrusion.status_code == 404
    path = f"/api/v1/conversations/{mine['conversation_id']}/messages"
    assert len(api.get(path, headers=ADMIN).json()) == 2
