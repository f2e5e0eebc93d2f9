"""WAdev0/WA_REST_API_Node_samples ``submit_jobstream.js``, call by call.

``request`` with ``sendImmediately: false`` sends each call without credentials first
and answers the 401 challenge; ``json:`` bodies carry ``Date.now()`` (epoch ms) and
JavaScript ``Date`` objects (ISO with milliseconds).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.tws.conformance.calls import AUTH, v1_time
from tests.tws.conftest import START, SimServer


def js_date(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def post(http: httpx.Client, path: str, body: object, **headers: str) -> httpx.Response:
    challenge = http.post(path, json=body, headers=headers)
    assert challenge.status_code == 401
    assert challenge.headers["www-authenticate"].lower().startswith("basic")
    return http.post(path, json=body, headers=headers, auth=AUTH)


def test_make_and_submit_with_a_delay(sim_server: SimServer) -> None:
    iatime = int((START + timedelta(minutes=5)).timestamp() * 1000)  # the engine's "now"
    delay = 60
    with httpx.Client(base_url=sim_server.url, timeout=10) as http:
        filters = {
            "jobStreamName": "JS_FX_RATES",
            "workstationName": "AGT_LNX01",
            "validIn": iatime,
        }
        found = post(
            http,
            "/model/jobstream/header/query",
            {"filters": {"jobstreamFilter": filters}},
            **{"How-Many": "1"},
        )
        body = found.json()
        assert len(body) > 0
        js = body[0]
        made = post(
            http,
            f"/plan/current/jobstream/{js['id']}/action/make_jobstream",
            {"inputArrivalTime": js_date(datetime.fromtimestamp(iatime / 1000, UTC))},
        )
        assert made.status_code == 200
        jsi = made.json()
        jsi["timeRestriction"]["timeDependent"] = True
        start = datetime.fromtimestamp(iatime / 1000 + delay * 60, UTC)
        jsi["timeRestriction"]["startTime"] = js_date(start)
        submit = {
            "inputArrivalTime": iatime,
            "jobstream": jsi,
            "variableTable": [{"key": "URL", "value": "http://example.invalid/post"}],
        }
        submitted = post(http, "/plan/current/jobstream/action/submit_jobstream", submit)
        assert submitted.status_code == 200
        [stream_id] = submitted.json()
        streams = http.post(
            "/plan/current/jobstream/query",
            json={"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_FX_RATES"}}},
            auth=AUTH,
        ).json()
        mine = next(s for s in streams if s["id"] == stream_id)
        assert v1_time(mine["key"]["startTime"]) == datetime.fromtimestamp(iatime / 1000)
        assert v1_time(mine["timeRestriction"]["startTime"]) == start.replace(tzinfo=None)
        jobs = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobStreamId": stream_id}}},
            auth=AUTH,
        ).json()
        assert jobs and {j["status"]["internalStatus"] for j in jobs} <= {"SCHED", "HOLD"}
        http.post("/sim/clock/advance", json={"seconds": (delay + 10) * 60}, auth=AUTH)
        later = http.post(
            "/plan/current/job/query",
            json={"filters": {"jobInPlanFilter": {"jobStreamId": stream_id}}},
            auth=AUTH,
        ).json()
        assert "SCHED" not in {j["status"]["internalStatus"] for j in later}
