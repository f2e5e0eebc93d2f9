"""The request sequences of HCL's public sample clients work against the simulator.

They speak v1 over plain HTTP: a job query with ``jobInPlanFilter`` and ``How-Many``,
then ``PUT .../action/rerun`` with ``{}`` for each job found; job streams are submitted
by looking up the model id first.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.tws.conftest import SimServer

HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json",
    "Request-Id": "9f0c3c1e-2a8e-4d53-b4a4-3f0e1f2b7c11",
}


def sample_client(server: SimServer) -> httpx.Client:
    return httpx.Client(base_url=server.url, auth=("wauser", "wapassword"), timeout=10)


def test_query_then_rerun_like_the_python_sample(sim_server: SimServer) -> None:
    with sample_client(sim_server) as http:
        query = {
            "filters": {
                "jobInPlanFilter": {
                    "jobStreamName": "JS_PAYROLL",
                    "jobName": "PAYROLL_01",
                    "workstationName": "MDM",
                    "lastInRerunChain": True,
                }
            }
        }
        found = http.post(
            "/plan/current/job/query", json=query, headers={**HEADERS, "How-Many": "10"}
        ).json()
        assert len(found) == 1
        job = found[0]
        assert job["jobStreamInPlan"]["workstationKey"]["name"] == "MDM"
        assert job["jobStreamInPlan"]["name"] == "JS_PAYROLL" and job["name"] == "PAYROLL_01"
        assert job["jobStreamInPlan"]["startTime"] and job["status"]["internalStatus"] == "ABEND"
        rerun = http.put(f"/plan/current/job/{job['id']}/action/rerun", json={}, headers=HEADERS)
        assert rerun.status_code == 202
        again = http.post(
            "/plan/current/job/query", json=query, headers={**HEADERS, "How-Many": "10"}
        ).json()
        assert [j["id"] for j in again] == [job["id"] + ";1"]
        assert again[0]["status"]["internalStatus"] == "EXEC"
        arrival = {
            "filters": {
                "jobInPlanFilter": {
                    "jobName": "PAYROLL_01",
                    "inputArrivalTime": job["jobStreamInPlan"]["startTime"],
                }
            }
        }
        assert len(http.post("/plan/current/job/query", json=arrival, headers=HEADERS).json()) == 2


def test_the_php_sample_percent_encodes_the_id_and_sends_an_odd_body(sim_server: SimServer) -> None:
    with sample_client(sim_server) as http:
        query = {"filters": {"jobInPlanFilter": {"jobName": "LOAD_FILES"}}}
        job = http.post("/plan/current/job/query", json=query, headers=HEADERS).json()[0]
        workstation, stream_id, name = job["id"].split(";")
        url = f"/plan/current/job/{workstation}%3B{stream_id}%3B{name}/action/rerun"
        assert http.put(url, content=b'{"":""}', headers=HEADERS).status_code == 202


def test_rerun_without_json_content_type_is_415(sim_server: SimServer) -> None:
    with sample_client(sim_server) as http:
        query = {"filters": {"jobInPlanFilter": {"jobName": "PAYROLL_01"}}}
        job = http.post("/plan/current/job/query", json=query, headers=HEADERS).json()[0]
        answer = http.put(f"/plan/current/job/{job['id']}/action/rerun", content=b"{}")
        assert answer.status_code == 415 and answer.json()["messages"]


def test_errors_are_json_with_messages(sim_server: SimServer) -> None:
    with httpx.Client(base_url=sim_server.url, timeout=10) as anonymous:
        denied = anonymous.post("/plan/current/job/query", json={}, headers=HEADERS)
        assert denied.status_code == 401 and denied.json()["messages"]
    with sample_client(sim_server) as http:
        missing = http.get("/plan/current/job/MDM%3B0AAAAAAAAAAAZZZZ%3BNOPE/joblog")
        assert missing.status_code == 404 and missing.json()["messages"]
        nowhere = http.get("/plan/current/nothing-here")
        assert nowhere.status_code == 404 and nowhere.json()["messages"]


def test_job_log_stream_and_workstation_queries(sim_server: SimServer) -> None:
    with sample_client(sim_server) as http:
        query = {"filters": {"jobInPlanFilter": {"jobName": "PAYROLL_01"}}}
        job = http.post("/plan/current/job/query", json=query, headers=HEADERS).json()[0]
        log = http.get(f"/plan/current/job/{job['id']}/joblog", headers=HEADERS).json()["log"]
        assert "PAYROLL_01" in log and "Exit Status" in log
        streams = http.post(
            "/plan/current/jobstream/query",
            json={"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_PAY@"}}},
            headers={**HEADERS, "How-Many": "500"},
        ).json()
        assert [s["key"]["name"] for s in streams] == ["JS_PAYROLL"]
        assert (
            streams[0]["key"]["workstationKey"]["name"] == "MDM" and streams[0]["key"]["startTime"]
        )
        agents = http.post(
            "/plan/current/workstation/query",
            json={"filters": {"workstationInPlanFilter": {"workstationName": "AGT@"}}},
            headers=HEADERS,
        ).json()
        assert {"AGT01", "AGT_LNX01"} <= {w["name"] for w in agents}


def test_submit_a_job_stream_like_the_sample(sim_server: SimServer) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with sample_client(sim_server) as http:
        models = http.post(
            "/model/jobstream/header/query",
            json={
                "filters": {
                    "jobstreamFilter": {
                        "jobStreamName": "JS_DAILY",
                        "workstationName": "MDM",
                        "validIn": now,
                    }
                }
            },
            headers={**HEADERS, "How-Many": "1"},
        ).json()
        assert len(models) == 1
        model = http.get(f"/model/jobstream/{models[0]['id']}", headers=HEADERS).json()
        assert "LOAD_FILES" in model["jobs"]
        submitted = http.post(
            f"/plan/current/jobstream/{models[0]['id']}/action/submit_jobstream",
            json={"inputArrivalTime": now, "alias": "JS_DAILY_AGAIN"},
            headers=HEADERS,
        )
        assert submitted.status_code == 200
        [stream_id] = submitted.json()
        streams = http.post(
            "/plan/current/jobstream/query",
            json={"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_DAILY_AGAIN"}}},
            headers=HEADERS,
        ).json()
        assert [s["id"] for s in streams] == [stream_id]
