"""WorkloadAutomation/TWS_REST_API_Python_samples, call by call (``waconn`` headers)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.tws.conformance.calls import WACONN, client, v1_time
from tests.tws.conftest import SimServer


def test_add_job(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        body = {
            "header": {
                "jobDefinitionKey": {"name": "REST_ADDED", "workstationName": "AGT01"},
                "description": "Added by REST API.",
                "taskType": "UNIX",
                "userLogin": "wauser",
            },
            "taskString": "/bin/true",
            "recoveryOption": "STOP",
        }
        answer = http.post("/model/jobdefinition", json=body, headers=WACONN)
        assert answer.status_code == 201 and answer.json()["id"]
        again = http.post("/model/jobdefinition", json=body, headers=WACONN)
        assert again.status_code == 409 and again.json()["messages"]


def test_pool_adds_and_removes_a_member(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        found = http.post(
            "/model/workstation/header/query",
            json={"filters": {"workstationFilter": {"workstationName": "POOL@"}}},
            headers={**WACONN, "How-Many": "500"},
        ).json()
        pools = [w for w in found if w["type"] == "POOL"]
        assert [w["name"] for w in pools] == ["POOL_LNX"]
        wks = http.get(f"/model/workstation/{pools[0]['id']}", headers=WACONN).json()
        agents = wks.get("agentLinks", [])
        assert {a["workstationName"] for a in agents} == {"AGT_LNX01", "AGT01"}
        wks["agentLinks"] = [*agents, {"workstationName": "AGT_LNX02"}]
        assert http.put(f"/model/workstation/{wks['id']}", json=wks, headers=WACONN).is_success
        wks = http.get(f"/model/workstation/{pools[0]['id']}", headers=WACONN).json()
        wks["agentLinks"] = [a for a in wks["agentLinks"] if a["workstationName"] != "AGT01"]
        assert http.put(f"/model/workstation/{wks['id']}", json=wks, headers=WACONN).is_success
        final = http.get(f"/model/workstation/{pools[0]['id']}", headers=WACONN).json()
        assert [a["workstationName"] for a in final["agentLinks"]] == ["AGT_LNX01", "AGT_LNX02"]


def test_query_js_prints_workstation_name_and_start(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        streams = http.post(
            "/plan/current/jobstream/query",
            json={"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_PAY@"}}},
            headers={**WACONN, "How-Many": "500"},
        ).json()
        [js] = streams
        line = js["key"]["workstationKey"]["name"] + "#" + js["key"]["name"]
        assert line == "MDM#JS_PAYROLL" and v1_time(js["key"]["startTime"])


def test_re_run_by_composed_id(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        query = {"filters": {"jobInPlanFilter": {"jobName": "LOAD_FILES"}}}
        job = http.post("/plan/current/job/query", json=query, headers=WACONN).json()[0]
        workstation, stream_id, name = job["id"].split(";")
        url = f"/plan/current/job/{workstation}%3B{stream_id}%3B{name}/action/rerun"
        assert http.put(url, json={}, headers=WACONN).status_code == 202


def test_rerun_by_query_with_and_without_sched_time(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        wanted = {
            "jobStreamName": "JS_PAYROLL",
            "jobName": "PAYROLL_01",
            "workstationName": "MDM",
            "lastInRerunChain": True,
        }
        found = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": wanted}},
            headers={**WACONN, "How-Many": "10"},
        ).json()
        [job] = found
        stream = job["jobStreamInPlan"]
        assert stream["workstationKey"]["name"] == "MDM" and stream["name"] == "JS_PAYROLL"
        assert v1_time(stream["startTime"]) and job["name"] == "PAYROLL_01"
        answer = http.put(f"/plan/current/job/{job['id']}/action/rerun", json={}, headers=WACONN)
        assert answer.status_code == 202
        with_time = {**wanted, "inputArrivalTime": stream["startTime"]}
        again = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": with_time}},
            headers={**WACONN, "How-Many": "10"},
        ).json()
        assert [j["id"] for j in again] == [job["id"] + ";1"]


def _job_definition_id(http: object, name: str, workstation: str) -> str:
    answer = http.post(  # type: ignore[attr-defined]
        "/model/jobdefinition/header/query",
        json={
            "filters": {
                "jobDefinitionFilter": {"jobDefinitionName": name, "workstationName": workstation}
            }
        },
        headers={**WACONN, "How-Many": "1"},
    )
    [definition] = answer.json()
    return str(definition["id"])


def test_submit_job_into_a_job_stream_in_plan(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        job_id = _job_definition_id(http, "DAILY_02", "AGT01")
        query = {"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_DAILY"}}}
        stream = http.post("/plan/current/jobstream/query", json=query, headers=WACONN).json()[0]
        workstation, internal = stream["id"].split(";")
        url = f"/plan/current/jobstream/{workstation}%3B{internal}/action/submit_job"
        instance = http.post(
            url, json={"jobDefinitionId": job_id, "alias": "DAILY_02_AGAIN"}, headers=WACONN
        )
        assert instance.status_code == 200
        added = http.post(
            "/plan/current/job/action/submit_ad_hoc_job",
            json={"job": instance.json()},
            headers=WACONN,
        )
        assert added.status_code == 200
        new_id = added.json()["id"]
        jobs = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobName": "DAILY_02_AGAIN"}}},
            headers=WACONN,
        ).json()
        assert [j["id"] for j in jobs] == [new_id]
        assert jobs[0]["jobStreamInPlan"]["id"] == stream["id"]
        assert jobs[0]["jobDefinition"]["jobDefinitionInPlanKey"]["workstationInPlanKey"] == {
            "name": "AGT01"
        }


def _model_id(http: object, name: str, **extra: object) -> str:
    found = http.post(  # type: ignore[attr-defined]
        "/model/jobstream/header/query",
        json={
            "filters": {
                "jobstreamFilter": {"jobStreamName": name, "workstationName": "MDM", **extra}
            }
        },
        headers={**WACONN, "How-Many": "1"},
    ).json()
    assert len(found) == 1
    return str(found[0]["id"])


def test_submit_job_stream_with_a_naive_utcnow_and_no_alias(sim_server: SimServer) -> None:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat()  # what utcnow().isoformat() gives
    with client(sim_server) as http:
        model_id = _model_id(http, "JS_DAILY", validFrom=None, validTo=None)
        submitted = http.post(
            f"/plan/current/jobstream/{model_id}/action/submit_jobstream",
            json={"inputArrivalTime": now, "alias": None},
            headers=WACONN,
        )
        assert submitted.status_code == 200
        [stream_id] = submitted.json()
        streams = http.post(
            "/plan/current/jobstream/query",
            json={"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_DAILY"}}},
            headers=WACONN,
        ).json()
        mine = next(s for s in streams if s["id"] == stream_id)
        assert v1_time(mine["key"]["startTime"]) == datetime.fromisoformat(now).replace(
            microsecond=datetime.fromisoformat(now).microsecond // 1000 * 1000
        )


def test_submit_jobstream_with_variables_and_the_default_table(sim_server: SimServer) -> None:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat()
    with client(sim_server) as http:
        model_id = _model_id(http, "JS_PAYROLL", validIn=now)
        definition = http.get(f"/model/jobstream/{model_id}", headers=WACONN).json()
        assert "variableTableId" not in definition  # so the sample looks up the default one
        tables = http.post(
            "/model/variabletable/header/query",
            json={"filters": {"variableTableFilter": {"isDefaultTable": True}}},
            headers={**WACONN, "How-Many": "1"},
        ).json()
        submit = {
            "inputArrivalTime": now,
            "variableTable": [{"key": "RUN_MODE", "value": "full"}],
            "variableTableId": tables[0]["id"],
            "alias": "JS_PAYROLL_VARS",
        }
        answer = http.post(
            f"/plan/current/jobstream/{model_id}/action/submit_jobstream",
            json=submit,
            headers=WACONN,
        )
        assert answer.status_code == 200 and len(answer.json()) == 1
        bad = {**submit, "variableTableId": "NO_SUCH_TABLE"}
        refused = http.post(
            f"/plan/current/jobstream/{model_id}/action/submit_jobstream", json=bad, headers=WACONN
        )
        assert refused.status_code == 404 and refused.json()["exceptionName"]


def test_switchmgr(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        domains = http.post(
            "/plan/current/domain/query",
            json={"filters": {"domainInPlanFilter": {"domainName": "MASTERDM"}}},
            headers={**WACONN, "How-Many": "1"},
        ).json()
        domain_id = domains[0]["id"]
        wks = http.post(
            "/plan/current/workstation/query",
            json={"filters": {"workstationInPlanFilter": {"workstationName": "BKM"}}},
            headers={**WACONN, "How-Many": "1"},
        ).json()
        ws_id = wks[0]["id"]
        url = f"/plan/current/domain/{domain_id}/action/switch_domain_workstation"
        assert http.put(url, content=ws_id, headers=WACONN).is_success  # raw text body
        after = http.post(
            "/plan/current/workstation/query",
            json={"filters": {"workstationInPlanFilter": {"workstationName": "BKM"}}},
            headers=WACONN,
        ).json()
        assert after[0]["manager"] is True
