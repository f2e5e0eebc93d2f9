"""With no RESYNC_HWA_URL the app embeds the simulator and the client reaches it in-process."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from resync.services import Services
from resync.tws.models import JobState


def test_health_reports_the_embedded_engine(client: TestClient) -> None:
    hwa = client.get("/health", auth=("admin", "resync-admin")).json()["components"]["hwa"]
    assert hwa["status"] == "ok"
    assert hwa["simulated"] is True and hwa["breaker"] == "closed"


def test_the_simulator_is_mounted_and_needs_credentials(client: TestClient) -> None:
    assert client.get("/twsd/api/v2/engine/info").status_code == 401
    answer = client.get(
        "/twsd/api/v2/plan/job",
        params={"oql": "status = 'ABEND'"},
        auth=("wauser", "wapassword"),
    )
    assert answer.status_code == 200 and answer.json()["count"] >= 5


def test_the_simulator_answers_behind_the_zos_connector_prefix(client: TestClient) -> None:
    body = {"filters": {"resourceInPlanFilter": {"resourceName": "TAPE@"}}}
    assert client.post("/twsz/v1/TWSZ/plan/current/resource/query", json=body).status_code == 401
    answer = client.post(
        "/twsz/v1/TWSZ/plan/current/resource/query", json=body, auth=("wauser", "wapassword")
    )
    assert [res["resourceInPlanKey"]["name"] for res in answer.json()] == ["TAPE_DRV"]


def test_client_reads_and_reruns_through_the_services(client: TestClient) -> None:
    services: Services = client.app.state.services  # type: ignore[attr-defined]

    async def scenario() -> None:
        abended = await services.tws.list_jobs(states=[JobState.ABEND])
        assert "PAYROLL_01" in {job.name for job in abended}
        payroll = (await services.tws.find_jobs("PAYROLL_01"))[0]
        assert payroll.state is JobState.ABEND and payroll.return_code == 12
        log = await services.tws.job_log(payroll.id)
        assert (
            re.search(r"AWS[A-Z]{3}\d{3}E", log.text) and "Exit Status           : 12" in log.text
        )
        result = await services.tws.rerun(payroll.id)
        newest = (await services.tws.find_jobs("PAYROLL_01"))[0]
        assert result.new_ids == [newest.id] and newest.id != payroll.id
        assert newest.chain_id == payroll.chain_id and newest.state is JobState.EXEC
        assert newest.rerun_count == 1 and newest.is_last_in_chain

    client.portal.call(scenario)  # type: ignore[union-attr]
