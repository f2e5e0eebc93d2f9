"""Two public third-party clients, call by call: a Webex chat bot and a Centreon plugin.

The bot queries jobs and prints ``jobDefinition.jobDefinitionInPlanKey.
workstationInPlanKey.name`` and a start time parsed with ``%S.%fZ``; it looks a job
stream up with ``GET model/jobstream?key=`` (reading ``header.id``) and asks
``rc-evaluation`` for the days it runs. The plugin queries plan workstations by name
pattern or by node name, sending its own ``Authorization`` and ``How-Many`` headers,
and reads ``ssmRunning`` and ``workstationInPlanKey.name``.
"""

from __future__ import annotations

import base64

import httpx

from tests.tws.conformance.calls import AUTH, v1_time
from tests.tws.conftest import SimServer


def test_the_chat_bot_lists_loaded_jobs(sim_server: SimServer) -> None:
    with httpx.Client(base_url=sim_server.url, auth=AUTH, timeout=10) as http:
        jobs = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobName": "PAYROLL_01"}}},
            headers={"How-Many": "500", "Accept": "application/json"},
        )
        jobs.raise_for_status()
        lines = [
            js["jobDefinition"]["jobDefinitionInPlanKey"]["workstationInPlanKey"]["name"]
            + "#"
            + js["jobStreamInPlan"]["name"]
            + "."
            + js["name"]
            + " State: "
            + js["status"]["internalStatus"]
            + " Start: "
            + v1_time(js["jobStreamInPlan"]["startTime"]).strftime("%H:%M on %Y-%m-%d")
            for js in jobs.json()
        ]
        assert len(lines) == 1 and lines[0].startswith("FTA01#JS_PAYROLL.PAYROLL_01 State: ABEND")


def test_the_chat_bot_asks_which_days_a_job_stream_runs(sim_server: SimServer) -> None:
    with httpx.Client(base_url=sim_server.url, auth=AUTH, timeout=10) as http:
        found = http.get(
            "/model/jobstream", params={"key": "JS_PAYROLL"}, headers={"Accept": "application/json"}
        )
        found.raise_for_status()
        streams = found.json()
        streams = [streams] if isinstance(streams, dict) else streams
        js_id = streams[0]["header"]["id"]
        evaluation = http.get(
            f"/model/jobstream/{js_id}/rc-evaluation",
            params={"from": "2026-03-10", "to": "2026-03-12"},
            headers={"Accept": "application/json"},
        )
        evaluation.raise_for_status()
        selected = [e["date"] for e in evaluation.json()["results"] if "SELECTED" in e["type"]]
        assert selected == ["2026-03-10", "2026-03-11", "2026-03-12"]
        backwards = http.get(
            f"/model/jobstream/{js_id}/rc-evaluation",
            params={"from": "2026-03-12", "to": "2026-03-10"},
        )
        assert backwards.status_code == 400 and backwards.json()["exceptionName"]


def plugin_query(server: SimServer, query: dict[str, object], last: int = 100) -> httpx.Response:
    token = base64.b64encode(b"wauser:wapassword").decode()
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": "Python script",
        "How-Many": str(last),
        "Authorization": f"Basic {token}",
    }
    return httpx.post(f"{server.url}/plan/current/workstation/query", json=query, headers=headers)


def running(answer: httpx.Response) -> dict[str, bool]:
    assert answer.status_code == 200, answer.text
    return {w["workstationInPlanKey"]["name"]: w["ssmRunning"] for w in answer.json()}


def test_the_monitoring_plugin_checks_agents_by_name_and_by_node(sim_server: SimServer) -> None:
    by_name = running(
        plugin_query(
            sim_server, {"filters": {"workstationInPlanFilter": {"workstationName": "AGT_LNX*"}}}
        )
    )
    assert by_name == {"AGT_LNX01": True, "AGT_LNX02": False}  # AGT_LNX02 is unlinked
    agents = plugin_query(
        sim_server, {"filters": {"workstationInPlanFilter": {"workstationName": "AGT_LNX01"}}}
    ).json()
    node = agents[0]["nodeName"]
    assert running(
        plugin_query(sim_server, {"filters": {"workstationInPlanFilter": {"nodeName": node}}})
    ) == {"AGT_LNX01": True}
    nowhere = plugin_query(
        sim_server, {"filters": {"workstationInPlanFilter": {"nodeName": "no-such-host"}}}
    )
    assert running(nowhere) == {}
    assert len(plugin_query(sim_server, {"filters": {}}, last=3).json()) == 3
    typo = plugin_query(sim_server, {"filters": {"workstationInPlanFilter": {"hostName": "x"}}})
    assert typo.status_code == 400 and typo.json()["exceptionName"]


def plugin_headers(last: int = 100) -> dict[str, str]:
    token = base64.b64encode(b"wauser:wapassword").decode()
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": "Python script",
        "How-Many": str(last),
        "Authorization": f"Basic {token}",
    }


def test_the_monitoring_plugin_checks_job_streams(sim_server: SimServer) -> None:
    failed_common, failed_internal = ("ERROR", "BLOCKED", "UNDEFIDED"), ("ABEND", "STUCK")
    query = {"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_P*"}}}
    answer = httpx.post(
        f"{sim_server.url}/plan/current/jobstream/query", json=query, headers=plugin_headers()
    )
    assert answer.status_code == 200
    failed = [
        f"{js['key']['workstationKey']['originalName']}#{js['key']['name']}"
        f"({js['status']['commonStatus']})"
        for js in answer.json()
        if js["status"]["commonStatus"] in failed_common
        or js["status"]["internalStatus"] in failed_internal
    ]
    assert "MDM#JS_PAYROLL(BLOCKED)" in failed


def test_the_monitoring_plugin_checks_the_engine(sim_server: SimServer) -> None:
    answer = httpx.get(f"{sim_server.url}/engine/info", headers=plugin_headers())
    assert answer.status_code == 200
    info = answer.json()
    assert info["synphonyBatchManStatus"] == "ENGINE_STATUS_LIVES"
    assert info["version"] and info["engineType"]
    start, end = info["synphonyPlanStart"].split("T")[0], info["synphonyPlanEnd"].split("T")[0]
    assert start <= "2026-03-10" <= end
