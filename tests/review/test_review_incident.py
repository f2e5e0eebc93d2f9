"""An incident added from the review queue is what the diagnosis of that job finds next."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from resync.services import Services
from resync.tws.models import JobState
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


def test_an_incident_from_the_queue_is_found_when_the_job_fails_again(
    make_client: Callable[..., TestClient],
) -> None:
    """CRM_SYNC_05's user is still undefined on its agent: its rerun fails the same way,
    and the diagnosis of that new failure cites the incident the reviewer added."""
    api = make_client(hwa_sim_clock_speed=0, monitoring_enabled=False)
    question = "por que o CRM_SYNC_05 falhou?"
    first = api.post("/api/v1/chat", json={"text": question}, headers=ADMIN).json()
    assert "INC-4242" not in first["answer"]
    url = (
        f"/api/v1/conversations/{first['conversation_id']}/messages/{first['message_id']}/feedback"
    )
    body = {"rating": "down", "reason": "not_helpful", "comment": "o DBA já explicou isso"}
    assert api.post(url, json=body, headers=ADMIN).status_code == 200
    (item,) = api.get("/api/v1/review?kind=feedback", headers=ADMIN).json()["items"]
    log_part = next(p for p in first["parts"] if p["kind"] == "log")
    incident = {
        "job_name": "CRM_SYNC_05",
        "cause": 'O usuário "bcrm" não está definido no agente (conta removida na migração)',
        "fix": "Pedir ao time de identidade (chamado INC-4242) recriar o bcrm e reexecutar",
        "log_lines": [line for line in log_part["lines"] if "not defined" in line][:3],
    }
    resolved = api.post(
        f"/api/v1/review/{item['id']}/resolve",
        headers=ADMIN,
        json={"action": "incident", "incident": incident},
    )
    assert resolved.status_code == 200, resolved.text

    services: Services = api.app.state.services  # type: ignore[attr-defined]
    assert api.portal is not None and services.simulator is not None
    engine = services.simulator.state.simulator.engine
    (failed,) = [j for j in api.portal.call(services.tws.find_jobs, "CRM_SYNC_05")]
    api.portal.call(services.tws.rerun, failed.id)  # the engine's own rerun, as HWA's UI does
    for _ in range(60):
        engine.clock.advance(300)
        engine.sync()
        services.tws.cache.invalidate()
        runs = api.portal.call(services.tws.find_jobs, "CRM_SYNC_05")
        latest = max(runs, key=lambda j: j.rerun_count)
        if latest.rerun_count == 1 and latest.state is JobState.FAIL:
            break
    else:
        raise AssertionError("the rerun of CRM_SYNC_05 did not fail again")
    again = api.post("/api/v1/chat", json={"text": question}, headers=ADMIN).json()
    assert "INC-4242" in again["answer"], again["answer"]
    assert latest.id in str(again["parts"]) or "Reexecutado" in again["answer"]
