"""An incident added from the review queue is what the diagnosis of that job finds next."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fixtures.auth_clients import ADMIN

JOB = "BOLETO_30"
QUESTION = f"por que o {JOB} falhou?"
CAUSE = "java.lang.NullPointerException no leitor de remessas: arquivo de remessa sem header"
FIX = "Pedir ao banco o reenvio da remessa REM-7781 com o header e reexecutar o job"


def _ask(api: TestClient) -> dict:  # type: ignore[type-arg]
    response = api.post("/api/v1/chat", json={"text": QUESTION}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_an_incident_from_the_queue_is_found_by_the_next_diagnosis(api: TestClient) -> None:
    first = _ask(api)
    assert first["routing_mode"] == "diagnostic"
    assert "REM-7781" not in first["answer"]
    url = (
        f"/api/v1/conversations/{first['conversation_id']}/messages/{first['message_id']}/feedback"
    )
    body = {"rating": "down", "reason": "wrong_data", "comment": "já vimos isso antes"}
    assert api.post(url, json=body, headers=ADMIN).status_code == 200
    (item,) = api.get("/api/v1/review?kind=feedback", headers=ADMIN).json()["items"]

    # The failure's own log lines, as the first diagnosis showed them.
    log_part = next(p for p in first["parts"] if p["kind"] == "log")
    incident = {
        "job_name": JOB,
        "cause": CAUSE,
        "fix": FIX,
        "log_lines": [line for line in log_part["lines"] if "Exception" in line][:5],
    }
    resolved = api.post(
        f"/api/v1/review/{item['id']}/resolve",
        headers=ADMIN,
        json={"action": "incident", "incident": incident, "note": "caso conhecido"},
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["resolution"]["incident_id"] is not None

    again = _ask(api)
    assert "REM-7781" in again["answer"], again["answer"]
