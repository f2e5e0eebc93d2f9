"""The recent history a worker keeps in memory never hides what another worker stored."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN


def _ask(client: TestClient, text: str, conversation: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"text": text}
    if conversation:
        body["conversation_id"] = conversation
    reply = client.post("/api/v1/chat", json=body, headers=ADMIN)
    assert reply.status_code == 200, reply.text
    result: dict[str, object] = reply.json()
    return result


def test_follow_up_sees_a_turn_stored_by_another_worker(
    make_client: Callable[..., TestClient],
) -> None:
    first, second = make_client(), make_client()  # two workers, one database
    conversation = str(_ask(first, "status do PAYROLL_01")["conversation_id"])
    follow = _ask(first, "e o log dele?", conversation)  # first now remembers 4 messages
    assert follow["entities"]["job_name"] == ["PAYROLL_01"]  # (+ the rerun it proposes)

    _ask(second, "status do BACKUP_02", conversation)
    latest = _ask(first, "e o log dele?", conversation)
    assert latest["entities"]["job_name"] == ["BACKUP_02"]

    messages = first.get(f"/api/v1/conversations/{conversation}/messages", headers=ADMIN)
    assert [m["role"] for m in messages.json()] == ["user", "assistant"] * 4


def test_a_deleted_conversation_takes_no_more_messages(api: TestClient) -> None:
    conversation = str(_ask(api, "status do PAYROLL_01")["conversation_id"])
    _ask(api, "e o log dele?", conversation)
    assert api.delete(f"/api/v1/conversations/{conversation}", headers=ADMIN).status_code == 204
    again = api.post(
        "/api/v1/chat",
        json={"text": "e o log dele?", "conversation_id": conversation},
        headers=ADMIN,
    )
    assert again.status_code == 404
    assert again.json()["error"] == "conversation_not_found"


def test_a_justification_answered_on_another_worker_completes_the_request(
    make_client: Callable[..., TestClient],
) -> None:
    first, second = make_client(), make_client()  # the question is read back from the database
    asked = _ask(first, "reexecute o PAYROLL_01")
    assert "qual a justificativa?" in str(asked["answer"]) and asked["approval"] is None
    conversation = str(asked["conversation_id"])
    answered = _ask(second, "o arquivo de entrada chegou atrasado", conversation)
    approval = answered["approval"]
    assert isinstance(approval, dict)
    assert approval["status"] == "pending" and approval["target"] == "MDM#JS_PAYROLL.PAYROLL_01"
    assert approval["justification"] == "o arquivo de entrada chegou atrasado"
    assert approval["conversation_id"] == conversation
