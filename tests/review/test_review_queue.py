"""The review queue: thumbs-down and doubtful answers, resolved into golden cases that
``resync eval intents`` reads, and incidents the diagnosis finds again."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN, add_user, basic
from tests.fixtures.processes import run_resync

OLGA = basic("olga", "olga-Secret-1234")


def _ask(api: TestClient, text: str, headers: dict[str, str] = ADMIN) -> dict:  # type: ignore[type-arg]
    response = api.post("/api/v1/chat", json={"text": text}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _down(api: TestClient, reply: dict, headers: dict[str, str] = ADMIN) -> None:  # type: ignore[type-arg]
    url = (
        f"/api/v1/conversations/{reply['conversation_id']}/messages/{reply['message_id']}/feedback"
    )
    body = {"rating": "down", "reason": "wrong_intent", "comment": "era sobre o plano"}
    assert api.post(url, json=body, headers=headers).status_code == 200


def _queue(api: TestClient, query: str = "") -> list[dict]:  # type: ignore[type-arg]
    response = api.get(f"/api/v1/review{query}", headers=ADMIN)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def test_thumbs_down_and_doubtful_answers_are_queued_newest_first(api: TestClient) -> None:
    add_user(api, "olga", "operator", "olga-Secret-1234")
    fine = _ask(api, "bom dia", OLGA)
    disliked = _ask(api, "bom dia, tudo bem?", OLGA)
    _down(api, disliked, OLGA)
    doubtful = _ask(api, "abacaxi", OLGA)  # the classifier does not know: unknown intent
    items = _queue(api)
    ids = [item["id"] for item in items]
    assert ids == [doubtful["message_id"], disliked["message_id"]]
    assert fine["message_id"] not in ids
    first, second = items
    assert first["doubts"] == ["unknown", "low_confidence"] and first["feedback"] is None
    assert first["text"] == "abacaxi" and first["answer"]
    assert first["decision"]["intent"] == "unknown" and first["decision"]["reasons"]
    assert second["feedback"]["rating"] == "down" and second["feedback"]["author"] == "olga"
    assert second["status"] == "open" and second["conversation_id"] == disliked["conversation_id"]
    assert [i["id"] for i in _queue(api, "?kind=feedback")] == [disliked["message_id"]]
    assert [i["id"] for i in _queue(api, "?kind=doubtful")] == [doubtful["message_id"]]
    detail = api.get(f"/api/v1/review/{disliked['message_id']}", headers=ADMIN).json()
    assert [m["role"] for m in detail["conversation"]] == ["user", "assistant"]
    assert api.get("/api/v1/review", headers=OLGA).status_code == 403


def test_a_golden_case_from_the_queue_is_read_by_resync_eval(
    api: TestClient, tmp_path: Path
) -> None:
    reply = _ask(api, "abacaxi")
    refused = api.post(
        f"/api/v1/review/{reply['message_id']}/resolve",
        headers=ADMIN,
        json={"action": "golden", "intent": "no_such_intent"},
    )
    assert refused.status_code == 422
    resolved = api.post(
        f"/api/v1/review/{reply['message_id']}/resolve",
        headers=ADMIN,
        json={"action": "golden", "intent": "general", "routing": "rag_only", "note": "fruta"},
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "golden"
    assert _queue(api) == []
    assert [i["id"] for i in _queue(api, "?status=golden")] == [reply["message_id"]]

    golden = api.get("/api/v1/review/golden.yaml", headers=ADMIN)
    assert golden.status_code == 200 and golden.headers["content-type"].startswith(
        "application/yaml"
    )
    cases = yaml.safe_load(golden.text)
    assert cases == [
        {
            "name": f"review_{reply['message_id']}",
            "input": "abacaxi",
            "expected": {"primary_intent": "general", "suggested_routing": "rag_only"},
        }
    ]
    path = tmp_path / "golden.yaml"
    path.write_text(golden.text, encoding="utf-8")
    run = run_resync("eval", "intents", str(path), "--json", env={})
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["cases"] == 1, run.stdout
    # The rules still say "unknown": the view shows the disagreement.
    accuracy = api.get("/api/v1/review/accuracy", headers=ADMIN).json()
    assert accuracy["cases"] == 1 and accuracy["intent_accuracy"] == 0.0
    assert accuracy["failures"][0]["predicted"] == "unknown"
    audit = api.get("/api/v1/audit?action=review.resolve", headers=ADMIN).json()
    assert audit[0]["detail"]["intent"] == {"old": "unknown", "new": "general"}


def test_other_resolutions(api: TestClient) -> None:
    reply = _ask(api, "abacaxi")
    url = f"/api/v1/review/{reply['message_id']}/resolve"
    gap = api.post(url, headers=ADMIN, json={"action": "knowledge_gap"})
    assert gap.status_code == 422  # a gap needs its note
    noted = api.post(url, headers=ADMIN, json={"action": "knowledge_gap", "note": "sem doc"})
    assert noted.json()["resolution"]["note"] == "sem doc"
    dismissed = api.post(url, headers=ADMIN, json={"action": "dismiss"})
    assert dismissed.json()["status"] == "dismiss"
    assert api.post(url, headers=ADMIN, json={"action": "incident"}).status_code == 422
    missing = api.post("/api/v1/review/nope/resolve", headers=ADMIN, json={"action": "dismiss"})
    assert missing.status_code == 404
