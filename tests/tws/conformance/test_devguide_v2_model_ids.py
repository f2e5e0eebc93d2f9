"""v2 model ids: UUIDs, as the guide's model examples show, taken by every v2 model route.

v1 keeps the simulator's keys (``JS…``, ``WS;NAME``), as HCL's v1 samples show them; a
key of one API is refused by the other.
"""

from __future__ import annotations

from tests.tws.conformance.calls import WACONN, client
from tests.tws.conformance.test_devguide_v2 import one, uuids
from tests.tws.conformance.test_python_samples import _model_id
from tests.tws.conftest import SimServer


def test_a_job_stream_model_id_round_trips_on_every_v2_route(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        model = one(http, "/api/v2/model/jobstream", "name = 'JS_PAYROLL'")
        model_id = model["def"]["id"]
        assert uuids(model_id)
        for value in (model_id, model_id.upper()):
            answer = http.get(f"/api/v2/model/jobstream/{value}")
            assert answer.status_code == 200 and answer.json() == model
        assert one(http, "/api/v2/model/jobstream", f"id = '{model_id}'") == model
        submitted = http.post(f"/api/v2/plan/jobstream/{model_id.upper()}/submit")
        assert submitted.status_code == 200, submitted.text
        stream_id = submitted.json()["results"][0]["id"]
        stream = http.get(f"/api/v2/plan/jobstream/{stream_id}").json()
        assert stream["modelId"] == model_id and stream["name"] == "JS_PAYROLL"
        again = one(http, "/api/v2/model/jobstream", "name = 'JS_PAYROLL'")
        assert again["def"]["id"] == model_id  # stable


def test_v1_keeps_its_model_keys_and_v2_refuses_them(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        v1_id = _model_id(http, "JS_PAYROLL")
        assert v1_id.startswith("JS")
        assert http.get(f"/model/jobstream/{v1_id}", headers=WACONN).status_code == 200
        v2_id = one(http, "/api/v2/model/jobstream", "name = 'JS_PAYROLL'")["def"]["id"]
        assert v2_id != v1_id
        for path in (f"/api/v2/model/jobstream/{v1_id}", f"/model/jobstream/{v2_id}"):
            refused = http.get(path, headers=WACONN)
            assert refused.status_code == 404 and refused.json()["exceptionName"], path
        refused = http.post(f"/api/v2/plan/jobstream/{v1_id}/submit")
        assert refused.status_code == 404 and refused.json()["exceptionName"]
        assert http.put(f"/api/v2/model/jobstream/{v1_id}", json={}).status_code == 404


def test_a_job_definition_id_round_trips(sim_server: SimServer) -> None:
    with client(sim_server) as http:
        definition = one(http, "/api/v2/model/jobdefinition", "name = 'DAILY_02'")
        definition_id = definition["def"]["id"]
        assert uuids(definition_id, definition["def"]["workstationId"])
        for value in (definition_id, definition_id.upper()):
            assert http.get(f"/api/v2/model/jobdefinition/{value}").json() == definition
        found = one(http, "/api/v2/model/jobdefinition", f"id = '{definition_id}'")
        assert found == definition
        missing = http.get("/api/v2/model/jobdefinition/AGT01%3BDAILY_02")
        assert missing.status_code == 404 and missing.json()["exceptionName"]
