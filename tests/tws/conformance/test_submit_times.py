"""inputArrivalTime as clients send it: honoured exactly, or refused with 400."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.tws.conformance.calls import JSON, client, v1_time
from tests.tws.conftest import SimServer

ARRIVAL = datetime(2026, 3, 11, 6, 30, 15, 250000, tzinfo=UTC)


@pytest.mark.parametrize(
    "sent",
    [
        int(ARRIVAL.timestamp() * 1000),  # Date.now()
        str(int(ARRIVAL.timestamp() * 1000)),
        "2026-03-11T06:30:15.250Z",  # date +%FT%T.%3NZ, a JavaScript Date
        "2026-03-11T06:30:15.250000",  # utcnow().isoformat()
        "2026-03-11T03:30:15.250-03:00",
    ],
)
def test_arrival_is_honoured(sim_server: SimServer, sent: object) -> None:
    with client(sim_server) as http:
        model = http.post(
            "/model/jobstream/header/query",
            json={"filters": {"jobstreamFilter": {"jobStreamName": "JS_ARCHIVE"}}},
            headers=JSON,
        ).json()[0]
        answer = http.post(
            f"/plan/current/jobstream/{model['id']}/action/submit_jobstream",
            json={"inputArrivalTime": sent},
            headers=JSON,
        )
        assert answer.status_code == 200
        [stream_id] = answer.json()
        streams = http.post(
            "/plan/current/jobstream/query",
            json={"filters": {"jobStreamInPlanFilter": {"jobStreamName": "JS_ARCHIVE"}}},
            headers=JSON,
        ).json()
        mine = next(s for s in streams if s["id"] == stream_id)
        assert v1_time(mine["key"]["startTime"]) == ARRIVAL.replace(tzinfo=None)
        v2 = http.get("/api/v2/plan/jobstream", params={"oql": "name = 'JS_ARCHIVE'"}).json()
        assert "2026-03-11T06:30:15Z" in {s["startTime"] for s in v2["results"]}


@pytest.mark.parametrize("sent", ["tomorrow", "2026-13-01T00:00:00Z", True, {"at": 1}])
def test_unparseable_arrival_is_refused(sim_server: SimServer, sent: object) -> None:
    with client(sim_server) as http:
        model = http.post(
            "/model/jobstream/header/query",
            json={"filters": {"jobstreamFilter": {"jobStreamName": "JS_ARCHIVE"}}},
            headers=JSON,
        ).json()[0]
        v2_model = http.get("/api/v2/model/jobstream", params={"oql": "name = 'JS_ARCHIVE'"})
        v2_id = v2_model.json()["results"][0]["def"]["id"]  # v2 names the model by a UUID
        before = len(
            http.get("/api/v2/plan/jobstream", params={"oql": "name = 'JS_ARCHIVE'"}).json()[
                "results"
            ]
        )
        for path, body in [
            (
                f"/plan/current/jobstream/{model['id']}/action/submit_jobstream",
                {"inputArrivalTime": sent},
            ),
            (f"/api/v2/plan/jobstream/{v2_id}/submit", {"inputArrivalTime": sent}),
        ]:
            answer = http.post(path, json=body, headers=JSON)
            assert answer.status_code == 400 and answer.json()["exceptionName"]
        after = len(
            http.get("/api/v2/plan/jobstream", params={"oql": "name = 'JS_ARCHIVE'"}).json()[
                "results"
            ]
        )
        assert after == before
