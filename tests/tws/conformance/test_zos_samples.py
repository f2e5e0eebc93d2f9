"""WAdev0/TWSzOS_REST_API_Python_samples: their v1 calls, sent to the distributed engine.

The scripts talk to the z/OS connector (``/twsz/v1/{engine}``), which the simulator does
not serve; what they send after that prefix is the same v1 API, so it is replayed here
under ``/twsd``. z/OS-only routes (resources, ``/plan/{planId}``) are not covered.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.tws.conformance.calls import WACONN, client
from tests.tws.conftest import SimServer


def test_list_jobstreams_in_the_model(sim_server: SimServer) -> None:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat()
    with client(sim_server) as http:
        found = http.post(
            "/model/jobstream/header/query",
            json={"filters": {"jobstreamFilter": {"jobStreamName": "JS_C@", "validIn": now}}},
            headers={**WACONN, "How-Many": "100"},
        ).json()
        assert {js["key"]["name"] for js in found} == {
            "JS_CARDS_SETTLE",
            "JS_CHEQUE_CLEAR",
            "JS_CRM_SYNC",
            "JS_CUSTOMER_MDM",
            "JS_CREDIT_BUREAU",
            "JS_CASH_MGMT",
            "JS_COLLECTIONS",
        }


def test_add_jobstream_with_and_without_hold(sim_server: SimServer) -> None:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat()
    with client(sim_server) as http:
        for hold, scheduled in (("false", True), ("true", False)):
            answer = http.post(
                "/plan/current/jobstream/action/add_jobstream",
                json={"name": "JS_SWIFT_MT940", "startTime": now, "holdAll": hold},
                headers=WACONN,
            )
            assert answer.status_code == 200
            [stream_id] = answer.json()
            jobs = http.post(
                "/plan/current/job/query",
                json={"filters": {"jobInPlanFilter": {"jobStreamId": stream_id}}},
                headers=WACONN,
            ).json()
            states = {j["status"]["internalStatus"] for j in jobs}
            assert ("SCHED" in states) is scheduled and states <= {"SCHED", "HOLD"}


def test_save_joblog(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        jobs = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobStreamName": "JS_CARDS_SETTLE"}}},
            headers={**WACONN, "How-Many": "100"},
        ).json()
        ended = [j for j in jobs if j["status"]["internalStatus"] in ("SUCC", "ABEND")]
        assert ended
        for job in ended[:3]:
            response = http.get(f"/plan/current/job/{job['id']}/joblog", headers=WACONN)
            assert response.status_code == 200 and job["name"] in response.json()["log"]
            assert job["jobStreamInPlan"]["name"] and job["jobStreamInPlan"]["startTime"]
        waiting = next(j for j in jobs if j["status"]["internalStatus"] == "HOLD")
        missing = http.get(f"/plan/current/job/{waiting['id']}/joblog", headers=WACONN)
        assert missing.status_code == 404 and missing.json()["messages"]
