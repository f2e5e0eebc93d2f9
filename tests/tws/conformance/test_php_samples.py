"""WAdev0/PHP_TWS_REST_API_samples, call by call: each script checks an exact status."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tests.tws.conformance.calls import JSON, client
from tests.tws.conftest import SimServer


def test_add_job_answers_201(sim_server: SimServer) -> None:
    data = {
        "header": {
            "jobDefinitionKey": {"name": "PHP_JOB", "workstationName": "AGT_LNX01"},
            "description": "Added by REST API.",
            "taskType": "UNIX",
            "userLogin": "wauser",
        },
        "taskString": "echo hi",
        "recoveryOption": "STOP",
    }
    with client(sim_server) as http:
        answer = http.post("/model/jobdefinition", content=json.dumps(data), headers=JSON)
        assert answer.status_code == 201


def test_rerun_with_an_empty_key_body_answers_202(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        query = {"filters": {"jobInPlanFilter": {"jobName": "PIX_RECON_04"}}}
        ws, js, name = (
            http.post("/plan/current/job/query", json=query, headers=JSON)
            .json()[0]["id"]
            .split(";")
        )
        url = f"/plan/current/job/{ws}%3B{js}%3B{name}/action/rerun"
        assert http.put(url, content=json.dumps({"": ""}), headers=JSON).status_code == 202


def test_submit_job_answers_200_three_times(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        found = http.post(
            "/model/jobdefinition/header/query",
            content=json.dumps(
                {
                    "filters": {
                        "jobDefinitionFilter": {
                            "jobDefinitionName": "PAYROLL_05",
                            "workstationName": "FTA01",
                        }
                    }
                }
            ),
            headers={**JSON, "How-Many": "1"},
        )
        assert found.status_code == 200
        job_id = json.loads(found.text)[0]["id"]
        stream = http.post(
            "/plan/current/jobstream/query",
            json={"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_PAYROLL"}}},
            headers=JSON,
        ).json()[0]
        ws, js = stream["id"].split(";")
        made = http.post(
            f"/plan/current/jobstream/{ws}%3B{js}/action/submit_job",
            content=json.dumps({"jobDefinitionId": job_id, "alias": "PHP_ALIAS"}),
            headers=JSON,
        )
        assert made.status_code == 200
        added = http.post(
            "/plan/current/job/action/submit_ad_hoc_job",
            content=json.dumps({"job": json.loads(made.text)}),
            headers=JSON,
        )
        assert added.status_code == 200


def test_submit_job_stream_with_empty_validity_and_alias(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        filters = {
            "jobStreamName": "JS_DAILY",
            "workstationName": "MDM",
            "validFrom": "",
            "validTo": "",
        }
        found = http.post(
            "/model/jobstream/header/query",
            content=json.dumps({"filters": {"jobstreamFilter": filters}}),
            headers={**JSON, "How-Many": "1"},
        )
        assert found.status_code == 200
        js_id = json.loads(found.text)[0]["id"]
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        submitted = http.post(
            f"/plan/current/jobstream/{js_id}/action/submit_jobstream",
            content=json.dumps({"inputArrivalTime": now, "alias": ""}),
            headers=JSON,
        )
        assert submitted.status_code == 200 and len(submitted.json()) == 1
