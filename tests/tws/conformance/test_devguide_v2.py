"""The Developer's Guide's v2 examples (10.2.x REST API pages): request → response shape.

Each test follows one page's procedure: the OQL it writes, the body it sends (often
none, and then no Content-Type) and the fields its example payloads show.
"""

from __future__ import annotations

import uuid

import httpx

from tests.tws.conformance.calls import JSON, client
from tests.tws.conftest import SimServer

STREAM_KEYS = {"flowNodeType", "id", "planId", "folderId", "folder", "name", "workstationId"}
STATS_KEYS = {
    "numberOfDependencies",
    "numberOfJobDependencies",
    "numberOfJobStreamDependencies",
    "numberOfInternetworkDependencies",
    "numberOfPromptDependencies",
}


OTHER_STREAMS = "jobStreamName != 'JS_LEDGER_CLOSE'"


def one(http: httpx.Client, path: str, oql: str) -> dict:  # type: ignore[type-arg]
    answer = http.get(path, params={"oql": oql})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["count"] == len(body["results"]) == 1, body["count"]
    return body["results"][0]  # type: ignore[no-any-return]


def test_submit_a_job_stream_found_by_name_and_folder(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        model = one(
            http,
            "/api/v2/model/jobstream",
            "name = 'JS_DAILY' AND folder LIKE '/' ORDER BY name DESC",
        )
        assert model["kind"] == "JobStream" and model["key"] == "/MDM#/JS_DAILY"
        definition = model["def"]
        assert definition["folder"] == "/" and definition["workstation"] == "/MDM"
        assert definition["name"] == "JS_DAILY"
        assert uuids(definition["id"], definition["folderId"], definition["workstationId"])
        submitted = http.post(f"/api/v2/plan/jobstream/{definition['id']}/submit")  # no body
        assert submitted.status_code == 200, submitted.text
        new_id = submitted.json()["results"][0]["id"]
        streams = http.get("/api/v2/plan/jobstream", params={"oql": "name = 'JS_DAILY'"}).json()
        assert new_id in {s["id"] for s in streams["results"]}


def test_a_job_stream_in_plan_has_the_documented_keys(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        stream = one(http, "/api/v2/plan/jobstream", "name = 'JS_PAYROLL'")
        assert set(stream) >= STREAM_KEYS and stream["flowNodeType"] == "JOBSTREAM"
        assert stream["workstation"] == "/MDM" and stream["folder"] == "/"
        assert isinstance(stream["dependencies"], list)
        assert set(stream["dependenciesStats"]) >= STATS_KEYS


def test_release_and_remove_job_stream_dependencies(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        ledger = one(http, "/api/v2/plan/jobstream", "name = 'JS_LEDGER_CLOSE'")
        archive = one(http, "/api/v2/plan/jobstream", "name = 'JS_ARCHIVE'")
        path = f"/api/v2/plan/jobstream/{archive['id']}/action"
        added = http.post(
            f"{path}/add-dependencies",
            json={
                "dependencies": [
                    {"dependencyType": "EXTERNAL_JOBSTREAM", "jobStreamId": ledger["id"]}
                ]
            },
        )
        assert added.status_code == 200, added.text
        archive = one(http, "/api/v2/plan/jobstream", "name = 'JS_ARCHIVE'")
        [dep] = archive["dependencies"]
        assert dep["dependencyType"] == "EXTERNAL_JOBSTREAM" and dep["jobStreamId"] == ledger["id"]
        assert dep["jobStreamName"] == "JS_LEDGER_CLOSE" and dep["jobStreamWorkstation"] == "/MDM"
        assert dep["satisfied"] is False and dep["dependencyStatus"] == "UNDECIDED"
        assert archive["dependenciesStats"]["numberOfDependencies"] == 1
        successors = http.get(
            "/api/v2/plan/jobstream", params={"oql": f"dependencies.jobStreamId = '{ledger['id']}'"}
        ).json()
        assert [s["name"] for s in successors["results"]] == ["JS_ARCHIVE"]
        released = http.put(f"{path}/release-dependencies", json={"dependencies": [dep]})
        assert released.status_code == 200, released.text
        archive = one(http, "/api/v2/plan/jobstream", "name = 'JS_ARCHIVE'")
        assert archive["dependencies"][0]["satisfied"] is True
        removed = http.put(f"{path}/remove-dependencies", json={"dependencies": [dep]})
        assert removed.status_code == 200
        assert one(http, "/api/v2/plan/jobstream", "name = 'JS_ARCHIVE'")["dependencies"] == []
        unknown = http.put(f"{path}/remove-dependencies", json={"dependencies": [dep]})
        assert unknown.status_code == 404 and unknown.json()["exceptionName"]


def uuids(*values: str) -> bool:
    """The guide's ids: UUIDs (version 3, name-based, in its examples)."""
    return all(uuid.UUID(value).version == 3 for value in values)


def test_plan_ids_are_uuids_that_every_route_takes(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        job = one(http, "/api/v2/plan/job", "name = 'PAYROLL_02'")
        assert uuids(job["id"], job["planId"], job["folderId"], job["workstationId"])
        assert uuids(job["jobStreamId"]) and job["jobStreamWorkstation"] == "/MDM"
        [dep] = [d for d in job["dependencies"] if d["dependencyType"] == "INTERNAL_JOB"]
        assert uuids(dep["id"], dep["jobId"], dep["jobStreamId"]) and dep["jobId"] == dep["id"]
        assert http.get(f"/api/v2/plan/job/{job['id']}").json()["id"] == job["id"]
        assert one(http, "/api/v2/plan/job", f"id = '{dep['jobId']}'")["name"] == "PAYROLL_01"
        oql = f"dependencies.jobId = '{dep['jobId']}' AND jobStreamId = '{job['jobStreamId']}'"
        waiting = http.get("/api/v2/plan/job", params={"oql": oql}).json()["results"]
        assert job["id"] in {j["id"] for j in waiting}
        stream = http.get(f"/api/v2/plan/jobstream/{job['jobStreamId']}").json()
        assert stream["id"] == job["jobStreamId"] and stream["name"] == "JS_PAYROLL"
        before = http.get(f"/api/v2/plan/job/{job['id']}/predecessors").json()["results"]
        after = http.get(f"/api/v2/plan/job/{dep['jobId']}/successors").json()["results"]
        assert dep["jobId"] in {d.get("jobId") for d in before}
        assert job["id"] in {d["jobId"] for d in after}
        log = http.get("/api/v2/plan/job/joblog", params={"oql": f"id = '{dep['jobId']}'"})
        assert log.status_code == 200 and log.headers["X-Total-Lines"]
        rerun = http.put(f"/api/v2/plan/job/{dep['jobId']}/action/rerun").json()["results"][0]
        assert rerun["id"] == dep["jobId"] and uuids(rerun["newId"])
        assert http.get(f"/api/v2/plan/job/{rerun['newId']}").json()["rerunNumber"] == 1
        again = one(http, "/api/v2/plan/job", "name = 'PAYROLL_02'")
        assert again["id"] == job["id"]  # stable for the object's life
        [follows] = [d for d in again["dependencies"] if d["dependencyType"] == "INTERNAL_JOB"]
        assert follows["jobId"] == rerun["newId"]  # the last run of the chain


def test_prompt_and_ad_hoc_ids_are_plan_ids(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        [prompt] = http.get("/api/v2/plan/prompt").json()["results"][:1]
        assert uuids(prompt["id"], prompt["jobId"])
        assert http.get(f"/api/v2/plan/job/{prompt['jobId']}").json()["dependenciesStats"][
            "numberOfPromptDependencies"
        ]
        body = {"workstationKey": "AGT01", "task": {"UNIX": {"taskString": "ls"}}}
        made = http.post("/api/v2/plan/job/submit-ad-hoc-job", json=body).json()["results"][0]
        assert uuids(made["id"]) and http.get(f"/api/v2/plan/job/{made['id']}").status_code == 200


def test_v1_keeps_composite_ids_and_v2_refuses_them(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        [v1] = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobName": "PAYROLL_01"}}},
            headers=JSON,
        ).json()
        assert v1["id"].endswith(";PAYROLL_01") and v1["id"].startswith("MDM;")
        v2 = one(http, "/api/v2/plan/job", "name = 'PAYROLL_01'")
        assert v2["id"] != v1["id"] and v2["name"] == v1["name"]
        composite = v1["id"].replace(";", "%3B")
        assert http.get(f"/plan/current/job/{composite}/joblog").status_code == 200
        refused = http.get(f"/api/v2/plan/job/{composite}")
        assert refused.status_code == 404 and refused.json()["exceptionName"]
        stream = composite.rsplit("%3B", 1)[0]
        assert http.get(f"/api/v2/plan/jobstream/{stream}").status_code == 404
        assert http.get("/api/v2/plan/job", params={"oql": f"id = '{v1['id']}'"}).json() == {
            "count": 0,
            "results": [],
        }


def test_release_all_dependencies_without_a_body_or_content_type(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        stream = one(http, "/api/v2/plan/jobstream", "name = 'JS_STATEMENTS'")
        answer = http.put(f"/api/v2/plan/jobstream/{stream['id']}/action/release-all-dependencies")
        assert answer.status_code == 200, answer.text


def test_job_stream_predecessors_and_successor_jobs(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        ledger = one(http, "/api/v2/plan/jobstream", "name = 'JS_LEDGER_CLOSE'")
        jobs = http.get(
            "/api/v2/plan/job",
            params={"oql": f"dependencies.jobStreamId = '{ledger['id']}' AND {OTHER_STREAMS}"},
        ).json()["results"]
        [first] = jobs
        assert first["jobStreamName"] == "JS_EOD_BALANCE"
        [dep] = [d for d in first["dependencies"] if d["dependencyType"] == "EXTERNAL_JOB"]
        assert dep["jobStreamId"] == ledger["id"] and dep["jobStreamName"] == "JS_LEDGER_CLOSE"
        assert dep["jobStreamWorkstation"] == "/MDM" and dep["jobStreamSchedTime"].endswith("Z")
        assert dep["jobId"] == dep["id"] and dep["jobName"]


def test_submit_a_job_with_a_dependency(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        definition = one(
            http,
            "/api/v2/model/jobdefinition",
            "name = 'DAILY_02' AND folder LIKE '/' ORDER BY name DESC",
        )
        assert definition["kind"] == "JobDefinition" and definition["key"] == "/AGT01#/DAILY_02"
        assert uuids(definition["def"]["id"]) and definition["def"]["folder"] == "/"
        predecessor = one(http, "/api/v2/plan/job", "name = 'PAYROLL_01'")
        successor = one(http, "/api/v2/plan/job", "name = 'COLLECT_01'")
        added = http.post(
            f"/api/v2/plan/job/{successor['id']}/action/add-dependencies",
            json={"dependencies": [{"dependencyType": "EXTERNAL_JOB", "jobId": predecessor["id"]}]},
        )
        assert added.status_code == 200, added.text
        after = http.get(f"/api/v2/plan/job/{successor['id']}").json()
        [dep] = [d for d in after["dependencies"] if d.get("jobId") == predecessor["id"]]
        assert dep["dependencyType"] == "EXTERNAL_JOB" and dep["satisfied"] is False
        assert after["status"] == "HOLD"


def test_submit_an_ad_hoc_job(sim_server: SimServer) -> None:
    body = {
        "workstationKey": "AGT01",
        "task": {"UNIX": {"taskString": "ls", "isCommand": "true", "userName": "wauser"}},
    }
    with client(sim_server) as http:
        answer = http.post("/api/v2/plan/job/submit-ad-hoc-job", json=body)
        assert answer.status_code == 200, answer.text
        job_id = answer.json()["results"][0]["id"]
        jobs = http.get(
            "/api/v2/plan/job",
            params={"oql": "jobStreamName = 'JOBS' AND workstationName = 'AGT01'"},
        ).json()["results"]
        assert [j["id"] for j in jobs] == [job_id] and jobs[0]["taskString"] == "ls"
        empty = http.post("/api/v2/plan/job/submit-ad-hoc-job", json={"workstationKey": "AGT01"})
        assert empty.status_code == 400 and empty.json()["exceptionName"]


def test_documented_oql_lists_and_order(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        found = http.get(
            "/api/v2/plan/job", params={"oql": "status IN ['ABEND', 'FAIL'] ORDER BY name DESC"}
        ).json()["results"]
        names = [j["name"] for j in found]
        assert {"PAYROLL_01", "LOAD_FILES", "CRM_SYNC_05"} <= set(names)
        assert names == sorted(names, reverse=True)


def test_set_a_job_stream_in_draft(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        oql = "name = 'JS_HR_SYNC' AND folder LIKE '/' ORDER BY name DESC"
        payload = one(http, "/api/v2/model/jobstream", oql)
        model_id = payload["def"]["id"].upper()  # a UUID is taken in either case
        payload["def"]["options"] = [*payload["def"]["options"], "draft"]
        answer = http.put(f"/api/v2/model/jobstream/{model_id}", json=payload)
        assert answer.status_code == 200, answer.text
        assert one(http, "/api/v2/model/jobstream", oql)["def"]["options"] == ["draft"]
        refused = http.post(f"/api/v2/plan/jobstream/{model_id}/submit")
        assert refused.status_code == 409 and refused.json()["exceptionName"]


def test_set_a_workstation_fence(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        answer = http.post(
            "/api/v2/plan/workstation/action/update-fence",
            params={"oql": "name = 'AGT_WIN01'", "fence": 40},
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        workstation = one(http, "/api/v2/plan/workstation", "name = 'AGT_WIN01'")
        assert body == {
            "successfulResourceResponses": [{"id": workstation["id"], "error": False}],
            "failedResourceResponses": [],
        }
        assert workstation["fence"] == 40
        bad = http.post(
            "/api/v2/plan/workstation/action/update-fence",
            params={"oql": "name = 'AGT_WIN01'", "fence": 500},
        )
        assert bad.status_code == 400 and bad.json()["exceptionName"]


def test_create_a_job_definition_in_the_database(sim_server: SimServer) -> None:
    payload = {
        "kind": "JobDefinition",
        "def": {
            "folder": "/",
            "name": "JOB_TEST",
            "workstation": "/AGT_LNX01",
            "type": "UNIX",
            "task": {"unix": {"taskString": "ls", "userName": "twsuser", "isCommand": True}},
        },
    }
    with client(sim_server) as http:
        answer = http.post("/api/v2/model/jobdefinition", json=payload)
        assert answer.status_code == 201, answer.text
        created = one(http, "/api/v2/model/jobdefinition", "name = 'JOB_TEST'")
        assert created["def"]["id"] == answer.json()["id"] and uuids(created["def"]["id"])
        assert created["key"] == "/AGT_LNX01#/JOB_TEST" and created["def"]["taskString"] == "ls"
        again = http.post("/api/v2/model/jobdefinition", json=payload)
        assert again.status_code == 409 and again.json()["exceptionName"]
