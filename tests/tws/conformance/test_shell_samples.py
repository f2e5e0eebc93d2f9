"""WorkloadAutomation/TWS_REST_API_Shell_script_samples, call by call (curl's requests).

The scripts build bodies by string concatenation, cut ids out of the answer's text
(``cut -d'"' -f4``) and detect a failure only by ``exceptionName`` in the body.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.tws.conformance.calls import JSON, client
from tests.tws.conftest import SimServer


def cut_field_4(text: str) -> str:
    parts = text.split('"')
    return parts[3] if len(parts) > 3 else ""


def test_add_job(sim_server: SimServer) -> None:
    body = (
        '{"header": {"jobDefinitionKey": {"name": "SH_JOB","workstationName":"FTA01"},'
        '"description": "Added by REST API.","taskType": "UNIX","userLogin": "wauser"},'
        '"taskString": "ls -l /tmp","recoveryOption": "STOP"}'
    )
    with client(sim_server) as http:
        answer = http.post("/model/jobdefinition", content=body, headers=JSON)
        assert answer.status_code == 201 and "exceptionName" not in answer.text


def test_job_rerun(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        query = {"filters": {"jobInPlanFilter": {"jobName": "PAYROLL_01"}}}
        workstation, js_id, name = (
            http.post("/plan/current/job/query", json=query, headers=JSON)
            .json()[0]["id"]
            .split(";")
        )
        url = f"/plan/current/job/{workstation}%3B{js_id}%3B{name}/action/rerun"
        answer = http.put(url, content="{}", headers=JSON)
        assert answer.status_code == 202 and "exceptionName" not in answer.text
        again = http.put(url, content="{}", headers=JSON)  # no longer last in its chain
        assert again.status_code == 409 and "exceptionName" in again.text


def test_job_stream_submit(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        first = http.post(
            "/model/jobstream/header/query",
            content='{"filters": { "jobstreamFilter": { "jobStreamName":"JS_DAILY",'
            '"workstationName": "MDM"}}}',
            headers={**JSON, "How-Many": "1"},
        ).text
        model_id = cut_field_4(first)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"  # date +%FT%T.%3NZ
        answer = http.post(
            f"/plan/current/jobstream/{model_id}/action/submit_jobstream",
            content='{"inputArrivalTime": "' + now + '" , "alias":"JS_DAILY_SH"}',
            headers=JSON,
        )
        assert answer.status_code == 200 and "exceptionName" not in answer.text
        unknown = http.post(
            "/plan/current/jobstream/NOPE/action/submit_jobstream",
            content='{"inputArrivalTime": "' + now + '" }',
            headers=JSON,
        )
        assert unknown.status_code == 404 and "exceptionName" in unknown.text


def test_job_submit(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        first = http.post(
            "/model/jobdefinition/header/query",
            content='{ "filters": {"jobDefinitionFilter":{"jobDefinitionName": "DAILY_03",'
            '"workstationName": "AGT01"}}}',
            headers={**JSON, "How-Many": "1"},
        ).text
        definition_id = cut_field_4(first)
        assert definition_id
        query = {"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_DAILY"}}}
        stream = http.post("/plan/current/jobstream/query", json=query, headers=JSON).json()[0]
        workstation, js_id = stream["id"].split(";")
        second = http.post(
            f"/plan/current/jobstream/{workstation}%3B{js_id}/action/submit_job",
            content='{"jobDefinitionId": "' + definition_id + '", "alias": "SH_ALIAS"}',
            headers=JSON,
        ).text
        assert "exceptionName" not in second
        third = http.post(
            "/plan/current/job/action/submit_ad_hoc_job",
            content='{"job": ' + second + "}",
            headers=JSON,
        )
        assert third.status_code == 200 and third.json()["name"] == "SH_ALIAS"
        wrong_stream = http.post(
            f"/plan/current/jobstream/{workstation}%3B0AAAAAAAAAAAZZZZ/action/submit_job",
            content='{"jobDefinitionId": "' + definition_id + '", "alias": "SH_ALIAS2"}',
            headers=JSON,
        ).text
        assert "exceptionName" in wrong_stream  # the script stops here, as it should


def test_every_error_body_names_its_exception(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        answers = [
            http.delete("/plan/current/job/query", headers=JSON),  # 405
            http.get("/plan/current/job/MDM%3B0AAAAAAAAAAAZZZZ%3BNOPE/joblog", headers=JSON),
            http.get("/model/jobstream/NOPE", headers=JSON),
            http.get("/api/v2/plan/job", params={"plan": "yesterday"}),
            http.put("/api/v2/plan/job/action/explode", params={"oql": "name = 'X'"}),
            http.put("/api/v2/plan/job/action/hold", json={}),  # bulk action without oql
            http.get("/api/v2/plan/jobstream/MDM%3BNOPE"),
            http.post("/plan/current/job/query", content="{not json", headers=JSON),
            http.post(
                "/plan/current/workstation/query",
                json={"filters": {"workstationInPlanFilter": {"hostName": "x"}}},
                headers=JSON,
            ),
        ]
        statuses = [a.status_code for a in answers]
        assert statuses == [405, 404, 404, 400, 404, 400, 404, 400, 400]
        assert all(a.json()["exceptionName"] and a.json()["messages"] for a in answers)
