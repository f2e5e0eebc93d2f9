"""WAdev0/TWSzOS_REST_API_Python_samples, call by call, through the z/OS connector prefix.

Their connection class sends every request to ``/twsz/v1/{engine}`` + the path, with
``Content-Type``/``Accept: application/json``, ``How-Many`` (500 unless the script sets
it; most set 100) and one ``Request-Id``, and Basic auth. A status other than 200, 201
or 202 makes the scripts fail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.tws.conformance.calls import AUTH, JSON, client
from tests.tws.conftest import SimServer

ENGINE = "TWSZ"  # the engine name the simulator's connector defines


def headers(how_many: str = "500") -> dict[str, str]:
    return {**JSON, "How-Many": how_many, "Request-Id": REQUEST_ID}


REQUEST_ID = str(uuid.uuid4())


def connector_url(server: SimServer, engine: str = ENGINE) -> str:
    return server.url.removesuffix("/twsd") + "/twsz/v1/" + engine


@pytest.fixture
def zos(sim_server: SimServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=connector_url(sim_server), auth=AUTH, timeout=10) as http:
        yield http


def now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat()  # utcnow().isoformat()


def ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201, 202), response.text
    return response.json()


def test_list_jobstreams(zos: httpx.Client) -> None:
    """list_jobstreams.py: the model's job streams by name filter; prints ``key.name``."""
    body = {"filters": {"jobstreamFilter": {"jobStreamName": "JS_C@", "validIn": now()}}}
    found = ok(zos.post("/model/jobstream/header/query", json=body, headers=headers("100")))
    assert {js["key"]["name"] for js in found} == {
        "JS_CARDS_SETTLE",
        "JS_CHEQUE_CLEAR",
        "JS_CRM_SYNC",
        "JS_CUSTOMER_MDM",
        "JS_CREDIT_BUREAU",
        "JS_CASH_MGMT",
        "JS_COLLECTIONS",
    }


def test_list_resources(zos: httpx.Client) -> None:
    """list_resources.py: ``resourceFilter.resourceName``; prints ``key.name``."""
    body = {"filters": {"resourceFilter": {"resourceName": "TAPE@"}}}
    found = ok(zos.post("/model/resource/header/query", json=body, headers=headers("100")))
    assert [res["key"]["name"] for res in found] == ["TAPE_DRV"]
    body = {"filters": {"resourceFilter": {"resourceName": "NO_SUCH@"}}}
    assert ok(zos.post("/model/resource/header/query", json=body, headers=headers("100"))) == []


def test_list_plan_resources(zos: httpx.Client) -> None:
    """list_plan_resources.py: ``resourceInPlanFilter.resourceName``; prints
    ``resourceInPlanKey.name``."""
    body = {"filters": {"resourceInPlanFilter": {"resourceName": "@"}}}
    found = ok(zos.post("/plan/current/resource/query", json=body, headers=headers("100")))
    assert {res["resourceInPlanKey"]["name"] for res in found} == {"TAPE_DRV", "DB2_BATCH_SLOTS"}
    assert ok(zos.post("/plan/current/resource/query", json=body, headers=headers("1"))) == [
        found[0]
    ]


def resource(zos: httpx.Client, name: str) -> dict[str, Any]:
    body = {"filters": {"resourceInPlanFilter": {"resourceName": name}}}
    [found] = ok(zos.post("/plan/current/resource/query", json=body, headers=headers("100")))
    got: dict[str, Any] = ok(zos.get(f"/plan/current/resource/{found['id']}", headers=headers()))
    return got


def test_resources_avail(zos: httpx.Client) -> None:
    """resources_avail.py: query, GET by ``id``, flip the availability, PUT it all back.

    One version of the script changes ``defaultConstraints.isAvailable``, an earlier one
    ``defaultConstraints.zosSpecificAttributes.overriddenAvailability``."""
    res = resource(zos, "TAPE_DRV")
    assert res["defaultConstraints"]["isAvailable"] == "YES"
    assert res["defaultConstraints"]["zosSpecificAttributes"]["overriddenAvailability"] == "YES"
    res["defaultConstraints"]["isAvailable"] = "NO"
    ok(zos.put(f"/plan/current/resource/{res['id']}", json=res, headers=headers()))
    res = resource(zos, "TAPE_DRV")
    assert res["defaultConstraints"]["isAvailable"] == "NO"
    assert res["defaultConstraints"]["zosSpecificAttributes"]["overriddenAvailability"] == "NO"
    res["defaultConstraints"]["zosSpecificAttributes"]["overriddenAvailability"] = "YES"
    ok(zos.put(f"/plan/current/resource/{res['id']}", json=res, headers=headers()))
    assert resource(zos, "TAPE_DRV")["defaultConstraints"]["isAvailable"] == "YES"
    res["defaultConstraints"]["isAvailable"] = "MAYBE"
    bad = zos.put(f"/plan/current/resource/{res['id']}", json=res, headers=headers())
    assert bad.status_code == 400 and bad.json()["exceptionName"]
    missing = zos.get("/plan/current/resource/NO_SUCH_ID", headers=headers())
    assert missing.status_code == 404 and missing.json()["exceptionName"]


def test_an_unavailable_resource_holds_the_jobs_needing_it(zos: httpx.Client) -> None:
    res = resource(zos, "TAPE_DRV")
    res["defaultConstraints"]["isAvailable"] = "NO"
    ok(zos.put(f"/plan/current/resource/{res['id']}", json=res, headers=headers()))
    engine_now = ok(zos.get("/engine/info", headers=headers()))["currentTime"]
    [stream_id] = ok(
        zos.post(
            "/plan/current/jobstream/action/add_jobstream",
            json={"name": "JS_BACKUP_DB", "startTime": engine_now},
            headers=headers(),
        )
    )
    body = {"filters": {"jobInPlanFilter": {"jobStreamId": stream_id, "jobName": "BACKUP_FULL"}}}
    [job] = ok(zos.post("/plan/current/job/query", json=body, headers=headers("100")))
    assert job["status"]["internalStatus"] == "HOLD"
    # Available again, with a second unit (the plan's own backup holds the first one).
    res["defaultConstraints"] |= {"isAvailable": "YES", "quantity": 2}
    ok(zos.put(f"/plan/current/resource/{res['id']}", json=res, headers=headers()))
    [job] = ok(zos.post("/plan/current/job/query", json=body, headers=headers("100")))
    assert job["status"]["internalStatus"] == "EXEC"
    assert resource(zos, "TAPE_DRV")["inUse"] == 2


def test_list_plan_jobstreams(zos: httpx.Client) -> None:
    """list_plan_jobstreams.py names its filter ``"jobStreamInPlanFilter "`` (a trailing
    space): an unknown filter name is ignored, so it lists the plan's job streams (up to
    ``How-Many``); prints ``key.name`` and ``key.startTime``."""
    body = {"filters": {"jobStreamInPlanFilter ": {"jobStreamName": "JS_CARDS_SETTLE"}}}
    found = ok(zos.post("/plan/current/jobstream/query", json=body, headers=headers("100")))
    assert len(found) > 1 and len({js["key"]["name"] for js in found}) > 1
    for js in found:
        assert js["key"]["name"] + " - " + js["key"]["startTime"]


def test_list_jobstreams_inplan_and_plan_ids(sim_server: SimServer, zos: httpx.Client) -> None:
    """list_jobstreams_inplan.py sends ``/plan/{planId}/…`` literally (``requests`` quotes
    the braces): an unknown plan, refused. ``current`` and the plan id the engine reports
    (``planId`` on v2 objects) name the same plan."""
    body = {"filters": {"jobStreamInPlanFilter ": {"jobStreamName": "JS_CARDS_SETTLE"}}}
    literal = zos.post("/plan/%7BplanId%7D/jobstream/query", json=body, headers=headers("100"))
    assert literal.status_code == 404
    assert literal.json()["exceptionName"] and "{planId}" in literal.json()["messages"][0]
    with client(sim_server) as http:
        [stream] = ok(http.get("/api/v2/plan/jobstream", params={"limit": 1}))["results"]
    current = ok(zos.post("/plan/current/jobstream/query", json=body, headers=headers("100")))
    by_id = f"/plan/{stream['planId']}/jobstream/query"
    assert ok(zos.post(by_id, json=body, headers=headers("100"))) == current
    with client(sim_server) as http:  # the distributed engine's v1 paths take it too
        assert ok(http.post(by_id, json=body, headers=headers("100"))) == current


@pytest.mark.parametrize("hold", [None, "false", "true"])
def test_submit_jobstream_and_on_hold(zos: httpx.Client, hold: str | None) -> None:
    """submit_jobstream.py (``name``, ``startTime``) and submit_jobstream_on_hold.py
    (``holdAll`` as the text ``true``/``false``); each prints ``'Submitted: ' + id``."""
    submit = {"name": "JS_SWIFT_MT940", "startTime": now()}
    if hold is not None:
        submit["holdAll"] = hold
    added = zos.post("/plan/current/jobstream/action/add_jobstream", json=submit, headers=headers())
    [stream_id] = ok(added)
    assert isinstance(stream_id, str)
    body = {"filters": {"jobInPlanFilter": {"jobStreamId": stream_id}}}
    jobs = ok(zos.post("/plan/current/job/query", json=body, headers=headers()))
    states = {j["status"]["internalStatus"] for j in jobs}
    assert ("SCHED" in states) is (hold != "true") and states <= {"SCHED", "HOLD"}


def test_submit_jobstream_byid(zos: httpx.Client) -> None:
    """submit_jobstream_byid.py: the definition's ``id`` (``How-Many: 1``), then
    ``submit_jobstream`` with ``inputArrivalTime``."""
    body = {"filters": {"jobstreamFilter": {"jobStreamName": "JS_SWIFT_MT940", "validIn": now()}}}
    found = ok(zos.post("/model/jobstream/header/query", json=body, headers=headers("1")))
    js_id = found[0]["id"]
    submitted = zos.post(
        f"/plan/current/jobstream/{js_id}/action/submit_jobstream",
        json={"inputArrivalTime": now()},
        headers=headers(),
    )
    [new_id] = ok(submitted)
    assert "Submitted: " + new_id


def test_save_joblog(zos: httpx.Client) -> None:
    """save_joblog.py: jobs of a job stream; for each ``GET …/joblog`` and ``log``, or on
    failure ``messages``; names files from ``jobStreamInPlan.{name,startTime}``."""
    body = {"filters": {"jobInPlanFilter": {"jobStreamName": "JS_CARDS_SETTLE"}}}
    jobs = ok(zos.post("/plan/current/job/query", json=body, headers=headers("100")))
    assert jobs
    ended = [j for j in jobs if j["status"]["internalStatus"] in ("SUCC", "ABEND")]
    assert ended
    for job in ended[:3]:
        assert job["jobStreamInPlan"]["name"] + "_" + job["jobStreamInPlan"]["startTime"]
        answer = ok(zos.get(f"/plan/current/job/{job['id']}/joblog", headers=headers()))
        assert job["name"] in answer["log"]
    waiting = next(j for j in jobs if j["status"]["internalStatus"] == "HOLD")
    missing = zos.get(f"/plan/current/job/{waiting['id']}/joblog", headers=headers())
    assert missing.status_code == 404
    assert all(isinstance(message, str) for message in missing.json()["messages"])


def test_an_unknown_engine_is_refused(sim_server: SimServer) -> None:
    url = connector_url(sim_server, "NO_SUCH_ENGINE")
    body = {"filters": {"jobstreamFilter": {"jobStreamName": "@"}}}
    with httpx.Client(base_url=url, auth=AUTH, timeout=10) as http:
        answer = http.post("/model/jobstream/header/query", json=body, headers=headers())
    assert answer.status_code == 404
    assert answer.json()["exceptionName"] == "EngineNotFoundException"
    assert "NO_SUCH_ENGINE" in answer.json()["messages"][0]
    with httpx.Client(base_url=connector_url(sim_server), timeout=10) as http:
        anonymous = http.post("/model/jobstream/header/query", json=body, headers=headers())
    assert anonymous.status_code == 401 and anonymous.json()["exceptionName"]


def wapl(zos: httpx.Client, commands: str) -> str:
    """wapl.py: ``textPost('/wapl', text=cmds)`` (``Content-Type``/``Accept: text/plain``,
    the connection's ``How-Many`` and ``Request-Id``); prints the raw body."""
    text = {"Content-Type": "text/plain", "Accept": "text/plain"}
    answer = zos.post("/wapl", content=commands, headers={**headers(), **text})
    assert answer.status_code in (200, 201, 202) and answer.content, answer.text
    return answer.text


def test_wapl_lists_occurrences_and_operations(zos: httpx.Client) -> None:
    streams = ok(zos.post("/plan/current/jobstream/query", json={}, headers=headers()))
    [payroll] = [s for s in streams if s["key"]["name"] == "JS_PAYROLL"]
    start = datetime.strptime(payroll["key"]["startTime"], "%Y-%m-%dT%H:%M:%S.%fZ")
    ia = start.strftime("%y%m%d%H%M")
    out = wapl(zos, f"LIST CPOC ADID(JS_PAY*) IA({ia})\nLIST CPOPCOM ADID(JS_PAYROLL)")
    lines = out.splitlines()
    assert lines[0].split() == ["JS_PAYROLL", ia, "E"]  # PAYROLL_01 abended
    assert lines[1] == "LIST CPOC: 1 records"
    operations = [line.split() for line in lines[2:-1]]
    assert operations[0] == ["JS_PAYROLL", ia, "001", "FTA01", "PAYROLL_01", "E"]
    assert lines[-1] == f"LIST CPOPCOM: {len(operations)} records"
    failed = wapl(zos, "list cpop adid(JS_%AYROLL) jobname(PAYROLL_0*) status(E)")
    assert [line.split()[4] for line in failed.splitlines()[:-1]] == ["PAYROLL_01"]


@pytest.mark.parametrize(
    ("commands", "message"),
    [
        ("DISPLAY STATUS", "Command DISPLAY STATUS is not served"),
        ("LIST CPOC OWNER(ME)", "EQQI207F Invalid keyword OWNER"),
        ("LIST CPOC ADID(JS_PAYROLL", "EQQI205F Missing right parenthesis for keyword ADID"),
        ("LIST CPOC STATUS(Q)", "EQQI206F Invalid value Q for STATUS"),
    ],
)
def test_wapl_refuses_what_it_does_not_serve(
    zos: httpx.Client, commands: str, message: str
) -> None:
    out = wapl(zos, f"LIST CPOC ADID(NO_SUCH)\n{commands}\nLIST CPOC")
    assert out.splitlines() == ["LIST CPOC: 0 records", out.splitlines()[1]]  # the run ends
    assert out.splitlines()[1].startswith(message)


def test_wapl_is_a_connector_route(sim_server: SimServer, zos: httpx.Client) -> None:
    with client(sim_server) as http:
        text = {"Content-Type": "text/plain"}
        assert http.post("/wapl", content="LIST CPOC", headers=text).status_code == 404
    refused = zos.post("/wapl", content="LIST CPOC", headers=headers())  # JSON content type
    assert refused.status_code == 415 and refused.json()["exceptionName"]
